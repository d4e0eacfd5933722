import type { BenchPerson } from './assertion.js';

/** The profile every bench user gets: a JIT-assignable one (no administrative permission). */
export const BENCH_PROFILE = 'Standard User';

/**
 * The n-th seeded user (1-based). The seeder and the repeat-login assertions both derive the
 * user from its number, so a repeat login names exactly what the database holds.
 */
export function seededPerson(n: number): BenchPerson {
  return {
    federationId: `fed-${n}`,
    username: `user${n}@bench.example`,
    email: `user${n}@bench.example`,
    firstName: 'Bench',
    lastName: `User${n}`,
    profile: BENCH_PROFILE,
  };
}

/**
 * A repeat login of seeded user `n`. The first name changes on every login so that JIT
 * really writes an update each time (the conservative case: unchanged attributes could
 * let the provisioner skip the UPDATE).
 */
export function repeatPerson(n: number, login: number): BenchPerson {
  return { ...seededPerson(n), firstName: `Bench${login.toString(36)}` };
}

/** A first login: somebody the database has never seen. `tag` keeps runs on one database apart. */
export function freshPerson(tag: string, n: number): BenchPerson {
  return {
    federationId: `new-${tag}-${n}`,
    username: `new${n}.${tag}@bench.example`,
    email: `new${n}.${tag}@bench.example`,
    firstName: 'Fresh',
    lastName: `Newcomer${n}`,
    profile: BENCH_PROFILE,
  };
}
