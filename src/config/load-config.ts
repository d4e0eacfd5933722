import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import { DEFAULT_CONFIG_FILE, ENV_OVERRIDES } from './defaults.js';
import { parseJsonText } from './json-text.js';
import { parseConfig } from './parse-config.js';
import type { FrontdeskConfig } from './types.js';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Environment for `FRONTDESK_CONFIG` and the overrides. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Finds, reads and validates the configuration. The file is `path` when given, else
 * `$FRONTDESK_CONFIG`, else `./frontdesk.config.json` if it exists; with none of them the
 * built-in defaults are used. `HOST`, `PORT` and `FRONTDESK_DATABASE_URL` from the environment
 * override the file. `file:` paths in the file are resolved against the file's directory.
 * Throws {@link ConfigError} (with the file name) for anything wrong, including a missing file
 * that was asked for explicitly and JSON syntax errors (with line and column).
 *
 * @example
 * const config = await loadConfig('examples/frontdesk.config.json');
 */
export async function loadConfig(path?: string, options: LoadConfigOptions = {}): Promise<FrontdeskConfig> {
  const env = options.env ?? process.env;
  const fromEnv = env[ENV_OVERRIDES.configPath];
  let file: string | undefined;
  if (path !== undefined) file = resolve(path);
  else if (fromEnv !== undefined && fromEnv !== '') file = resolve(fromEnv);
  else if (existsSync(DEFAULT_CONFIG_FILE)) file = resolve(DEFAULT_CONFIG_FILE);

  if (file === undefined) return parseConfig({}, { env });

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'it is a directory' : String(error);
    const source = path !== undefined ? '' : ` (named by ${ENV_OVERRIDES.configPath})`;
    throw new ConfigError([{ path: '', message: `cannot read ${file}${source}: ${reason}` }], { file });
  }
  const raw = parseJsonText(text, { file });
  try {
    return parseConfig(raw, { baseDir: dirname(file), env });
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(error.issues, { file });
    throw error;
  }
}
