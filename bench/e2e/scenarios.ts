import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseConfig } from '../../src/config/index.js';
import type { KeyMaterial } from '../../test/support/keys.js';
import { combineRounds } from './rounds.js';
import { BENCH_IDENTITY, BENCH_SETTING, RELAY_TARGET, benchConfigInput } from './config.js';
import {
  dropDatabase,
  failureCodes,
  postgresDatabase,
  prepareDatabase,
  sqliteDatabase,
  tableCounts,
  type BenchDatabase,
  type DatabaseKind,
  type TableCounts,
} from './database.js';
import { runLoad, type LatencySummary, type LoadResult } from './load.js';
import { backendDeltaMs, cpuSnapshot } from './machine-cpu.js';
import type { E2eOptions } from './options.js';
import { generatePool, type Pool } from './pool.js';
import { provePool, type PoolProof } from './pool-proof.js';
import { seedUsers } from './seed.js';
import type { ServerStats } from './server-process.js';
import { startServers, type ServerHandle } from './servers.js';

export type PhaseKind = 'fresh' | 'repeat' | 'repeat-paced';

/** One timed run inside a group. */
export interface PhaseSpec {
  kind: PhaseKind;
  logins: number;
  warmup: number;
  /** Connections in total (all instances). */
  connections: number;
  /** Fixed arrival rate, logins/s; null = closed loop, as fast as answered. */
  rate: number | null;
}

/** Servers on one fresh database: `instances` processes, `users` seeded users, phases in order. */
export interface GroupSpec {
  name: string;
  db: DatabaseKind;
  instances: number;
  users: number;
  phases: PhaseSpec[];
  cpuProfileDir?: string | null;
  /** Times the phases run; each row reports the medians (default 1). */
  rounds?: number;
}

const MB = 1024 * 1024;
const ACS_PATH = `/sp/saml/acs/${BENCH_SETTING}`;

export interface MemoryFigures {
  /** Per instance, MB. */
  rssBefore: number[];
  rssAfter: number[];
  maxRss: number[];
  heapAfterGcBefore: number[];
  heapAfterGcAfter: number[];
}

export interface PhaseResult {
  group: string;
  phase: PhaseKind;
  db: DatabaseKind;
  instances: number;
  users: number;
  connections: number;
  rate: number | null;
  requests: number;
  logins: number;
  errors: number;
  statuses: Record<string, number>;
  errorCodes: Record<string, number>;
  failureReferences: string[];
  seconds: number;
  loginsPerSec: number;
  latencyMs: LatencySummary;
  memory: MemoryFigures;
  /** CPU time of all server processes during the timed run. */
  serverCpuMs: number;
  /** Share of the timed run each server's main thread was busy (1 = saturated: the event loop is the limit). */
  eventLoopUtilization: number[];
  /** SQL statements all servers sent during the timed run (BEGIN/COMMIT included). */
  statements: number;
  loadCpuMs: number;
  /** This run's PostgreSQL backends during the timed run (0 for SQLite). */
  postgresCpuMs: number;
  /** Busy time of the whole machine during the timed run; what is left after servers, load and PostgreSQL is other work. */
  machineBusyMs: number;
  /** 1-minute load average when the run started (other work on the machine skews results). */
  loadAverage: number;
  /** The first timed login, posted again afterwards: must be refused (403). */
  replayRefused: boolean;
  loggedErrors: string[];
  /** Paired comparisons: each round's figures (the row itself holds their medians). */
  rounds?: Array<{ loginsPerSec: number; p50: number; p99: number; otherCores: number }>;
}

export interface GroupResult {
  name: string;
  db: DatabaseKind;
  instances: number;
  users: number;
  provisioner: string;
  /** `server.verifierThreads` as configured. */
  verifierThreads: number | 'auto';
  seedSeconds: number;
  pools: Array<{ name: string; count: number; seconds: number; mb: number }>;
  proofs: PoolProof[];
  phases: PhaseResult[];
  tables: TableCounts | null;
}

export interface GroupContext {
  options: E2eOptions;
  key: KeyMaterial;
  dir: string;
  log: (message: string) => void;
}

const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
const cpuMs = (s: ServerStats) => s.cpuUserMs + s.cpuSystemMs;

function newDatabase(ctx: GroupContext, spec: GroupSpec): BenchDatabase {
  return spec.db === 'sqlite'
    ? sqliteDatabase(ctx.dir, spec.name)
    : postgresDatabase(ctx.options.postgresUrl);
}

async function makePool(
  ctx: GroupContext,
  name: string,
  kind: 'fresh' | 'repeat',
  count: number,
  users: number,
): Promise<Pool> {
  return generatePool({
    name,
    kind,
    count,
    tag: name,
    userCount: users,
    identity: BENCH_IDENTITY,
    relayState: RELAY_TARGET,
    validitySeconds: ctx.options.validitySeconds,
    privateKeyPem: ctx.key.privateKeyPem,
    dir: ctx.dir,
  });
}

