import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import ts from 'typescript';
import { main } from '../../src/cli/main.js';
import { JIT_HANDLER_TEMPLATE } from '../../src/sp/jit/index.js';
import { startHarness, tickingClock, type Harness } from '../support/frontdesk-harness.js';
import { FIXED_NOW } from '../support/response-builder.js';
import { expectRefused, expectSignedIn } from '../sp/jit/jit-fixtures.js';
import { CUSTOM_ORG, customSetting, RUNNER } from '../sp/jit/custom/custom-fixtures.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

describe('frontdesk jit-handler template', () => {
  let dir: string;
  let handlerFile: string;
  let h: Harness;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'frontdesk-jit-template-'));
    handlerFile = join(dir, 'handlers', 'jit-handler.js');
    const run = await cli(['jit-handler', 'template', '--out', handlerFile]);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /wrote a custom JIT handler to .*jit-handler\.js/);
    h = await startHarness({
      config: CUSTOM_ORG,
      setting: customSetting(handlerFile, { allowedProfiles: ['Standard User', 'Sales User'] }),
      now: tickingClock(FIXED_NOW),
    });
  });
  after(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the template, refuses to overwrite without --force, and prints it without --out', async () => {
    assert.equal(readFileSync(handlerFile, 'utf8'), JIT_HANDLER_TEMPLATE);
    const again = await cli(['jit-handler', 'template', '--out', handlerFile]);
    assert.equal(again.code, 2);
    assert.match(again.err, /exists; pass --force/);
    assert.equal((await cli(['jit-handler', 'template', '--out', handlerFile, '--force'])).code, 0);
    const printed = await cli(['jit-handler', 'template']);
    assert.equal(printed.code, 0);
    assert.ok(printed.out.startsWith('// @ts-check'));
    const usage = await cli(['jit-handler', 'nonsense']);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /usage: frontdesk jit-handler template/);
  });

  it('signs a new person in through the ACS: profile and role by name, account by number, contact by email, custom field', async () => {
    const attributes = {
      email: 'rita@partner.test',
      firstName: 'Rita',
      lastName: 'Moreno',
      title: 'Buyer',
      profile: 'Sales User',
      role: 'Sales Rep',
      accountNumber: 'PARTNER-7',
      company: 'Partner Seven',
      badgeId: 'B-7',
    };
    const entry = await expectSignedIn(h, 'fed-rita', attributes, 'created');
    const store = h.app.store;
    const user = await store.users.findByFederationId('fed-rita');
    assert.ok(user);
    assert.equal(user.username, 'rita@partner.test');
    assert.equal(user.title, 'Buyer');
    assert.equal(user.profileId, (await store.profiles.findByName('Sales User'))?.id);
    assert.equal(user.userRoleId, (await store.roles.findByName('Sales Rep'))?.id);
    assert.deepEqual(user.customFields, { Badge_Id__c: 'B-7' });
    const contact = await store.contacts.findById(user.contactId!);
    assert.equal(contact?.email, 'rita@partner.test');
    const account = await store.accounts.findById(contact!.accountId!);
    assert.equal(account?.accountNumber, 'PARTNER-7');
    assert.equal(account?.name, 'Partner Seven');
    assert.deepEqual(
      entry.recordsTouched.map((t) => [t.type, t.action]),
      [
        ['Account', 'created'],
        ['Contact', 'created'],
        ['User', 'created'],
      ],
    );
    const events = await store.auditEvents.listForLoginHistory(entry.id);
    assert.ok(events.every((e) => e.actor === RUNNER));

    // A colleague at the same company: the Account is found by number, not created again.
    const colleague = await expectSignedIn(
      h,
      'fed-sam',
      { email: 'sam@partner.test', lastName: 'Sam', accountNumber: 'PARTNER-7' },
      'created',
    );
    assert.deepEqual(
      colleague.recordsTouched.map((t) => [t.type, t.action]),
      [
        ['Contact', 'created'],
        ['User', 'created'],
      ],
    );
    const sam = await store.users.findByFederationId('fed-sam');
    assert.equal(
      sam?.profileId,
      (await store.profiles.findByName('Standard User'))?.id,
      'the default profile',
    );
    assert.equal((await store.contacts.findById(sam!.contactId!))?.accountId, account!.id);
  });

  it('updates the user on a later login, and refuses what the guardrail forbids', async () => {
    const entry = await expectSignedIn(h, 'fed-rita', { title: 'Head of Buying', badgeId: 'B-8' }, 'updated');
    const [event] = await h.app.store.auditEvents.listForLoginHistory(entry.id);
    assert.deepEqual(event?.diff, {
      Title: { old: 'Buyer', new: 'Head of Buying' },
      Badge_Id__c: { old: 'B-7', new: 'B-8' },
    });
    await expectRefused(h, 'fed-rita', { profile: 'System Administrator' }, 'JIT_GUARDRAIL_REFUSED');
    const refused = await expectRefused(h, 'fed-nomail', { lastName: 'X' }, 'JIT_HANDLER_ERROR');
    assert.equal(
      refused.status,
      'Failed: JIT provisioning error: the IdP did not send the "email" attribute',
    );
  });

  it('type-checks, like the example handler, against the published types (tsc --checkJs)', () => {
    const file = join(dir, 'checked-handler.js');
    writeFileSync(file, JIT_HANDLER_TEMPLATE);
    const example = join(REPO_ROOT, 'examples/handlers/partner-jit-handler.js');
    const program = ts.createProgram([file, example], {
      allowJs: true,
      checkJs: true,
      noEmit: true,
      strict: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
      typeRoots: [join(REPO_ROOT, 'node_modules/@types')],
      baseUrl: REPO_ROOT,
      // The declarations the build emits: what `import('frontdesk')` resolves to once installed.
      paths: { frontdesk: [join(REPO_ROOT, 'dist/src/index.d.ts')] },
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName === file || d.file?.fileName === example);
    const text = diagnostics
      .map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)
      .join('\n');
    assert.equal(diagnostics.length, 0, text);
  });
});
