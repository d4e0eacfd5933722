import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { JIT_HANDLER_TEMPLATE } from '../sp/jit/custom/index.js';
import { parseArgs, stringFlag, UsageError } from './args.js';
import type { CommandIo } from './validate-command.js';

export const JIT_HANDLER_USAGE = 'usage: frontdesk jit-handler template [--out <file>] [--force]';

/**
 * `frontdesk jit-handler template`: writes a starting custom JIT handler (plain ESM JavaScript
 * with JSDoc types) to `--out`, or to standard output. An existing file is kept unless `--force`.
 */
export async function jitHandlerCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['out'], ['force']);
  const [sub, ...extra] = args.positional;
  if (sub !== 'template') {
    throw new UsageError(sub === undefined ? 'jit-handler needs a subcommand' : `unknown subcommand ${sub}`);
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
  const out = stringFlag(args, 'out');
  if (out === undefined) {
    io.out(JIT_HANDLER_TEMPLATE.trimEnd());
    return 0;
  }
  const file = resolve(out);
  if (existsSync(file) && !args.flags.get('force')) {
    throw new UsageError(`${file} exists; pass --force to overwrite it`);
  }
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JIT_HANDLER_TEMPLATE);
  io.out(`wrote a custom JIT handler to ${file}`);
  io.out(
    'point an SSO setting at it: "jit": { "type": "custom", "handler": "<path>", "executeHandlerAs": "<user>" }',
  );
  return 0;
}
