import { ConfigError } from '../config/index.js';
import { createFrontdesk } from '../app.js';
import { parseArgs, stringFlag, UsageError } from './args.js';
import { jitHandlerCommand, JIT_HANDLER_USAGE } from './jit-handler-command.js';
import { validateCommand, VALIDATE_USAGE, type CommandIo } from './validate-command.js';

const USAGE = `frontdesk — just-in-time user provisioning over SAML 2.0

usage:
  frontdesk serve    [--config <file>] [--port <n>] [--host <addr>]   run the server
  frontdesk migrate  [--config <file>]                                create or migrate the database, apply config
  ${VALIDATE_USAGE.replace('usage: ', '')}
  ${JIT_HANDLER_USAGE.replace('usage: ', '')}   write a starting custom JIT handler
  frontdesk help`;

const defaultIo: CommandIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Runs one CLI command; returns the process exit code. */
export async function main(argv: readonly string[], io: CommandIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve(rest, io);
      case 'migrate':
        return await migrate(rest, io);
      case 'validate':
        return await validateCommand(rest, io);
      case 'jit-handler':
        return await jitHandlerCommand(rest, io);
      case 'help':
      case '--help':
      case undefined:
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      const usage =
        command === 'validate' ? VALIDATE_USAGE : command === 'jit-handler' ? JIT_HANDLER_USAGE : USAGE;
      io.err(`frontdesk: ${error.message}\n\n${usage}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.err(`frontdesk: invalid configuration\n${error.message}`);
      return 2;
    }
    throw error;
  }
}

async function serve(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['config', 'port', 'host']);
  const port = stringFlag(args, 'port');
  if (port !== undefined && !/^\d{1,5}$/.test(port)) throw new UsageError(`--port must be a number: ${port}`);
  const app = await createFrontdesk({ configPath: stringFlag(args, 'config') });
  const { url } = await app.listen(port === undefined ? undefined : Number(port), stringFlag(args, 'host'));
  io.out(`Frontdesk listening on ${url} (database: ${app.store.dialect})`);
  for (const s of app.config.ssoSettings) io.out(`  SSO setting ${s.apiName}: ACS ${s.endpoints.acsUrl}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await app.close();
  return 0;
}

async function migrate(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['config']);
  const app = await createFrontdesk({ configPath: stringFlag(args, 'config') });
  io.out(`database migrated and configuration applied (${app.store.dialect})`);
  await app.close();
  return 0;
}
