import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../src/config/config-error.js';
import { parseConfig, type ParseConfigOptions } from '../../src/config/parse-config.js';

/** The repository root (tests run from dist/test/config). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Certificates and keys made for these tests only. */
export const FIXTURES = fileURLToPath(new URL('../../../test/config/fixtures/', import.meta.url));

/** A minimal valid SSO setting; certificates resolve against {@link FIXTURES}. */
export function ssoSetting(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Main IdP',
    apiName: 'Main',
    idpIssuer: 'https://idp.example.com/issuer',
    idpCertificates: ['file:ec-idp.crt'],
    spEntityId: 'https://sp.example.com/Main',
    identityType: 'FederationId',
    ...overrides,
  };
}

/** Parses with certificates resolved against the fixtures directory. */
export function parse(raw: unknown, options: ParseConfigOptions = {}) {
  return parseConfig(raw, { baseDir: FIXTURES, ...options });
}

/** The ConfigError `run` throws. */
export function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ConfigError, nothing was thrown');
}

/** Asserts that parsing `raw` fails with an issue at `path` whose message contains `fragment`. */
export function assertIssue(
  raw: unknown,
  path: string,
  fragment: string,
  options: ParseConfigOptions = {},
): void {
  assertErrorHasIssue(
    configErrorOf(() => parse(raw, options)),
    path,
    fragment,
  );
}

export function assertErrorHasIssue(error: ConfigError, path: string, fragment: string): void {
  const found = error.issues.find((issue) => issue.path === path && issue.message.includes(fragment));
  assert.ok(
    found,
    `expected an issue at ${JSON.stringify(path)} containing ${JSON.stringify(fragment)}; got:\n${error.message}`,
  );
}
