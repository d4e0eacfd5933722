import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadConfig, toVerifierSetting } from '../config/index.js';
import type { FrontdeskConfig, SsoSettingConfig } from '../config/types.js';
import type { CheckResult, SamlValidationResult, VerifiedAssertion } from '../saml/types.js';
import { decodeAnyResponseEncoding } from '../saml/decode.js';
import { validateSamlResponseAnyEncoding } from '../saml/validate.js';
import { disabledJitPreview, previewJit, type JitPreview } from '../sp/jit/index.js';
import { applyConfigToStore } from '../sp/seed.js';
import { openStore, parseStoreUrl, type Store } from '../store/index.js';
import { parseArgs, requiredFlag, stringFlag, UsageError } from './args.js';

export const VALIDATE_USAGE =
  'usage: frontdesk validate --config <file> --sso <setting> --response <file> [--json] [--at <ISO time>] [--in-response-to <id>] [--db <url>]';

export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * The SAML Assertion Validator on the command line. Exit 0 accepted, 1 rejected (by a check,
 * or by JIT as the preview shows), 2 usage or configuration error. Runs every check except
 * replay (which needs the live store), then previews JIT against `--db` (or, without it, a
 * throwaway in-memory store seeded from the configuration), committing nothing.
 */
export async function validateCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['config', 'sso', 'response', 'at', 'in-response-to', 'db'], ['json']);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument ${args.positional[0]}`);
  const configPath = requiredFlag(args, 'config');
  const apiName = requiredFlag(args, 'sso');
  const responsePath = requiredFlag(args, 'response');
  const at = stringFlag(args, 'at');
  const now = at === undefined ? new Date() : new Date(at);
  if (Number.isNaN(now.getTime())) throw new UsageError(`--at is not an ISO time: ${at}`);
  const config = await loadConfig(configPath);
  const setting = config.ssoSettings.find((s) => s.apiName === apiName);
  if (!setting) {
    throw new UsageError(
      `no SSO setting ${apiName} in ${configPath} (known: ${config.ssoSettings.map((s) => s.apiName).join(', ') || 'none'})`,
    );
  }
  let input: string;
  try {
    input = await readFile(responsePath, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --response ${responsePath}: ${(error as Error).message}`);
  }
  const inResponseTo = stringFlag(args, 'in-response-to');
  const result = validateSamlResponseAnyEncoding(input, toVerifierSetting(setting), {
    now,
    ...(inResponseTo !== undefined ? { inResponseTo } : {}),
  });
  // A custom JIT handler receives the response base64-encoded, whatever encoding was pasted.
  const samlResponse = result.valid
    ? Buffer.from(decodeAnyResponseEncoding(input, setting.maxResponseBytes), 'utf8').toString('base64')
    : '';
  const jit = result.valid
    ? await jitPreview(config, setting, result.assertion, stringFlag(args, 'db'), now, samlResponse)
    : null;
  if (args.flags.get('json')) io.out(JSON.stringify(toJson(result, jit)));
  else io.out(humanReport(result, apiName, now) + (jit ? jitReport(jit) : ''));
  return result.valid && jit?.action !== 'error' ? 0 : 1;
}

/** Runs the JIT preview against `--db`, or a fresh in-memory store seeded from the configuration. */
async function jitPreview(
  config: FrontdeskConfig,
  setting: SsoSettingConfig,
  assertion: VerifiedAssertion,
  dbUrl: string | undefined,
  now: Date,
  samlResponse: string,
): Promise<JitPreview> {
  if (!setting.jit.enabled) return disabledJitPreview(setting);
  let store: Store;
  if (dbUrl === undefined) {
    store = await openStore({ url: 'sqlite::memory:' });
    await applyConfigToStore(config, store);
  } else {
    let target: ReturnType<typeof parseStoreUrl>;
    try {
      target = parseStoreUrl(dbUrl);
    } catch (error) {
      throw new UsageError(`--db: ${(error as Error).message}`);
    }
    // Opening a missing SQLite file would create an empty database: a typo must not pass for "no users".
    if (target.dialect === 'sqlite' && target.path !== null && !existsSync(target.path)) {
      throw new UsageError(`--db names no existing database file: ${target.path}`);
    }
    store = await openStore({ url: dbUrl });
  }
  try {
    return await previewJit(store, config, setting, assertion, { now, samlResponse });
  } finally {
    await store.close();
  }
}

