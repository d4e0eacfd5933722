import { ENV_OVERRIDES } from './defaults.js';
import type { IssueCollector } from './references.js';
import { DATABASE_URL_PATTERN } from './schema.js';

/** Values the environment sets over the file. */
export interface EnvOverrides {
  host?: string;
  port?: number;
  databaseUrl?: string;
}

/**
 * Reads `HOST`, `PORT` and `FRONTDESK_DATABASE_URL`. An empty variable counts as unset, so
 * `PORT= frontdesk serve` does not fail. Problems are reported at `env.<NAME>`.
 *
 * @example
 * readEnvOverrides({ PORT: '8080' }, issues); // { port: 8080 }
 */
export function readEnvOverrides(env: NodeJS.ProcessEnv, issues: IssueCollector): EnvOverrides {
  const overrides: EnvOverrides = {};
  const host = nonEmpty(env[ENV_OVERRIDES.host]);
  if (host !== undefined) {
    if (/\s/.test(host))
      issues.add(['env', ENV_OVERRIDES.host], 'environment variable HOST must not contain whitespace');
    else overrides.host = host;
  }
  const port = nonEmpty(env[ENV_OVERRIDES.port]);
  if (port !== undefined) {
    const value = /^\d{1,5}$/.test(port) ? Number(port) : NaN;
    if (Number.isInteger(value) && value <= 65535) overrides.port = value;
    else {
      issues.add(
        ['env', ENV_OVERRIDES.port],
        `environment variable PORT must be an integer between 0 and 65535, got ${JSON.stringify(port)}`,
      );
    }
  }
  const databaseUrl = nonEmpty(env[ENV_OVERRIDES.databaseUrl]);
  if (databaseUrl !== undefined) {
    if (DATABASE_URL_PATTERN.test(databaseUrl)) overrides.databaseUrl = databaseUrl;
    else {
      issues.add(
        ['env', ENV_OVERRIDES.databaseUrl],
        'environment variable FRONTDESK_DATABASE_URL must start with "sqlite:" or "postgres://"/"postgresql://"',
      );
    }
  }
  return overrides;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
