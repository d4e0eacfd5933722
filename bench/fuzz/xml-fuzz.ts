/**
 * Long fuzz run of the XML parser, exclusive C14N and the validator.
 *
 *   node dist/bench/fuzz/xml-fuzz.js [count] [--seed=N] [--only=text]
 *
 * `count` (default 1,000,000) generated inputs are shared among the properties by weight, checked
 * in chunks so progress shows. A failure prints the property, the seed and path that replay it
 * (`--seed=N --only=... ` with the same count per chunk) and the shrunk counterexample.
 */
import { slowestParseMs, xmlFuzzProperties } from './xml-properties.js';

const CHUNK = 20_000;

interface Options {
  count: number;
  seed: number;
  only: string | null;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { count: 1_000_000, seed: Date.now() % 0x7fffffff, only: null };
  for (const arg of argv) {
    if (arg.startsWith('--seed=')) options.seed = Number(arg.slice(7));
    else if (arg.startsWith('--only=')) options.only = arg.slice(7);
    else if (/^\d[\d_]*$/.test(arg)) options.count = Number(arg.replace(/_/g, ''));
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

function main(): number {
  const { count, seed, only } = parseArgs(process.argv.slice(2));
  const properties = xmlFuzzProperties().filter((p) => !only || p.name.includes(only));
  const totalWeight = properties.reduce((sum, p) => sum + p.weight, 0);
  console.log(`xml fuzz: ${count} inputs, seed ${seed}, ${properties.length} properties`);
  const started = performance.now();
  let checked = 0;
  let failures = 0;
  properties.forEach((property, index) => {
    const runs = Math.max(1, Math.round((count * property.weight) / totalWeight));
    const propertyStarted = performance.now();
    let done = 0;
    for (let chunk = 0; done < runs; chunk++) {
      const numRuns = Math.min(CHUNK, runs - done);
      // Each chunk has its own seed, printed on failure, so a failure replays in one chunk.
      const chunkSeed = (seed + index * 1_000_003 + chunk * 7919) % 0x7fffffff;
      const details = property.run(numRuns, chunkSeed);
      done += details.numRuns;
      if (details.failed) {
        failures++;
        console.log(`\nFAIL ${property.name}`);
        console.log(
          `  replay: node dist/bench/fuzz/xml-fuzz.js ${numRuns} --seed=${chunkSeed} --only="${property.name}"`,
        );
        console.log(`  fast-check: { seed: ${details.seed}, path: "${details.counterexamplePath ?? ''}" }`);
        console.log(details.report);
        break;
      }
    }
    checked += done;
    const seconds = (performance.now() - propertyStarted) / 1000;
    console.log(
      `${done.toString().padStart(9)} inputs ${seconds.toFixed(1).padStart(7)} s  ${property.name}`,
    );
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(`total: ${checked} inputs in ${seconds.toFixed(1)} s, ${failures} failing properties`);
  console.log(`slowest single parse + c14n: ${slowestParseMs().toFixed(1)} ms`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = main();
