import { formatNumber, renderTable } from '../lib/table.js';
import type { ServerProfile } from './profile.js';
import type { GroupResult, PhaseResult } from './scenarios.js';

/** The issue's end-to-end targets. */
export const E2E_TARGETS = {
  minFirstLoginsPerSec: 1_500,
  maxLatencyDifference: 0.2,
  maxRssMb: 300,
  /** Live heap (after GC) may not grow by more than this across a group's logins. */
  maxHeapGrowthMb: 5,
} as const;

export interface TargetVerdict {
  target: string;
  scope: string;
  value: string;
  threshold: string;
  met: boolean | null;
}

const int = (n: number) => formatNumber(n, 0);
const ms = (n: number) => (Number.isFinite(n) ? formatNumber(n, n < 10 ? 2 : 1) : '-');
const pct = (n: number) => `${n >= 0 ? '+' : ''}${(n * 100).toFixed(1)}%`;
const list = (values: number[]) => values.map((v) => formatNumber(v, 0)).join('/');

/** Cores (CPU seconds per wall second) that work other than this run took during it. */
export function otherCores(r: PhaseResult): number {
  const other = Math.max(0, r.machineBusyMs - r.serverCpuMs - r.loadCpuMs - r.postgresCpuMs);
  return other / (r.seconds * 1000);
}

/** Beyond this, neighbours took a visible share of the two cores: the run understates Frontdesk. */
export const CONTENDED_CORES = 0.25;

export const contended = (r: PhaseResult) => otherCores(r) > CONTENDED_CORES;

/** CPU use during the run in cores: servers, load generator, PostgreSQL backends, the rest. */
function coreShares(r: PhaseResult): string {
  const wallMs = r.seconds * 1000;
  return [r.serverCpuMs / wallMs, r.loadCpuMs / wallMs, r.postgresCpuMs / wallMs, otherCores(r)]
    .map((cores) => cores.toFixed(2))
    .join('/');
}

function phaseLabel(row: PhaseResult): string {
  const label = row.phase === 'repeat-paced' ? `repeat ≤${row.rate}/s` : row.phase;
  return contended(row) ? `${label} *` : label;
}

const mark = (...rows: PhaseResult[]) => (rows.some(contended) ? ' *' : '');

/** The main table: one line per timed run. */
export function renderRows(groups: readonly GroupResult[]): string {
  const header = [
    'scenario',
    'db',
    'inst',
    'users',
    'conns',
    'logins',
    'logins/s',
    'p50 ms',
    'p99 ms',
    'errors',
    'RSS MB before→after (peak)',
    'heap MB',
    'SQL/login',
    'srv µs/login',
    'loop busy',
    'cores srv/gen/pg/other',
    'load avg',
  ];
  const rows = groups.flatMap((g) =>
    g.phases.map((r) => [
      phaseLabel(r),
      r.db,
      String(r.instances),
      int(r.users),
      String(r.connections),
      int(r.logins),
      int(r.loginsPerSec),
      ms(r.latencyMs.p50),
      ms(r.latencyMs.p99),
      int(r.errors),
      `${list(r.memory.rssBefore)}→${list(r.memory.rssAfter)} (${list(r.memory.maxRss)})`,
      `${list(r.memory.heapAfterGcBefore)}→${list(r.memory.heapAfterGcAfter)}`,
      formatNumber(r.statements / Math.max(1, r.requests), 1),
      int((r.serverCpuMs * 1000) / Math.max(1, r.requests)),
      (r.eventLoopUtilization ?? []).map((u) => `${Math.round(u * 100)}%`).join('/'),
      coreShares(r),
      formatNumber(r.loadAverage, 1),
    ]),
  );
  return renderTable(header, rows);
}

/**
 * Every target, per scenario. `met: null` means not measured in this run (for instance the
 * 1,000,000-user comparison without `--users`).
 */
