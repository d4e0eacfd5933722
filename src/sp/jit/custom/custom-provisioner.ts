import type { CustomJitConfig, SsoSettingConfig } from '../../../config/types.js';
import { isSamlError, SamlError } from '../../../saml/errors.js';
import type { VerifiedAssertion } from '../../../saml/types.js';
import { isUniqueViolation, type StoreTx } from '../../../store/index.js';
import type { User } from '../../../store/types.js';
import type { Provisioner, ProvisionResult } from '../../provisioner.js';
import { FIELDS_BY_OBJECT } from '../field-catalog.js';
import { ProvisioningJournal } from '../journal.js';
import { resolveProfile, resolveRole } from '../lookups.js';
import type { StandardJitConfig } from '../standard-provisioner.js';
import { createUser } from '../user-records.js';
import { parseFieldValue, quote } from '../value-rules.js';
import type { JitContext, JitInput, SamlJitHandler } from './contract.js';
import { describeValue, handlerValues, isPlainRecord } from './handler-values.js';
import { HandlerWindow } from './handler-window.js';
import { createJitContext } from './jit-context.js';
import type { JitHandlers } from './load-handlers.js';

/** How long one handler call (createUser or updateUser) may take before the login is refused. */
export const JIT_HANDLER_TIME_LIMIT_MS = 5_000;
/** Longest handler error message kept for the login history. */
export const HANDLER_MESSAGE_MAX = 300;

export interface CustomProvisionerOptions {
  /** Default {@link JIT_HANDLER_TIME_LIMIT_MS}. */
  timeLimitMs?: number;
}

type CustomSetting = SsoSettingConfig & { readonly jit: CustomJitConfig };

function handlerError(message: string, expected: string, received: string): SamlError {
  return new SamlError('JIT_HANDLER_ERROR', message, { check: 'jit-handler', expected, received });
}

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f]+/g;

/** A thrown value's message on one line, without control characters, at most HANDLER_MESSAGE_MAX characters. */
export function handlerMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : String(error);
  // One line in the login history: control characters (newlines included) become spaces.
  const flat =
    raw.replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim() || 'the handler failed without a message';
  const chars = Array.from(flat);
  return chars.length > HANDLER_MESSAGE_MAX ? `${chars.slice(0, HANDLER_MESSAGE_MAX - 1).join('')}…` : flat;
}

/** The user the handler runs as, checked at every login: it must exist, be active and hold ManageUsers. */
async function executionUser(tx: StoreTx, username: string): Promise<User> {
  const user = await tx.users.findByUsername(username);
  const refuse = (why: string) =>
    handlerError(
      `Execute Handler As user ${quote(username)} ${why}`,
      'an active user holding ManageUsers',
      why,
    );
  if (!user) throw refuse('does not exist');
  if (!user.isActive) throw refuse('is deactivated');
  const profile = await tx.profiles.findById(user.profileId);
  if (!profile?.permissions.includes('ManageUsers')) {
    throw refuse(`lacks the ManageUsers permission (profile ${quote(profile?.name ?? user.profileId)})`);
  }
  return user;
}

/** The subject as a Federation ID: present and, for a user about to be created, a valid field value. */
function checkSubject(subject: string, creating: boolean): void {
  if (subject.trim() === '') {
    throw new SamlError('JIT_MISSING_FEDERATION_ID', 'the assertion carries no Federation ID to provision', {
      check: 'jit-identity',
      expected: 'a non-empty subject',
      received: quote(subject),
    });
  }
  if (creating)
    parseFieldValue('the Federation ID', FIELDS_BY_OBJECT.User.get('FederationIdentifier')!, subject);
}

function handlerInput(
  setting: CustomSetting,
  assertion: VerifiedAssertion,
  samlResponse: string | undefined,
): JitInput {
  const attributes: Record<string, readonly string[]> = {};
  // defineProperty: an attribute named "__proto__" stays an attribute instead of replacing the prototype.
  for (const [name, values] of Object.entries(assertion.attributes)) {
    Object.defineProperty(attributes, name, { value: Object.freeze([...values]), enumerable: true });
  }
  return Object.freeze({
    samlSsoProviderId: setting.apiName,
    federationId: assertion.subject,
    attributes: Object.freeze(attributes),
    assertion: samlResponse ?? '',
  });
}

