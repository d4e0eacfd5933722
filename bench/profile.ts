import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarizeCpuProfile, type Classifier } from './lib/cpuprofile.js';
import { canPin } from './lib/pin.js';
import { createFixtures, saveFixtures } from './verifier/fixtures.js';
import { formatNumber, renderTable } from './lib/table.js';

/**
 * Profiles Frontdesk's validate loop with `node --cpu-prof` (pinned to one CPU when taskset
 * exists) and prints where the time goes: per category and the top self-time functions.
 *
 *   node dist/bench/profile.js [assertion-signed|response-and-assertion-signed] [seconds]
 */
const FILE_CATEGORIES: ReadonlyArray<[RegExp, string]> = [
  [/\/src\/saml\/decode\.js$/, 'decode (size, base64, UTF-8)'],
  [/\/src\/saml\/xml\/parser\.js$/, 'parse (XML -> tree)'],
  [/\/src\/saml\/xml\/c14n\.js$/, 'c14n (exclusive canonicalisation)'],
  [/internal\/crypto\/hash/, 'digest (SHA-256)'],
  [/internal\/crypto\/sig/, 'RSA verify'],
  [/\/src\/saml\/(signature|algorithms|trusted-keys)\.js$/, 'signature plumbing (SignedInfo checks, base64)'],
  [
    /\/src\/saml\/(response-structure|protocol-checks|validate|report|errors|xml\/tree)\.js$/,
    'structure + protocol checks + result',
  ],
  [/\/dist\/bench\//, 'bench loop'],
];

const classify: Classifier = ({ functionName, url }) => {
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)' || functionName === '(idle)') return 'V8/runtime (program, idle)';
  if (functionName === '(root)') return 'other';
  for (const [pattern, category] of FILE_CATEGORIES) if (pattern.test(url)) return category;
  return null;
};

const caseName = process.argv[2] ?? 'assertion-signed';
const seconds = process.argv[3] ?? '5';
const dir = mkdtempSync(join(tmpdir(), 'frontdesk-prof-'));
try {
  const fixturesFile = join(dir, 'fixtures.json');
  saveFixtures(createFixtures(), fixturesFile);
  const loop = fileURLToPath(new URL('./verifier/profile-loop.js', import.meta.url));
  const nodeArgs = ['--cpu-prof', '--cpu-prof-dir', dir, loop, fixturesFile, caseName, seconds];
  const result = canPin()
    ? spawnSync('taskset', ['-c', '0', process.execPath, ...nodeArgs], { encoding: 'utf8' })
    : spawnSync(process.execPath, nodeArgs, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`profile loop failed: ${result.stderr}`);
  const loopLine = /PROFILE_LOOP (.+)/.exec(result.stdout)?.[1] ?? '{}';
  const loopInfo = JSON.parse(loopLine) as { ops?: number; usPerOp?: number };
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no .cpuprofile written');
  const summary = summarizeCpuProfile(join(dir, file), classify);

  console.log(
    `Frontdesk validate loop, ${caseName}: ${loopInfo.ops} ops in ${seconds} s ` +
      `(${formatNumber(loopInfo.usPerOp ?? 0, 1)} µs/op under the profiler); profile covers the whole child process (load, 0.3 s warm-up, loop)`,
  );
  console.log('\nSelf time by category (builtins billed to their caller)');
  console.log(
    renderTable(
      ['category', 'self ms', 'share'],
      summary.categories.map((c) => [
        c.category,
        formatNumber(c.selfMs),
        `${formatNumber(c.share * 100, 1)}%`,
      ]),
    ),
  );
  console.log('\nTop self-time functions');
  console.log(
    renderTable(
      ['function', 'where', 'self ms', 'share'],
      summary.functions
        .slice(0, 20)
        .map((f) => [f.name, f.location, formatNumber(f.selfMs), `${formatNumber(f.share * 100, 1)}%`]),
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
