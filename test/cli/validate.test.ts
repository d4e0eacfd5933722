import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { getTestKeys } from '../support/keys.js';
import {
  ACS_URL,
  buildResponseXml,
  FIXED_NOW,
  IDP_ISSUER,
  SP_ENTITY_ID,
} from '../support/response-builder.js';
import { signResponse } from '../support/xmlsec-signer.js';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

describe('frontdesk validate', () => {
  let dir: string;
  let configPath: string;
  let validPath: string;
  let badAudiencePath: string;
  const at = FIXED_NOW.toISOString();
  /** `frontdesk validate` against the test config and setting, for one response file. */
  const validateArgs = (response: string, ...extra: string[]): string[] => [
    'validate',
    '--config',
    configPath,
    '--sso',
    'example',
    '--response',
    response,
    ...extra,
  ];

  before(() => {
    const keys = getTestKeys();
    dir = mkdtempSync(join(tmpdir(), 'frontdesk-validate-'));
    configPath = join(dir, 'frontdesk.config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        baseUrl: new URL(ACS_URL).origin,
        ssoSettings: [
          {
            name: 'Example',
            apiName: 'example',
            idpIssuer: IDP_ISSUER,
            idpCertificates: [keys.idp.certificatePem],
            spEntityId: SP_ENTITY_ID,
            identityType: 'FederationId',
            identityLocation: { kind: 'nameid' },
          },
        ],
      }),
    );
    const sign = { assertion: { key: keys.idp } };
    const valid = signResponse(buildResponseXml({ inResponseTo: null, nameId: 'fed-alice-0001' }), sign);
    validPath = join(dir, 'valid.xml');
    writeFileSync(validPath, valid);
    writeFileSync(join(dir, 'valid.b64'), Buffer.from(valid).toString('base64'));
    writeFileSync(join(dir, 'valid.deflated'), deflateRawSync(Buffer.from(valid)).toString('base64'));
    badAudiencePath = join(dir, 'bad-audience.xml');
    writeFileSync(
      badAudiencePath,
      signResponse(
        buildResponseXml({ inResponseTo: null, audienceRestrictions: [['https://other.example']] }),
        sign,
      ),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a valid response in XML, base64 and deflated base64 with exit 0 and the JSON contract', async () => {
    for (const file of [validPath, join(dir, 'valid.b64'), join(dir, 'valid.deflated')]) {
      const { code, out } = await run(validateArgs(file, '--json', '--at', at));
      assert.equal(code, 0, file);
      const json = JSON.parse(out) as {
        valid: boolean;
        errors: unknown[];
        subject: string;
        attributes: Record<string, string[]>;
      };
      assert.equal(json.valid, true);
      assert.deepEqual(json.errors, []);
      assert.equal(json.subject, 'fed-alice-0001');
      assert.ok(Array.isArray(json.attributes['User.Email']));
    }
  });

  it('rejects with exit 1, the error code and the expected vs received values', async () => {
    const { code, out } = await run(validateArgs(badAudiencePath, '--json', '--at', at));
    assert.equal(code, 1);
    const json = JSON.parse(out) as {
      valid: boolean;
      errors: Array<{ code: string; expected: string; received: string }>;
      subject: null;
    };
    assert.equal(json.valid, false);
    assert.equal(json.errors[0]!.code, 'AUDIENCE_INVALID');
    assert.equal(json.errors[0]!.expected, SP_ENTITY_ID);
    assert.equal(json.errors[0]!.received, 'https://other.example');
    assert.equal(json.subject, null);
  });

  it('rejects an expired response when --at is later', async () => {
    const later = new Date(FIXED_NOW.getTime() + 3600_000).toISOString();
    const { code, out } = await run(validateArgs(validPath, '--json', '--at', later));
    assert.equal(code, 1);
    assert.match(out, /ASSERTION_EXPIRED|SUBJECT_CONFIRMATION_ERROR/);
  });

  it('prints a readable per-check report without --json', async () => {
    const { code, out } = await run(validateArgs(badAudiencePath, '--at', at));
    assert.equal(code, 1);
    assert.match(out, /CHECK\s+VERDICT\s+EXPECTED\s+RECEIVED/);
    assert.match(
      out,
      /audience\s+FAIL AUDIENCE_INVALID\s+https:\/\/sp\.example\.test\s+https:\/\/other\.example/,
    );
    assert.match(out, /signature\s+PASS/);
    assert.match(out, /REJECTED: AUDIENCE_INVALID/);
  });

  it('exits 2 on usage and configuration errors', async () => {
    const cases: string[][] = [
      ['validate'],
      ['validate', '--config', configPath, '--sso', 'example'],
      ['validate', '--config', configPath, '--sso', 'nosuch', '--response', validPath],
      ['validate', '--config', join(dir, 'missing.json'), '--sso', 'example', '--response', validPath],
      validateArgs(join(dir, 'missing.xml')),
      validateArgs(validPath, '--at', 'yesterday'),
      validateArgs(validPath, '--bogus'),
    ];
    for (const args of cases) {
      const { code, err } = await run(args);
      assert.equal(code, 2, args.join(' '));
      assert.match(err, /frontdesk: /);
    }
  });

  it('keeps the contract through the real bin', () => {
    const bin = join(process.cwd(), 'bin', 'frontdesk.js');
    const ok = spawnSync(process.execPath, [bin, ...validateArgs(validPath, '--json', '--at', at)], {
      encoding: 'utf8',
    });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { valid: boolean }).valid, true);
    const bad = spawnSync(process.execPath, [bin, ...validateArgs(badAudiencePath, '--json', '--at', at)], {
      encoding: 'utf8',
    });
    assert.equal(bad.status, 1);
    const usage = spawnSync(process.execPath, [bin, 'validate'], { encoding: 'utf8' });
    assert.equal(usage.status, 2);
  });
});
