import type { BenchModule, BenchOptions, BenchOutcome } from './lib/bench-module.js';
import { measureInterleaved, type Measurement, type TimedSeries } from './lib/measure.js';
import { formatNumber, renderTable } from './lib/table.js';
import type { Contender, ContenderFactory } from './verifier/contender.js';
import { createFrontdesk } from './verifier/contenders/frontdesk.js';
import { createNodeSaml } from './verifier/contenders/node-saml.js';
import { createSamlify } from './verifier/contenders/samlify.js';
import { createCryptoFloor, type CryptoFloor } from './verifier/crypto-floor.js';
import { createFixtures, type BenchCase, type BenchFixtures } from './verifier/fixtures.js';
import { ProofError, proveContender, type ProofRecord } from './verifier/proof.js';

/** The targets. */
export const TARGETS = { minTimesNodeSaml: 30, maxTimesCryptoFloor: 15 } as const;

const CONTENDERS: readonly ContenderFactory[] = [createFrontdesk, createNodeSaml, createSamlify];
const FLOOR = 'crypto floor';

interface Row {
  contender: string;
  case: string;
  opsPerSec: number;
  usPerOp: number;
  runOpsPerSec: number[];
  wallOpsPerSec: number;
  cpuShare: number;
  timesNodeSaml: number | null;
  timesFloorCost: number | null;
}

interface Target {
  target: string;
  case: string;
  value: number;
  threshold: number;
  met: boolean;
}

const log = (message: string) => process.stderr.write(`[verifier] ${message}\n`);

/**
 * Throughput of SAML Response verification: Frontdesk against `@node-saml/node-saml`, `samlify`
 * and the bare crypto floor, on freshly signed responses, one core, one process.
 */
export async function runBench(options: BenchOptions): Promise<BenchOutcome> {
  log('signing responses with xmlsec1');
  const fixtures = createFixtures();
  describeFixtures(fixtures);

  const perCase = fixtures.cases.map((benchCase) => ({
    benchCase,
    contenders: CONTENDERS.map((create) => create(fixtures, benchCase)),
    floor: createCryptoFloor(fixtures, benchCase),
  }));

  const proofs = await proveAll(perCase);
  printProofs(proofs);

  const series: TimedSeries[] = perCase.flatMap(({ benchCase, contenders, floor }) => [
    floorSeries(benchCase, floor),
    ...contenders.map((c) => contenderSeries(benchCase, c)),
  ]);
  const estimate = Math.ceil((series.length * (options.warmupMs + options.runs * options.runMs)) / 1000);
  log(`timing ${series.length} series, ${options.runs} runs of ${options.runMs} ms (~${estimate} s)`);
  const measurements = await measureInterleaved(series, { ...options, progress: log });

  const rows = buildRows(fixtures, measurements);
  const targets = evaluateTargets(fixtures, rows);
  printReport(
    rows,
    targets,
    perCase.flatMap((p) => p.contenders),
  );
  return {
    module: 'verifier',
    result: {
      options,
      responseBytes: Object.fromEntries(fixtures.cases.map((c) => [c.name, c.valid[0]!.xml.length])),
      rows,
      targets,
      proofs,
      caveats: Object.fromEntries(
        perCase[0]!.contenders.filter((c) => c.caveats.length).map((c) => [c.name, c.caveats]),
      ),
    },
  };
}

const seriesId = (contender: string, benchCase: string) => `${contender} | ${benchCase}`;

function floorSeries(benchCase: BenchCase, floor: CryptoFloor): TimedSeries {
  return { id: seriesId(FLOOR, benchCase.name), mode: 'sync', op: (i) => floor.run(i) };
}

function contenderSeries(benchCase: BenchCase, contender: Contender): TimedSeries {
  const inputs = benchCase.valid.map((r) => r.base64);
  const id = seriesId(contender.name, benchCase.name);
  if (contender.mode === 'sync') {
    return { id, mode: 'sync', op: (i) => contender.verify(inputs[i % inputs.length]!) };
  }
  return { id, mode: 'async', op: async (i) => contender.verify(inputs[i % inputs.length]!) };
}

async function proveAll(
  perCase: ReadonlyArray<{ benchCase: BenchCase; contenders: Contender[] }>,
): Promise<ProofRecord[]> {
  const records: ProofRecord[] = [];
  const failures: string[] = [];
  for (const { benchCase, contenders } of perCase) {
    for (const contender of contenders) {
      const proof = await proveContender(contender, benchCase);
      records.push(proof.record);
      failures.push(...proof.failures);
    }
  }
  if (failures.length) throw new ProofError(failures);
  return records;
}

function describeFixtures(fixtures: BenchFixtures): void {
  const sizes = fixtures.cases
    .map((c) => `${c.name} ${formatNumber(c.valid[0]!.xml.length / 1024, 1)} KB`)
    .join(', ');
  log(`responses: ${sizes}; ${fixtures.cases[0]!.valid.length} distinct per case, cycled`);
}

