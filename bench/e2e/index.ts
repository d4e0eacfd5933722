import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTestKeys } from '../../test/support/keys.js';
import type { BenchModule, BenchOptions, BenchOutcome } from '../lib/bench-module.js';
import { machineInfo } from '../lib/machine.js';
import type { DatabaseKind } from './database.js';
import { e2eOptionsFromEnv, type E2eOptions } from './options.js';
import { runPaired } from './paired.js';
import { summarizeServerProfile, type ServerProfile } from './profile.js';
import {
  CONTENDED_CORES,
  contended,
  evaluateTargets,
  renderProfile,
  renderRows,
  renderTargets,
} from './report.js';
import {
  runGroup,
  type GroupContext,
  type GroupResult,
  type GroupSpec,
  type PhaseSpec,
} from './scenarios.js';

const log = (message: string) => process.stderr.write(`[e2e] ${message}\n`);

function phasesFor(options: E2eOptions, instances: number): PhaseSpec[] {
  const connections = options.connections * instances;
  const phases: PhaseSpec[] = [
    { kind: 'fresh', logins: options.logins, warmup: options.warmup, connections, rate: null },
    { kind: 'repeat', logins: options.logins, warmup: options.warmup, connections, rate: null },
  ];
  if (instances === 1 && options.pacedRate > 0) {
    // One connection at a capped rate: the latency of a login on a server that is not queueing.
    phases.push({
      kind: 'repeat-paced',
      logins: options.pacedLogins,
      warmup: Math.min(options.warmup, 200),
      connections: 1,
      rate: options.pacedRate,
    });
  }
  return phases;
}

/** One single-instance group per side of the user-count comparison, both with the same phases. */
function comparisonPair(options: E2eOptions, db: DatabaseKind, bigUsers: number): [GroupSpec, GroupSpec] {
  const perRound = Math.max(1_000, Math.round(options.logins / 2));
  const phases = phasesFor(
    { ...options, logins: perRound, pacedLogins: Math.round(options.pacedLogins / 2) },
    1,
  );
  const side = (users: number): GroupSpec => ({
    name: `cmp-${db}-${users}`,
    db,
    instances: 1,
    users,
    phases,
  });
  return [side(options.users), side(bigUsers)];
}

/** What to run: single groups, and side-by-side pairs for the user-count comparison. */
export type PlanItem = { kind: 'group'; spec: GroupSpec } | { kind: 'pair'; specs: [GroupSpec, GroupSpec] };

/** The scenario matrix: databases × instance counts at the base user count, then the opt-ins. */
export function planGroups(options: E2eOptions, profileDir: string): PlanItem[] {
  const groups: GroupSpec[] = [];
  const pairs: PlanItem[] = [];
  if (options.bigUsers !== null) {
    for (const db of options.databases)
      pairs.push({ kind: 'pair', specs: comparisonPair(options, db, options.bigUsers) });
  }
  for (const db of options.databases) {
    for (const instances of options.instances) {
      groups.push({
        name: `${db}-x${instances}-${options.users}`,
        db,
        instances,
        users: options.users,
        phases: phasesFor(options, instances),
        rounds: options.mainRounds,
      });
    }
  }
  if (options.profile) {
    for (const db of options.databases) {
      for (const kind of ['fresh', 'repeat'] as const) {
        const name = `profile-${db}-${kind}`;
        groups.push({
          name,
          db,
          instances: 1,
          users: options.users,
          cpuProfileDir: join(profileDir, name),
          phases: [
            {
              kind,
              logins: Math.min(options.logins, 4_000),
              warmup: Math.min(options.warmup, 300),
              connections: options.connections,
              rate: null,
            },
          ],
        });
      }
    }
  }
  if (options.soak > 0) {
    const chunk = Math.ceil(options.soak / 10);
    groups.push({
      name: `soak-sqlite-${options.soak}`,
      db: 'sqlite',
      instances: 1,
      users: options.users,
      phases: Array.from({ length: 10 }, (_, i) => ({
        kind: 'repeat' as const,
        logins: chunk,
        warmup: i === 0 ? options.warmup : 0,
        connections: options.connections,
        rate: null,
      })),
    });
  }
  // The comparison runs after the main matrix so the headline figures come first.
  return [...groups.map((spec): PlanItem => ({ kind: 'group', spec })), ...pairs];
}

export interface E2eResult {
  options: E2eOptions;
  groups: GroupResult[];
  profiles: Record<string, ServerProfile | null>;
  targets: ReturnType<typeof evaluateTargets>;
}

/**
 * The end-to-end login benchmark: real Frontdesk server processes over HTTP on SQLite and
 * PostgreSQL, driven by autocannon from another process with pools of distinct, freshly
 * signed assertions. Prints a table, the targets, the server profile, and a `BENCH_E2E_JSON`
 * line; returns the same data.
 */