/**
 * Runs one handler call with its own context and window, under the time limit. A `SamlError`
 * (a refusal by the context's rules) keeps its code; a unique violation is passed on so the
 * login pipeline retries; anything else the handler throws becomes JIT_HANDLER_ERROR with its message.
 */
async function callHandler<T>(
  what: 'createUser' | 'updateUser',
  specifier: string,
  timeLimitMs: number,
  buildContext: (window: HandlerWindow) => JitContext,
  call: (org: JitContext) => Promise<T>,
): Promise<T> {
  const window = new HandlerWindow(`the handler's ${what} call`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          handlerError(
            `${what} did not finish within ${timeLimitMs} ms`,
            `${what} to settle within ${timeLimitMs} ms`,
            `still running after ${timeLimitMs} ms (${specifier})`,
          ),
        ),
      timeLimitMs,
    );
  });
  try {
    const org = buildContext(window);
    // Promise.resolve().then: a handler that throws synchronously is caught like one that rejects.
    return await Promise.race([Promise.resolve().then(() => call(org)), timeout]);
  } catch (error) {
    if (isSamlError(error) || isUniqueViolation(error)) throw error;
    const message = handlerMessage(error);
    throw handlerError(message, `${what} to succeed`, `${specifier}: ${message}`);
  } finally {
    clearTimeout(timer);
    window.close();
  }
}

/**
 * `{ userId }` from createUser: links that user to this Federation ID. The subject gains what
 * the user holds, so the user's profile and role must pass the setting's guardrail, and a user
 * already bound to another Federation ID is never re-bound.
 */
async function linkUser(
  tx: StoreTx,
  setting: CustomSetting,
  journal: ProvisioningJournal,
  userId: unknown,
  subject: string,
): Promise<User> {
  const user = typeof userId === 'string' ? await tx.users.findById(userId) : null;
  if (!user) {
    const received = typeof userId === 'string' ? quote(userId) : typeof userId;
    throw handlerError(
      `createUser returned { userId: ${received} }, which names no user`,
      'the id of an existing user',
      received,
    );
  }
  // The pipeline refuses a user another setting provisioned (USER_SETTING_MISMATCH); a link must not slip past that.
  if (user.createdBySsoSetting !== null && user.createdBySsoSetting !== setting.apiName) {
    throw new SamlError(
      'USER_SETTING_MISMATCH',
      `createUser chose user ${quote(user.username)}, who signs in through another SSO setting`,
      { check: 'identity', expected: user.createdBySsoSetting, received: setting.apiName },
    );
  }
  if (user.federationIdentifier !== null) {
    throw new SamlError(
      'JIT_FEDERATION_ID_CHANGE_NOT_ALLOWED',
      `createUser chose user ${quote(user.username)}, already linked to Federation ID ${quote(user.federationIdentifier)}`,
      {
        check: 'jit-insert-only',
        expected: 'a user without a Federation ID',
        received: user.federationIdentifier,
      },
    );
  }
  await resolveProfile(tx, setting.jit, user.profileId, null);
  await resolveRole(tx, setting.jit, user.userRoleId, null);
  const linked = (await tx.users.update(user.id, { federationIdentifier: subject })) ?? user;
  journal.record('User', user.id, 'updated', { FederationIdentifier: { old: null, new: subject } });
  return linked;
}

function checkDraftFederationId(fields: ReadonlyMap<string, unknown>, subject: string): void {
  if (!fields.has('FederationIdentifier') || fields.get('FederationIdentifier') === subject) return;
  const sent = String(fields.get('FederationIdentifier') ?? '');
  throw new SamlError(
    'JIT_FEDERATION_ID_MISMATCH',
    `User.FederationIdentifier ${quote(sent)} differs from the subject's Federation ID ${quote(subject)}`,
    { check: 'jit-identity', expected: subject, received: sent },
  );
}