export function evaluateTargets(
  groups: readonly GroupResult[],
  baseUsers: number,
  bigUsers: number | null,
): TargetVerdict[] {
  const verdicts: TargetVerdict[] = [];
  const main = groups.filter((g) => g.users === baseUsers && /^(sqlite|postgres)-x/.test(g.name));
  for (const g of main) {
    const fresh = g.phases.find((p) => p.phase === 'fresh');
    const repeat = g.phases.find((p) => p.phase === 'repeat');
    const scope = `${g.db}, ${g.instances} instance${g.instances > 1 ? 's' : ''}`;
    if (fresh) {
      verdicts.push({
        target: 'first logins ≥ 1,500/s',
        scope,
        value: `${int(fresh.loginsPerSec)}/s (${int(fresh.errors)} errors)${mark(fresh)}`,
        threshold: `≥ ${int(E2E_TARGETS.minFirstLoginsPerSec)}/s, 0 errors`,
        met: fresh.loginsPerSec >= E2E_TARGETS.minFirstLoginsPerSec && fresh.errors === 0,
      });
    }
    if (fresh && repeat) {
      verdicts.push({
        target: 'repeat logins at least as fast as first logins',
        scope,
        value: `${int(repeat.loginsPerSec)}/s vs ${int(fresh.loginsPerSec)}/s (${int(repeat.errors)} errors)${mark(fresh, repeat)}`,
        threshold: '≥ first-login rate, 0 errors',
        // 3 % is the run-to-run noise of this machine; a smaller shortfall is a tie.
        met: repeat.loginsPerSec >= fresh.loginsPerSec * 0.97 && repeat.errors === 0,
      });
    }
  }
  if (bigUsers === null) {
    verdicts.push({
      target: `p50/p99 at ${int(baseUsers)} vs 1,000,000 users within 20 %`,
      scope: 'all',
      value: 'not measured (opt-in: --users 1000000)',
      threshold: '≤ 20 %',
      met: null,
    });
  } else {
    for (const g of groups.filter((x) => x.users === bigUsers && x.name.startsWith('cmp-'))) {
      const base = groups.find((x) => x.name === `cmp-${g.db}-${baseUsers}`);
      for (const big of g.phases) {
        const small = base?.phases.find((p) => p.phase === big.phase);
        if (!small) continue;
        const d50 = big.latencyMs.p50 / small.latencyMs.p50 - 1;
        const d99 = big.latencyMs.p99 / small.latencyMs.p99 - 1;
        verdicts.push({
          target: `p50/p99 at ${int(baseUsers)} vs ${int(bigUsers)} users within 20 %`,
          scope: `${g.db}, ${phaseLabel(big)}, median of ${big.rounds?.length ?? 1}`,
          value: `p50 ${ms(small.latencyMs.p50)}→${ms(big.latencyMs.p50)} ms (${pct(d50)}), p99 ${ms(small.latencyMs.p99)}→${ms(big.latencyMs.p99)} ms (${pct(d99)})${mark(small, big)}`,
          threshold: '≤ +20 %',
          met: d50 <= E2E_TARGETS.maxLatencyDifference && d99 <= E2E_TARGETS.maxLatencyDifference,
        });
      }
    }
  }
  const all = groups.flatMap((g) => g.phases);
  const peak = Math.max(...all.flatMap((r) => r.memory.maxRss));
  const worst = all.find((r) => r.memory.maxRss.includes(peak));
  verdicts.push({
    target: 'RSS of one instance under 300 MB',
    scope: worst ? `peak in ${worst.group} ${phaseLabel(worst)}` : 'all',
    value: `${formatNumber(peak, 0)} MB`,
    threshold: `< ${E2E_TARGETS.maxRssMb} MB`,
    met: peak < E2E_TARGETS.maxRssMb,
  });
  for (const g of groups.filter((x) => x.phases.length > 0)) {
    const first = g.phases[0]!;
    const last = g.phases[g.phases.length - 1]!;
    const logins = g.phases.reduce((n, p) => n + p.requests, 0);
    const growth = last.memory.heapAfterGcAfter.map((after, i) => after - first.memory.heapAfterGcBefore[i]!);
    const worstGrowth = Math.max(...growth);
    verdicts.push({
      target: 'no memory growth across logins (live heap after GC)',
      scope: `${g.name} (${int(logins)} logins)`,
      value: `${growth.map((x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`).join('/')} MB (heap ${list(first.memory.heapAfterGcBefore)}→${list(last.memory.heapAfterGcAfter)} MB)`,
      threshold: `≤ +${E2E_TARGETS.maxHeapGrowthMb} MB`,
      met: worstGrowth <= E2E_TARGETS.maxHeapGrowthMb,
    });
  }
  return verdicts;
}

export function renderTargets(verdicts: readonly TargetVerdict[]): string {
  return renderTable(
    ['target', 'scope', 'measured', 'needs', 'verdict'],
    verdicts.map((v) => [
      v.target,
      v.scope,
      v.value,
      v.threshold,
      v.met === null ? 'NOT MEASURED' : v.met ? 'MET' : 'NOT MET',
    ]),
  );
}

export function renderProfile(label: string, profile: ServerProfile): string {
  const categories = renderTable(
    ['category', 'ms', 'share of busy'],
    profile.categories.map((c) => [
      c.category,
      formatNumber(c.ms, 0),
      `${(c.shareOfBusy * 100).toFixed(1)}%`,
    ]),
  );
  const functions = renderTable(
    ['function', 'location', 'self ms', 'share'],
    profile.topFunctions.map((f) => [
      f.name,
      f.location,
      formatNumber(f.ms, 0),
      `${(f.shareOfBusy * 100).toFixed(1)}%`,
    ]),
  );
  return `${label}: ${formatNumber(profile.busyMs, 0)} ms busy\n${categories}\n\nTop functions (self time):\n${functions}`;
}