function jitReport(jit: JitPreview): string {
  const lines = [`\n\nJIT PREVIEW (nothing committed): ${jit.action.toUpperCase()}`];
  if (jit.error) lines.push(`  ${jit.error.code}: ${jit.error.message}`);
  for (const record of jit.records) {
    lines.push(`  ${record.action.toUpperCase()} ${record.type} ${record.id ?? '(new)'}`);
    for (const [name, change] of Object.entries(record.fields)) {
      lines.push(`    ${name}: ${JSON.stringify(change.old)} -> ${JSON.stringify(change.new)}`);
    }
  }
  return lines.join('\n');
}

function toJson(result: SamlValidationResult, jit: JitPreview | null) {
  // `valid` means "this login would be accepted", so a refusal by JIT makes it false too (exit 1).
  const jitError =
    jit?.action === 'error' && jit.error
      ? [{ code: jit.error.code, message: jit.error.message, check: 'jit' }]
      : [];
  return {
    valid: result.valid && jitError.length === 0,
    errors: [
      ...result.errors.map((e) => ({
        code: e.code,
        message: e.message,
        ...(e.check !== undefined ? { check: e.check } : {}),
        ...(e.expected !== undefined ? { expected: e.expected } : {}),
        ...(e.received !== undefined ? { received: e.received } : {}),
      })),
      ...jitError,
    ],
    subject: result.assertion?.subject ?? null,
    attributes: result.assertion ? { ...result.assertion.attributes } : {},
    issuer: result.assertion?.issuer ?? null,
    sessionIndex: result.assertion?.sessionIndex ?? null,
    signed: result.assertion?.signedElements ?? [],
    checks: result.checks,
    /** What JIT would do; null when the response was rejected before JIT could run. */
    jit,
  };
}

function humanReport(result: SamlValidationResult, apiName: string, now: Date): string {
  const rows: string[][] = [['CHECK', 'VERDICT', 'EXPECTED', 'RECEIVED']];
  for (const c of result.checks) rows.push(rowFor(c));
  const widths = [0, 1, 2].map((i) => Math.min(48, Math.max(...rows.map((r) => r[i]!.length))));
  const lines = rows.map((r) =>
    r.map((cell, i) => (i < 3 ? truncate(cell, widths[i]!).padEnd(widths[i]!) : cell)).join('  '),
  );
  const head = `SAML Assertion Validator — setting ${apiName}, at ${now.toISOString()}\n`;
  const verdict = result.valid
    ? `\nACCEPTED: subject ${result.assertion.subject}`
    : `\nREJECTED: ${result.errors.map((e) => `${e.code} (${e.message})`).join('; ')}`;
  const attributes = result.valid
    ? '\n\nATTRIBUTES\n' +
      Object.entries(result.assertion.attributes)
        .map(([name, values]) => `  ${name} = ${values.map((v) => JSON.stringify(v)).join(', ')}`)
        .join('\n')
    : '';
  return head + lines.join('\n') + verdict + attributes;
}

function rowFor(c: CheckResult): string[] {
  const verdict = c.verdict === 'fail' ? `FAIL ${c.code ?? ''}`.trim() : c.verdict.toUpperCase();
  return [c.check, verdict, c.expected ?? '', c.received ?? c.message ?? ''];
}

function truncate(value: string, width: number): string {
  return value.length <= width ? value : `${value.slice(0, width - 1)}…`;
}