/** The load generator keeps a little slack: a reconnecting client may burn an entry. */
const slack = (connections: number) => connections * 2 + 16;

async function postAgain(server: ServerHandle, body: string): Promise<number> {
  const response = await fetch(`${server.url}${ACS_PATH}`, {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'frontdesk-bench-e2e' },
  });
  await response.arrayBuffer();
  return response.status;
}

async function runPhase(
  ctx: GroupContext,
  spec: GroupSpec,
  db: BenchDatabase,
  servers: ServerHandle[],
  phase: PhaseSpec,
  pools: { warm: Pool | null; timed: Pool },
): Promise<PhaseResult> {
  const targets = servers.map((s) => s.url);
  const common = { targets, path: ACS_PATH, relayTarget: RELAY_TARGET, connections: phase.connections };
  const rate = phase.rate === null ? {} : { overallRate: phase.rate };
  if (pools.warm) {
    ctx.log(`${spec.name} ${phase.kind}: warm-up, ${phase.warmup} logins`);
    const warm = await runLoad({ ...common, ...rate, poolFiles: pools.warm.files, amount: phase.warmup });
    if (warm.ok < warm.responses) ctx.log(`  warm-up: ${warm.responses - warm.ok} failed`);
  }
  const before = await Promise.all(servers.map((s) => s.stats(true)));
  const since = new Date(Date.now() - 1000);
  const loadAverage = loadavg()[0]!;
  const cpuBefore = await cpuSnapshot(db);
  ctx.log(`${spec.name} ${phase.kind}: ${phase.logins} timed logins`);
  const result: LoadResult = await runLoad({
    ...common,
    ...rate,
    poolFiles: pools.timed.files,
    amount: phase.logins,
  });
  const cpuAfter = await cpuSnapshot(db);
  const after = await Promise.all(servers.map((s) => s.stats(true)));
  const errors = result.responses - result.ok + result.connectionErrors + result.timeouts;
  const errorCodes = result.ok < result.responses ? await failureCodes(db, since) : {};
  const firstBody = readFileSync(pools.timed.files[0]!, 'utf8').split('\n', 1)[0]!;
  const replayStatus = await postAgain(servers[servers.length - 1]!, firstBody);
  const row: PhaseResult = {
    group: spec.name,
    phase: phase.kind,
    db: spec.db,
    instances: spec.instances,
    users: spec.users,
    connections: phase.connections,
    rate: phase.rate,
    requests: result.responses,
    logins: result.ok,
    errors,
    statuses: result.statuses,
    errorCodes,
    failureReferences: result.failureReferences,
    seconds: result.seconds,
    loginsPerSec: result.loginsPerSec,
    latencyMs: result.latencyMs,
    memory: {
      rssBefore: before.map((s) => mb(s.rssBytes)),
      rssAfter: after.map((s) => mb(s.rssBytes)),
      maxRss: after.map((s) => mb(s.maxRssBytes)),
      heapAfterGcBefore: before.map((s) => mb(s.heapUsedBytes)),
      heapAfterGcAfter: after.map((s) => mb(s.heapUsedBytes)),
    },
    serverCpuMs: after.reduce((n, s, i) => n + cpuMs(s) - cpuMs(before[i]!), 0),
    eventLoopUtilization: after.map(
      (s, i) =>
        Math.round(((s.eventLoopBusyMs - before[i]!.eventLoopBusyMs) / (result.seconds * 1000)) * 100) / 100,
    ),
    statements: after.reduce((n, s, i) => n + s.statements - before[i]!.statements, 0),
    loadCpuMs: result.loadCpuMs,
    postgresCpuMs: backendDeltaMs(cpuBefore, cpuAfter),
    machineBusyMs: result.machineBusyMs,
    loadAverage,
    replayRefused: replayStatus === 403,
    loggedErrors: after.flatMap((s) => s.firstLogged),
  };
  ctx.log(
    `  ${row.loginsPerSec.toFixed(0)} logins/s, p50 ${row.latencyMs.p50.toFixed(1)} ms, ` +
      `p99 ${row.latencyMs.p99.toFixed(1)} ms, errors ${row.errors}` +
      (Object.keys(errorCodes).length ? ` ${JSON.stringify(errorCodes)}` : '') +
      (result.bodiesReused ? `, POOL EXHAUSTED (${result.bodiesReused} reused)` : ''),
  );
  return row;
}

/** Signs the pools of one phase and has xmlsec1 check a sample of the timed one. */
async function phasePools(
  ctx: GroupContext,
  spec: GroupSpec,
  stem: string,
  phase: PhaseSpec,
): Promise<{ warm: Pool | null; timed: Pool; proof: PoolProof }> {
  const kind = phase.kind === 'fresh' ? 'fresh' : 'repeat';
  const extra = slack(phase.connections);
  const warm =
    phase.warmup > 0 ? await makePool(ctx, `${stem}w`, kind, phase.warmup + extra, spec.users) : null;
  const timed = await makePool(ctx, `${stem}t`, kind, phase.logins + extra, spec.users);
  const proof = provePool(timed, ctx.key, 4);
  if (proof.accepted !== proof.checked || !proof.tamperedRejected) {
    throw new Error(`pool ${proof.pool} failed its xmlsec1 proof: ${JSON.stringify(proof)}`);
  }
  return { warm, timed, proof };
}

