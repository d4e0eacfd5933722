import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the shared interop kit lives: `../shared` beside the project, in development and in CI. */
export const SSP_KIT = resolve(process.cwd(), '..', 'shared', 'interop', 'simplesamlphp');

export interface SimpleSamlPhpIdp {
  entityId: string;
  ssoUrl: string;
  certificatePem: string;
  stateDir: string;
  /** Re-renders the IdP configuration (takes effect at once) with other environment values. */
  reconfigure(env: Record<string, string>): void;
  stop(): void;
}

function runKit(script: string, env: Record<string, string>): string {
  const result = spawnSync('bash', [join(SSP_KIT, script)], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (result.status !== 0) {
    throw new Error(`${script} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  }
  return result.stdout;
}

/**
 * Starts SimpleSAMLphp — an IdP we did not write — on loopback, pointed at our ACS. Its own
 * start script installs PHP and the IdP when missing and generates the IdP key pair.
 */
export function startSimpleSamlPhp(options: {
  spEntityId: string;
  acsUrl: string;
  port: number;
  stateDir: string;
}): SimpleSamlPhpIdp {
  if (!existsSync(join(SSP_KIT, 'start.sh')))
    throw new Error(`the SimpleSAMLphp kit is missing at ${SSP_KIT}`);
  const baseEnv = {
    SP_ENTITY_ID: options.spEntityId,
    SP_ACS_URL: options.acsUrl,
    SSP_PORT: String(options.port),
    SSP_STATE_DIR: options.stateDir,
    SSP_LOG_LEVEL: 'WARNING',
  };
  const info = parseEnv(runKit('start.sh', baseEnv));
  const certificatePath = info['IDP_CERT'];
  if (!certificatePath || !info['IDP_ENTITY_ID'] || !info['IDP_SSO_URL'])
    throw new Error('start.sh printed no IdP info');
  return {
    entityId: info['IDP_ENTITY_ID'],
    ssoUrl: info['IDP_SSO_URL'],
    certificatePem: readFileSync(certificatePath, 'utf8'),
    stateDir: options.stateDir,
    reconfigure(env) {
      runKit('start.sh', { ...baseEnv, ...env });
    },
    stop() {
      runKit('stop.sh', { SSP_STATE_DIR: options.stateDir });
    },
  };
}

function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) out[match[1]!] = match[2]!;
  }
  return out;
}