export async function runE2e(options: E2eOptions): Promise<E2eResult> {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-e2e-'));
  const profileDir = join(dir, 'profiles');
  try {
    log('making the IdP key (openssl)');
    const key = getTestKeys().idp;
    const ctx: GroupContext = { options, key, dir, log };
    const plan = planGroups(options, profileDir);
    const groups: GroupResult[] = [];
    const profiles: Record<string, ServerProfile | null> = {};
    for (const item of plan) {
      if (item.kind === 'pair') {
        groups.push(...(await runPaired(ctx, item.specs, options.rounds)));
        continue;
      }
      const { spec } = item;
      if (spec.cpuProfileDir) mkdirSync(spec.cpuProfileDir, { recursive: true });
      groups.push(await runGroup(ctx, spec));
      if (spec.cpuProfileDir) profiles[spec.name] = summarizeServerProfile(spec.cpuProfileDir);
    }
    const targets = evaluateTargets(groups, options.users, options.bigUsers);
    print(options, groups, profiles, targets);
    const result: E2eResult = { options, groups, profiles, targets };
    console.log(`BENCH_E2E_JSON ${JSON.stringify({ machine: machineInfo(), ...result })}`);
    return result;
  } finally {
    // FRONTDESK_BENCH_KEEP=1 keeps the databases and raw CPU profiles for a closer look.
    if (process.env.FRONTDESK_BENCH_KEEP === '1') console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

function print(
  options: E2eOptions,
  groups: readonly GroupResult[],
  profiles: Record<string, ServerProfile | null>,
  targets: ReturnType<typeof evaluateTargets>,
): void {
  const first = groups[0];
  console.log('\nEnd-to-end logins over HTTP (ACS POST → 302), load from a separate autocannon process');
  console.log(
    `JIT provisioner in the server: ${first?.provisioner ?? '?'}; ${options.logins.toLocaleString('en-US')} timed logins ` +
      `per scenario after ${options.warmup.toLocaleString('en-US')} warm-up; every login a distinct RSA-2048-signed assertion; ` +
      `server.verifierThreads: sqlite ${options.verifierThreads.sqlite}, postgres ${options.verifierThreads.postgres}`,
  );
  console.log(renderRows(groups));
  if (groups.some((g) => g.phases.some(contended))) {
    console.log(
      `  * other work on the machine took more than ${CONTENDED_CORES} of its cores during this run: ` +
        'its figures understate Frontdesk (see the last "cores" figure)',
    );
  }
  const failing = groups.flatMap((g) => g.phases).filter((p) => p.errors > 0 || !p.replayRefused);
  for (const p of failing) {
    console.log(
      `  ! ${p.group} ${p.phase}: ${p.errors} errors, statuses ${JSON.stringify(p.statuses)}, codes ${JSON.stringify(p.errorCodes)}` +
        `${p.failureReferences.length ? `, references ${p.failureReferences.slice(0, 3).join(' ')}` : ''}` +
        `${p.replayRefused ? '' : ', REPLAY NOT REFUSED'}` +
        `${p.loggedErrors.length ? `, server log: ${p.loggedErrors[0]}` : ''}`,
    );
  }
  const proofs = groups.flatMap((g) => g.proofs);
  const accepted = proofs.reduce((n, p) => n + p.accepted, 0);
  const checked = proofs.reduce((n, p) => n + p.checked, 0);
  console.log(
    `Pool proof: xmlsec1 accepted ${accepted}/${checked} sampled assertions, refused ${proofs.filter((p) => p.tamperedRejected).length}/${proofs.length} tampered; ` +
      `replay of a used assertion refused in ${groups.flatMap((g) => g.phases).filter((p) => p.replayRefused).length}/${groups.flatMap((g) => g.phases).length} runs`,
  );
  for (const g of groups) {
    if (!g.tables) continue;
    const t = g.tables;
    const logins = g.phases.reduce((n, p) => n + p.requests, 0);
    console.log(
      `Rows left in ${g.name} after ${logins.toLocaleString('en-US')} timed logins (+ warm-up): users ${t.users.toLocaleString('en-US')}, ` +
        `login history ${t.loginHistory.toLocaleString('en-US')}, replay cache ${t.replayCache.toLocaleString('en-US')}, ` +
        `sessions ${t.sessions.toLocaleString('en-US')}, outstanding requests ${t.outstandingRequests.toLocaleString('en-US')}`,
    );
  }
  console.log('\nTargets');
  console.log(renderTargets(targets));
  for (const [name, profile] of Object.entries(profiles)) {
    if (profile) console.log(`\nCPU profile of the server, ${name}\n${renderProfile(name, profile)}`);
  }
}

/** `npm run bench -- --only e2e`: options come from FRONTDESK_BENCH_E2E (the runner's flags are for the verifier). */
export async function runBench(_options: BenchOptions): Promise<BenchOutcome> {
  const result = await runE2e(e2eOptionsFromEnv());
  return { module: 'e2e', result };
}

export default { runBench } satisfies BenchModule;
