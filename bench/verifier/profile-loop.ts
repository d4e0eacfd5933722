import { performance } from 'node:perf_hooks';
import { createFrontdesk } from './contenders/frontdesk.js';
import { loadFixtures } from './fixtures.js';

/**
 * Runs Frontdesk's validate loop alone, to be profiled from outside (`bench/profile.ts` does this):
 *   node --cpu-prof dist/bench/verifier/profile-loop.js <fixtures.json> <case> <seconds>
 * Fixtures come from a file so the signing subprocesses stay out of the profile.
 */
const [fixturesFile, caseName = 'assertion-signed', secondsArg = '5'] = process.argv.slice(2);
if (!fixturesFile) throw new Error('usage: profile-loop.js <fixtures.json> [case] [seconds]');
const seconds = Number(secondsArg);

const fixtures = loadFixtures(fixturesFile);
const benchCase = fixtures.cases.find((c) => c.name === caseName);
if (!benchCase) throw new Error(`unknown case ${caseName}`);
const frontdesk = createFrontdesk(fixtures, benchCase);
const inputs = benchCase.valid.map((r) => r.base64);
for (const r of benchCase.valid) {
  if (frontdesk.verify(r.base64) !== r.nameId) throw new Error('frontdesk rejected a valid response');
}

const loop = (ms: number): number => {
  let ops = 0;
  const start = performance.now();
  while (performance.now() - start < ms) frontdesk.verify(inputs[ops++ % inputs.length]!);
  return ops;
};
// A short warm-up so most samples show optimised code; it is in the profile, but it is the same work.
loop(300);
const ops = loop(seconds * 1000);
process.stdout.write(
  `PROFILE_LOOP ${JSON.stringify({ case: caseName, ops, usPerOp: (seconds * 1e6) / ops })}\n`,
);
