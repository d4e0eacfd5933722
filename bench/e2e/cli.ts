import { runE2e } from './index.js';
import { E2E_USAGE, parseE2eArgs } from './options.js';

/**
 * The end-to-end bench on its own, with its own flags:
 *   node dist/bench/e2e/cli.js --users 1000000
 * Exit code 1 means the benchmark itself failed (a pool that xmlsec1 refused, a server that did
 * not start), never that a target was missed.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(E2E_USAGE);
    return;
  }
  await runE2e(parseE2eArgs(argv));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `\n!!! E2E BENCHMARK ABORTED !!!\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