/**
 * A group's database and servers while they exist. A phase's assertions are signed (on every
 * core) while the servers sit idle, just before it runs, so they carry a realistic lifetime and
 * nothing signs while anything is timed.
 */
export class GroupRun {
  readonly #pools: Pool[] = [];
  readonly #proofs: PoolProof[] = [];
  #servers: ServerHandle[] = [];
  #runs = 0;

  private constructor(
    private readonly ctx: GroupContext,
    readonly spec: GroupSpec,
    private readonly db: BenchDatabase,
    private readonly seedSeconds: number,
  ) {}

  /** Prepares and seeds a fresh database, then starts the group's servers on it. */
  static async open(ctx: GroupContext, spec: GroupSpec): Promise<GroupRun> {
    const db = newDatabase(ctx, spec);
    const configInput = benchConfigInput(
      ctx.key.certificatePem,
      db.url,
      ctx.options.verifierThreads[spec.db],
    );
    const config = parseConfig(configInput);
    try {
      ctx.log(`${spec.name}: preparing ${db.kind} database${db.schema ? ` (schema ${db.schema})` : ''}`);
      await prepareDatabase(db, config);
      const run = new GroupRun(ctx, spec, db, await seedUsers(db, spec.users, config));
      run.#servers = await startServers(spec.instances, {
        config: configInput,
        db,
        poolSize: ctx.options.poolSize,
        cpuProfileDir: spec.cpuProfileDir ?? null,
      });
      return run;
    } catch (error) {
      await dropDatabase(db);
      throw error;
    }
  }

  /** Signs this phase's pools, proves them with xmlsec1, runs the phase, deletes the pools. */
  async runPhase(phase: PhaseSpec): Promise<PhaseResult> {
    const stem = `${this.spec.name.replace(/[^A-Za-z0-9]/g, '')}r${this.#runs++}`;
    const { warm, timed, proof } = await phasePools(this.ctx, this.spec, stem, phase);
    this.#proofs.push(proof);
    const pools = warm ? [warm, timed] : [timed];
    this.#pools.push(...pools);
    try {
      return await runPhase(this.ctx, this.spec, this.db, this.#servers, phase, { warm, timed });
    } finally {
      for (const file of pools.flatMap((p) => p.files)) rmSync(file, { force: true });
    }
  }

  /** Stops the servers, counts what is left, drops the database. */
  async finish(phases: PhaseResult[]): Promise<GroupResult> {
    const provisioner = this.#servers[0]?.provisioner ?? '?';
    await this.#stopServers();
    try {
      return {
        name: this.spec.name,
        db: this.spec.db,
        instances: this.spec.instances,
        users: this.spec.users,
        provisioner,
        verifierThreads: this.ctx.options.verifierThreads[this.spec.db],
        seedSeconds: this.seedSeconds,
        pools: this.#pools.map((p) => ({
          name: p.name,
          count: p.count,
          seconds: Math.round(p.seconds * 10) / 10,
          mb: mb(p.bytes),
        })),
        proofs: this.#proofs,
        phases,
        tables: await tableCounts(this.db),
      };
    } finally {
      await dropDatabase(this.db);
    }
  }

  /** Cleans up after a failure: servers stopped, database dropped. */
  async abort(): Promise<void> {
    await this.#stopServers();
    await dropDatabase(this.db);
  }

  async #stopServers(): Promise<void> {
    await Promise.all(this.#servers.map((s) => s.stop()));
    this.#servers = [];
  }
}

/**
 * One group: a fresh database (seeded), its servers, then its phases in order, `rounds` times
 * over (fresh, repeat, …, fresh, repeat, …); each phase's row holds the medians of its rounds.
 * A burst of other work on the machine then moves one round, not the reported figure.
 */
export async function runGroup(ctx: GroupContext, spec: GroupSpec): Promise<GroupResult> {
  const rounds = spec.rounds ?? 1;
  const run = await GroupRun.open(ctx, spec);
  const perPhase: PhaseResult[][] = spec.phases.map(() => []);
  try {
    for (let round = 0; round < rounds; round++) {
      if (rounds > 1) ctx.log(`${spec.name}: round ${round + 1}/${rounds}`);
      for (const [i, phase] of spec.phases.entries()) perPhase[i]!.push(await run.runPhase(phase));
    }
  } catch (error) {
    await run.abort();
    throw error;
  }
  return run.finish(perPhase.map((results) => (results.length === 1 ? results[0]! : combineRounds(results))));
}
