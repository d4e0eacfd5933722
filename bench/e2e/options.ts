import type { DatabaseKind } from './database.js';

/** Knobs of the end-to-end bench; defaults keep `--only e2e` within a few minutes. */
export interface E2eOptions {
  /** Existing users in the main matrix. */
  users: number;
  /** Opt-in: compare single-instance scenarios at `users` and at this many existing users (e.g. 1,000,000). */
  bigUsers: number | null;
  /** Alternating rounds per phase in that comparison (medians are compared). */
  rounds: number;
  /** Rounds of each phase of the main matrix; rows report medians. */
  mainRounds: number;
  /** Timed logins per scenario. */
  logins: number;
  /** Untimed logins before each scenario (JIT-compiles the hot paths, fills caches). */
  warmup: number;
  /** Concurrent connections per server instance. */
  connections: number;
  databases: DatabaseKind[];
  instances: number[];
  /** Fixed arrival rate of the latency probe (single instance, repeat logins); 0 skips it. */
  pacedRate: number;
  pacedLogins: number;
  /** Profile one single-instance SQLite server under load with `node --cpu-prof`. */
  profile: boolean;
  /** Opt-in memory soak: this many repeat logins in ten chunks, heap after GC between chunks. */
  soak: number;
  postgresUrl: string;
  /** PostgreSQL pool size per instance. */
  poolSize: number;
  /** Lifetime of the signed assertions (they are signed just before their phase runs). */
  validitySeconds: number;
  /**
   * `server.verifierThreads` of the servers, per database. PostgreSQL runs on the same two
   * cores here, and its backends need the core a verifier thread would take (docs/performance.md).
   */
  verifierThreads: Record<DatabaseKind, number | 'auto'>;
}

export const DEFAULT_E2E_OPTIONS: E2eOptions = {
  users: 1_000,
  bigUsers: null,
  rounds: 3,
  mainRounds: 3,
  logins: 10_000,
  warmup: 500,
  connections: 16,
  databases: ['sqlite', 'postgres'],
  instances: [1, 2],
  pacedRate: 200,
  pacedLogins: 1_000,
  profile: true,
  soak: 0,
  postgresUrl: 'postgres://postgres@127.0.0.1:5432/test',
  poolSize: 10,
  validitySeconds: 600,
  verifierThreads: { sqlite: 'auto', postgres: 0 },
};

export const E2E_USAGE = `node dist/bench/e2e/cli.js [options]     (or: npm run bench -- --only e2e)
  --users N            also compare single-instance scenarios at --base-users and at N existing users
                       (e.g. 1000000): both databases seeded, servers for both up, phases run in
                       alternating rounds (half of --logins each) and medians compared
  --rounds N           rounds per phase in that comparison (default 3)
  --main-rounds N      rounds of each phase of the main matrix, medians reported (default 3)
  --base-users N       existing users of the main matrix (default 1000)
  --logins N           timed logins per scenario (default 10000)
  --warmup N           untimed logins before each scenario (default 500)
  --connections N      concurrent connections per instance (default 16)
  --db sqlite,postgres databases to run (default both)
  --instances 1,2      instance counts to run (default both)
  --paced-rate N       fixed-rate latency probe, logins/s (default 200; 0 = off)
  --paced-logins N     logins of the latency probe (default 1000)
  --soak N             memory soak: N repeat logins on one SQLite instance (default off)
  --no-profile         skip the --cpu-prof run
  --pg URL             PostgreSQL server (default postgres://postgres@127.0.0.1:5432/test)
  --pool-size N        PostgreSQL connections per instance (default 10)
  --verifier-threads X server.verifierThreads of every server: auto or 0-64 (default: auto on SQLite,
                       0 on PostgreSQL, which shares the machine's cores)
  --validity S         lifetime of the signed assertions in seconds (default 600; short values let a
                       long --soak show the replay cache being purged)
Environment: FRONTDESK_BENCH_E2E="--users 1000000 ..." passes the same options through npm run bench.`;

function count(flag: string, value: string | undefined, min = 0): number {
  const n = Number(value?.replace(/[_,]/g, ''));
  if (value === undefined || !Number.isInteger(n) || n < min)
    throw new Error(`${flag} needs an integer ≥ ${min}`);
  return n;
}

/** Parses e2e flags (also used for FRONTDESK_BENCH_E2E, split on whitespace). */
export function parseE2eArgs(argv: readonly string[], base: E2eOptions = DEFAULT_E2E_OPTIONS): E2eOptions {
  const o: E2eOptions = { ...base, databases: [...base.databases], instances: [...base.instances] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => argv[++i];
    switch (flag) {
      case '--users':
        o.bigUsers = count(flag, value(), 1);
        break;
      case '--rounds':
        o.rounds = count(flag, value(), 1);
        break;
      case '--main-rounds':
        o.mainRounds = count(flag, value(), 1);
        break;
      case '--base-users':
        o.users = count(flag, value(), 1);
        break;
      case '--logins':
        o.logins = count(flag, value(), 100);
        break;
      case '--warmup':
        o.warmup = count(flag, value());
        break;
      case '--connections':
        o.connections = count(flag, value(), 1);
        break;
      case '--db': {
        const list = (value() ?? '').split(',').filter(Boolean);
        if (list.length === 0 || list.some((d) => d !== 'sqlite' && d !== 'postgres'))
          throw new Error('--db takes sqlite, postgres or both');
        o.databases = list as DatabaseKind[];
        break;
      }
      case '--instances': {
        const list = (value() ?? '').split(',').map((v) => count(flag, v, 1));
        if (list.length === 0) throw new Error('--instances takes e.g. 1,2');
        o.instances = list;
        break;
      }
      case '--paced-rate':
        o.pacedRate = count(flag, value());
        break;
      case '--paced-logins':
        o.pacedLogins = count(flag, value(), 100);
        break;
      case '--soak':
        o.soak = count(flag, value());
        break;
      case '--verifier-threads': {
        const v = value();
        const threads = v === 'auto' ? 'auto' : count(flag, v);
        o.verifierThreads = { sqlite: threads, postgres: threads };
        break;
      }
      case '--no-profile':
        o.profile = false;
        break;
      case '--pg': {
        const url = value();
        if (!url || !/^postgres(ql)?:\/\//.test(url)) throw new Error('--pg needs a postgres:// URL');
        o.postgresUrl = url;
        break;
      }
      case '--validity':
        o.validitySeconds = count(flag, value(), 60);
        break;
      case '--pool-size':
        o.poolSize = count(flag, value(), 2);
        break;
      default:
        throw new Error(`unknown e2e option ${flag}\n${E2E_USAGE}`);
    }
  }
  return o;
}

/** Options from FRONTDESK_BENCH_E2E, for runs started through `npm run bench -- --only e2e`. */
export function e2eOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): E2eOptions {
  const text = env.FRONTDESK_BENCH_E2E?.trim();
  return text ? parseE2eArgs(text.split(/\s+/)) : { ...DEFAULT_E2E_OPTIONS };
}