/**
 * Custom JIT (DESIGN.md §1 "Custom JIT handler"): on a first login the setting's handler
 * describes the user to create (a `UserDraft`, checked with standard JIT's rules and guardrail)
 * or names an existing one to link (`UserRef`); on later logins it updates through its context.
 * It runs inside the login transaction as the setting's Execute Handler As user (checked at every
 * login), under a time limit; every write lands in the audit journal with that user as actor.
 * @example
 * const provisioner = createCustomProvisioner(config, await loadJitHandlers(config));
 */
export function createCustomProvisioner(
  config: StandardJitConfig,
  handlers: JitHandlers,
  options: CustomProvisionerOptions = {},
): Provisioner {
  const timeLimitMs = options.timeLimitMs ?? JIT_HANDLER_TIME_LIMIT_MS;
  return async (tx, { setting, assertion, existingUser, now, samlResponse }): Promise<ProvisionResult> => {
    const jit = setting.jit;
    if (!jit.enabled || jit.type !== 'custom' || setting.identityType !== 'FederationId') {
      throw new SamlError('JIT_DISABLED', `custom JIT is not enabled for setting ${setting.apiName}`, {
        check: 'jit',
        expected: 'jit.enabled, jit.type "custom" and identityType "FederationId"',
        received: `enabled ${jit.enabled}, type ${jit.type}, identityType ${setting.identityType}`,
      });
    }
    const custom = setting as CustomSetting;
    const handler: SamlJitHandler | undefined = handlers.get(jit.handler);
    if (!handler) {
      throw handlerError(
        `the handler module ${jit.handler} was not loaded at start-up`,
        'a loaded handler',
        jit.handler,
      );
    }
    const subject = assertion.subject;
    checkSubject(subject, existingUser === null);
    const runningUser = await executionUser(tx, jit.executeHandlerAs);
    const journal = new ProvisioningJournal(runningUser.username, now);
    const input = handlerInput(custom, assertion, samlResponse);
    const contextFor = (loginUserId: string | null) => (window: HandlerWindow) =>
      createJitContext({ tx: window.guard(tx), config, setting: custom, journal, runningUser, loginUserId });
    const update = async (user: User): Promise<User> => {
      const userInput = Object.freeze({ ...input, userId: user.id });
      await callHandler('updateUser', jit.handler, timeLimitMs, contextFor(user.id), (org) =>
        handler.updateUser(userInput, org),
      );
      return (await tx.users.findById(user.id)) ?? user;
    };

    let user: User;
    if (existingUser) {
      user = await update(existingUser);
    } else {
      const result: unknown = await callHandler(
        'createUser',
        jit.handler,
        timeLimitMs,
        contextFor(null),
        (org) => handler.createUser(input, org),
      );
      if (!isPlainRecord(result)) {
        const gave = describeValue(result);
        throw handlerError(
          `createUser must resolve to a UserDraft or { userId }; it gave ${gave}`,
          'a UserDraft or { userId }',
          gave,
        );
      }
      const keys = Object.keys(result);
      if (keys.length === 1 && keys[0] === 'userId') {
        user = await linkUser(tx, custom, journal, result.userId, subject);
      } else {
        const mapped = handlerValues('User', result, config.customFields, 'createUser');
        checkDraftFederationId(mapped.User.fields, subject);
        const created = await createUser({ tx, config, setting, journal }, mapped, subject);
        // A concurrent first login of the same person committed first: this one updates that user.
        user = 'user' in created ? created.user : await update(created.raced);
      }
    }
    // One entry per record in the login history (a contact created then updated is "created"); the audit keeps every write.
    const touched = journal.touched.filter(
      (t, i) => journal.touched.findIndex((o) => o.type === t.type && o.id === t.id) === i,
    );
    const action = journal.created('User') ? 'created' : touched.length > 0 ? 'updated' : 'none';
    return { user, action, recordsTouched: touched, audit: journal.audit };
  };
}
