import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { JitPreview } from '../../src/sp/jit/index.js';
import type { ValidateJson } from '../support/validate-json.js';
import { openStore } from '../../src/store/index.js';
import { BASE_URL, SETTING_API_NAME, startHarness, tickingClock } from '../support/frontdesk-harness.js';
import { getTestKeys } from '../support/keys.js';
import { FIXED_NOW, IDP_ISSUER, SP_ENTITY_ID } from '../support/response-builder.js';
import {
  counts,
  type Attributes,
  JIT_ORG,
  JIT_SETTING,
  jitResponse,
  login,
  newUserAttributes,
  personAt,
} from '../sp/jit/jit-fixtures.js';

interface ValidateRun {
  code: number;
  out: string;
  err: string;
}

async function runCli(argv: string[]): Promise<ValidateRun> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

describe('frontdesk validate previews JIT without committing anything', () => {
  let dir: string;
  let configPath: string;
  let disabledConfigPath: string;
  let liveDb: string;
  let responseCounter = 0;

  function writeConfig(path: string, jit: object): void {
    const config = {
      baseUrl: BASE_URL,
      database: { url: `sqlite:${join(dir, 'unused.db')}` },
      ...JIT_ORG,
      ssoSettings: [
        {
          name: 'Example IdP',
          apiName: SETTING_API_NAME,
          idpIssuer: IDP_ISSUER,
          idpCertificates: [getTestKeys().idp.certificatePem],
          spEntityId: SP_ENTITY_ID,
          identityType: 'FederationId',
          identityLocation: { kind: 'nameid' },
          ...jit,
        },
      ],
    };
    writeFileSync(path, JSON.stringify(config));
  }

  function responseFile(subject: string, attributes: Attributes): string {
    const path = join(dir, `response-${++responseCounter}.b64`);
    writeFileSync(path, jitResponse(subject, attributes));
    return path;
  }

  async function validate(
    subject: string,
    attributes: Attributes,
    ...extra: string[]
  ): Promise<ValidateRun & { jit: JitPreview | null; json: ValidateJson }> {
    const run = await runCli([
      'validate',
      '--config',
      configPath,
      '--sso',
      SETTING_API_NAME,
      '--response',
      responseFile(subject, attributes),
      '--at',
      FIXED_NOW.toISOString(),
      '--json',
      ...extra,
    ]);
    const parsed = run.out === '' ? null : (JSON.parse(run.out) as ValidateJson);
    return { ...run, jit: parsed?.jit ?? null, json: parsed ?? { valid: false, errors: [], jit: null } };
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'frontdesk-jit-preview-'));
    configPath = join(dir, 'frontdesk.config.json');
    disabledConfigPath = join(dir, 'disabled.config.json');
    writeConfig(configPath, JIT_SETTING);
    writeConfig(disabledConfigPath, {});
    // A live store where fed-preview already exists, made by a real login.
    liveDb = join(dir, 'live.db');
    const h = await startHarness({
      config: JIT_ORG,
      setting: JIT_SETTING,
      databaseUrl: `sqlite:${liveDb}`,
      now: tickingClock(FIXED_NOW),
    });
    try {
      const { status } = await login(
        h,
        'fed-preview',
        personAt('preview', 'PREVIEW-1', { 'User.Title': 'Intern' }),
      );
      assert.equal(status, 302);
    } finally {
      await h.close();
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('shows a first login creating Account, Contact and User (in-memory store seeded from the config)', async () => {
    const run = await validate('fed-first', personAt('first', 'FIRST-1', { 'User.Badge_Id__c': 'B-7' }));
    assert.equal(run.code, 0, run.err);
    assert.equal(run.jit?.action, 'create');
    assert.deepEqual(
      run.jit?.records.map((r) => [r.type, r.id, r.action]),
      [
        ['Account', null, 'create'],
        ['Contact', null, 'create'],
        ['User', null, 'create'],
      ],
    );
    const [account, contact, user] = run.jit!.records;
    assert.deepEqual(account?.fields.AccountNumber, { old: null, new: 'FIRST-1' });
    assert.deepEqual(contact?.fields.Account, { old: null, new: '(new Account)' });
    assert.deepEqual(user?.fields.Contact, { old: null, new: '(new Contact)' });
    assert.deepEqual(user?.fields.Email, { old: null, new: 'first@mail.acme.test' });
    assert.deepEqual(user?.fields.TimeZoneSidKey, { old: null, new: 'Europe/Paris' });
    assert.deepEqual(user?.fields.Badge_Id__c, { old: null, new: 'B-7' });
    assert.match(String((user?.fields.ProfileId as { new: unknown }).new), /^00e/);
  });

  it('with --db shows a later login updating old → new values, and commits nothing', async () => {
    const store = await openStore({ url: `sqlite:${liveDb}` });
    const before = await counts(store);
    const historyBefore = (await store.loginHistory.list({ limit: 1000 })).length;
    const user = await store.users.findByFederationId('fed-preview');
    const contact = await store.contacts.findById(user!.contactId!);
    await store.close();

    const run = await validate(
      'fed-preview',
      { 'User.Title': 'Engineer', 'Contact.Title': 'Lead', 'User.City': 'Nantes' },
      '--db',
      `sqlite:${liveDb}`,
    );
    assert.equal(run.code, 0, run.err);
    assert.deepEqual(run.jit, {
      action: 'update',
      records: [
        {
          type: 'User',
          id: user!.id,
          action: 'update',
          fields: { Title: { old: 'Intern', new: 'Engineer' }, City: { old: null, new: 'Nantes' } },
        },
        { type: 'Contact', id: contact!.id, action: 'update', fields: { Title: { old: null, new: 'Lead' } } },
      ],
    });

    const after = await openStore({ url: `sqlite:${liveDb}` });
    try {
      assert.deepEqual(await counts(after), before);
      assert.equal((await after.loginHistory.list({ limit: 1000 })).length, historyBefore);
      assert.deepEqual(await after.users.findByFederationId('fed-preview'), user, 'the user is unchanged');
      assert.deepEqual(await after.contacts.findById(contact!.id), contact, 'the contact is unchanged');
    } finally {
      await after.close();
    }
  });

  it("shows 'none' with the matched user when a later login changes nothing", async () => {
    const run = await validate('fed-preview', { 'User.Title': 'Intern' }, '--db', `sqlite:${liveDb}`);
    assert.equal(run.jit?.action, 'none');
    assert.equal(run.jit?.records.length, 1);
    assert.equal(run.jit?.records[0]?.action, 'none');
  });

  it('shows the refusal a login would meet, and exits 1', async () => {
    const attributes = newUserAttributes('broken');
    delete attributes['User.Email'];
    const run = await validate('fed-broken', attributes);
    assert.equal(run.code, 1);
    assert.equal(run.jit?.action, 'error');
    assert.equal(run.jit?.error?.code, 'JIT_MISSING_REQUIRED_FIELD');
    assert.match(run.jit?.error?.message ?? '', /User\.Email/);
    assert.equal(run.json.valid, false, 'a login JIT would refuse is not valid');
    assert.equal(run.json.errors.at(-1)?.code, 'JIT_MISSING_REQUIRED_FIELD');
    const guard = await validate(
      'fed-preview',
      { 'User.ProfileId': 'System Administrator' },
      '--db',
      `sqlite:${liveDb}`,
    );
    assert.equal(guard.jit?.error?.code, 'JIT_GUARDRAIL_REFUSED');
  });

  it('says JIT would not run for a setting without JIT', async () => {
    const run = await runCli([
      'validate',
      '--config',
      disabledConfigPath,
      '--sso',
      SETTING_API_NAME,
      '--response',
      responseFile('fed-x', newUserAttributes('x')),
      '--at',
      FIXED_NOW.toISOString(),
      '--json',
    ]);
    assert.equal(run.code, 0, run.err);
    const jit = (JSON.parse(run.out) as { jit: JitPreview }).jit;
    assert.equal(jit.action, 'none');
    assert.equal(jit.error?.code, 'JIT_DISABLED');
  });

  it('reports jit null for a rejected response, refuses a --db file that does not exist, and prints a human report', async () => {
    const tampered = join(dir, 'tampered.b64');
    const xml = Buffer.from(jitResponse('fed-t', newUserAttributes('t')), 'base64').toString('utf8');
    writeFileSync(
      tampered,
      Buffer.from(xml.replace('t@mail.acme.test', 'u@mail.acme.test')).toString('base64'),
    );
    const rejected = await runCli([
      'validate',
      '--config',
      configPath,
      '--sso',
      SETTING_API_NAME,
      '--response',
      tampered,
      '--at',
      FIXED_NOW.toISOString(),
      '--json',
    ]);
    assert.equal(rejected.code, 1);
    assert.equal((JSON.parse(rejected.out) as { jit: unknown }).jit, null);

    const missing = await validate('fed-x', newUserAttributes('x'), '--db', `sqlite:${join(dir, 'nope.db')}`);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /names no existing database file/);

    const human = await runCli([
      'validate',
      '--config',
      configPath,
      '--sso',
      SETTING_API_NAME,
      '--response',
      responseFile('fed-preview', { 'User.Title': 'Boss' }),
      '--at',
      FIXED_NOW.toISOString(),
      '--db',
      `sqlite:${liveDb}`,
    ]);
    assert.equal(human.code, 0, human.err);
    assert.match(human.out, /JIT PREVIEW \(nothing committed\): UPDATE/);
    assert.match(human.out, /Title: "Intern" -> "Boss"/);
  });
});