function buildRows(fixtures: BenchFixtures, measurements: readonly Measurement[]): Row[] {
  const byId = new Map(measurements.map((m) => [m.id, m]));
  // Series are ordered floor first, then the contenders: keep that order in the table.
  const names = [...new Set(measurements.map((m) => m.id.split(' | ')[0]!))];
  const rows: Row[] = [];
  for (const benchCase of fixtures.cases) {
    const nodeSaml = byId.get(seriesId('node-saml', benchCase.name));
    const floor = byId.get(seriesId(FLOOR, benchCase.name));
    for (const name of names) {
      const m = byId.get(seriesId(name, benchCase.name));
      if (!m) continue;
      rows.push({
        contender: name,
        case: benchCase.name,
        opsPerSec: m.opsPerSec,
        usPerOp: m.usPerOp,
        runOpsPerSec: m.runOpsPerSec,
        wallOpsPerSec: m.wallOpsPerSec,
        cpuShare: m.cpuShare,
        timesNodeSaml: nodeSaml ? m.opsPerSec / nodeSaml.opsPerSec : null,
        timesFloorCost: floor ? m.usPerOp / floor.usPerOp : null,
      });
    }
  }
  return rows;
}

function evaluateTargets(fixtures: BenchFixtures, rows: readonly Row[]): Target[] {
  const targets: Target[] = [];
  for (const benchCase of fixtures.cases) {
    const frontdesk = rows.find((r) => r.contender === 'frontdesk' && r.case === benchCase.name);
    if (!frontdesk) continue;
    const vsNodeSaml = frontdesk.timesNodeSaml ?? 0;
    const vsFloor = frontdesk.timesFloorCost ?? Infinity;
    targets.push(
      {
        target: `throughput >= ${TARGETS.minTimesNodeSaml}x node-saml`,
        case: benchCase.name,
        value: vsNodeSaml,
        threshold: TARGETS.minTimesNodeSaml,
        met: vsNodeSaml >= TARGETS.minTimesNodeSaml,
      },
      {
        target: `cost <= ${TARGETS.maxTimesCryptoFloor}x crypto floor`,
        case: benchCase.name,
        value: vsFloor,
        threshold: TARGETS.maxTimesCryptoFloor,
        met: vsFloor <= TARGETS.maxTimesCryptoFloor,
      },
    );
  }
  return targets;
}

function printProofs(proofs: readonly ProofRecord[]): void {
  console.log(
    '\nProofs (before timing): every contender accepts the valid responses and refuses the attacks',
  );
  console.log(
    renderTable(
      [
        'contender',
        'case',
        'valid accepted',
        'tampered attribute refused with',
        'untrusted key refused with',
      ],
      proofs.map((p) => [
        p.contender,
        p.case,
        `${p.accepted}`,
        p.tamperedRejectedWith,
        p.untrustedRejectedWith,
      ]),
    ),
  );
}

function printReport(
  rows: readonly Row[],
  targets: readonly Target[],
  contenders: readonly Contender[],
): void {
  console.log(
    '\nVerifier throughput: ops per CPU-second on one pinned core, median of runs, sequential' +
      '\n(wall ops/s and CPU share show how much neighbours took; 100% = the core was ours)',
  );
  console.log(
    renderTable(
      [
        'contender',
        'case',
        'ops/s',
        'µs/op',
        'runs min..max',
        'wall ops/s',
        'CPU share',
        'x node-saml',
        'x floor cost',
      ],
      rows.map((r) => [
        r.contender,
        r.case,
        formatNumber(r.opsPerSec),
        formatNumber(r.usPerOp, 1),
        `${formatNumber(Math.min(...r.runOpsPerSec))}..${formatNumber(Math.max(...r.runOpsPerSec))}`,
        formatNumber(r.wallOpsPerSec),
        `${formatNumber(r.cpuShare * 100, 0)}%`,
        r.timesNodeSaml === null ? '-' : `${formatNumber(r.timesNodeSaml)}x`,
        r.timesFloorCost === null ? '-' : `${formatNumber(r.timesFloorCost)}x`,
      ]),
    ),
  );
  console.log('\nTargets (Frontdesk)');
  for (const t of targets) {
    console.log(
      `  ${t.met ? 'MET    ' : 'NOT MET'}  ${t.target.padEnd(32)} ${t.case.padEnd(30)} ${formatNumber(t.value, 2)}x`,
    );
  }
  const caveats = new Map<string, readonly string[]>();
  for (const c of contenders) if (c.caveats.length) caveats.set(c.name, c.caveats);
  if (caveats.size) {
    console.log(
      '\nWhat the other contenders do not check (so their cost is a lower bound for a full verifier)',
    );
    for (const [name, list] of caveats) for (const text of list) console.log(`  ${name}: ${text}`);
  }
}

export default { runBench } satisfies BenchModule;
