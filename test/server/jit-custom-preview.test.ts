import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { ValidateJson } from '../support/validate-json.js';
import { openStore } from '../../src/store/index.js';
import { BASE_URL, SETTING_API_NAME, startHarness, tickingClock } from '../support/frontdesk-harness.js';
import { getTestKeys } from '../support/keys.js';
import { FIXED_NOW, IDP_ISSUER, SP_ENTITY_ID } from '../support/response-builder.js';
import { counts, expectSignedIn, jitResponse, type Attributes } from '../sp/jit/jit-fixtures.js';
import {
  CUSTOM_ORG,
  customSetting,
  draftFor,
  setHandler,
  writeHookHandler,
} from '../sp/jit/custom/custom-fixtures.js';

describe('frontdesk validate previews a custom JIT handler without committing anything', () => {
  let dir: string;
  let configPath: string;
  let liveDb: string;
  let n = 0;

  async function validate(subject: string, attributes: Attributes, ...extra: string[]) {
    const response = join(dir, `response-${++n}.b64`);
    const posted = jitResponse(subject, attributes);
    writeFileSync(response, posted);
    let out = '';
    let err = '';
    const code = await main(
      [
        'validate',
        '--config',
        configPath,
        '--sso',
        SETTING_API_NAME,
        '--response',
        response,
        '--at',
        FIXED_NOW.toISOString(),
        '--json',
        ...extra,
      ],
      { out: (t) => (out += t), err: (t) => (err += t) },
    );
    return { code, err, posted, json: JSON.parse(out === '' ? 'null' : out) as ValidateJson | null };
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'frontdesk-jit-custom-preview-'));
    const handler = writeHookHandler(dir);
    configPath = join(dir, 'frontdesk.config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        baseUrl: BASE_URL,
        database: { url: `sqlite:${join(dir, 'unused.db')}` },
        ...CUSTOM_ORG,
        ssoSettings: [
          {
            name: 'Example IdP',
            apiName: SETTING_API_NAME,
            idpIssuer: IDP_ISSUER,
            idpCertificates: [getTestKeys().idp.certificatePem],
            spEntityId: SP_ENTITY_ID,
            identityType: 'FederationId',
            ...customSetting(handler),
          },
        ],
      }),
    );
    liveDb = join(dir, 'live.db');
    setHandler({ createUser: () => draftFor('known', { Title: 'Intern' }) });
    const h = await startHarness({
      config: CUSTOM_ORG,
      setting: customSetting(handler),
      databaseUrl: `sqlite:${liveDb}`,
      now: tickingClock(FIXED_NOW),
    });
    try {
      await expectSignedIn(h, 'fed-known', {}, 'created');
    } finally {
      await h.close();
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('shows what the handler would create, with the same input a login gives it', async () => {
    let assertion = '';
    setHandler({
      async createUser(input, org) {
        assertion = input.assertion;
        const account = await org.accounts.create({ Name: 'Preview Co', AccountNumber: 'PV-1' });
        const contact = await org.contacts.create({ LastName: 'Pre', Account: account.Id });
        return draftFor('pre', { Contact: contact.Id, Badge_Id__c: 'P-1' });
      },
    });
    const run = await validate('fed-pre', { mail: 'pre@partner.test' });
    assert.equal(run.code, 0, run.err);
    assert.equal(assertion, run.posted, 'the handler sees the response base64-encoded');
    assert.equal(run.json?.valid, true);
    assert.equal(run.json?.jit?.action, 'create');
    assert.deepEqual(
      run.json?.jit?.records.map((r) => [r.type, r.id, r.action]),
      [
        ['Account', null, 'create'],
        ['Contact', null, 'create'],
        ['User', null, 'create'],
      ],
    );
    const user = run.json!.jit!.records[2]!;
    assert.deepEqual(user.fields.Contact, { old: null, new: '(new Contact)' });
    assert.deepEqual(user.fields.Badge_Id__c, { old: null, new: 'P-1' });
  });

  it('shows an update against --db, and the refusal a handler error would cause; commits nothing', async () => {
    const store = await openStore({ url: `sqlite:${liveDb}` });
    const before = await counts(store);
    const known = await store.users.findByFederationId('fed-known');
    const history = (await store.loginHistory.list({ limit: 1000 })).length;
    await store.close();

    setHandler({
      createUser: () => draftFor('never'),
      async updateUser(input, org) {
        await org.users.update(input.userId, { Title: 'Engineer' });
      },
    });
    const update = await validate('fed-known', {}, '--db', `sqlite:${liveDb}`);
    assert.equal(update.code, 0, update.err);
    assert.deepEqual(update.json?.jit, {
      action: 'update',
      records: [
        {
          type: 'User',
          id: known!.id,
          action: 'update',
          fields: { Title: { old: 'Intern', new: 'Engineer' } },
        },
      ],
    });

    setHandler({
      createUser: () => draftFor('never'),
      async updateUser() {
        throw new Error('directory says no');
      },
    });
    const refused = await validate('fed-known', {}, '--db', `sqlite:${liveDb}`);
    assert.equal(refused.code, 1);
    assert.equal(refused.json?.valid, false);
    assert.deepEqual(refused.json?.jit?.error, { code: 'JIT_HANDLER_ERROR', message: 'directory says no' });

    const after = await openStore({ url: `sqlite:${liveDb}` });
    try {
      assert.deepEqual(await counts(after), before);
      assert.deepEqual(await after.users.findByFederationId('fed-known'), known);
      assert.equal((await after.loginHistory.list({ limit: 1000 })).length, history);
    } finally {
      await after.close();
    }
  });

  it('shows a draft the guardrail refuses', async () => {
    setHandler({ createUser: () => draftFor('boss', { ProfileId: 'System Administrator' }) });
    const run = await validate('fed-boss', {});
    assert.equal(run.code, 1);
    assert.equal(run.json?.jit?.action, 'error');
    assert.equal(run.json?.jit?.error?.code, 'JIT_GUARDRAIL_REFUSED');
  });
});
