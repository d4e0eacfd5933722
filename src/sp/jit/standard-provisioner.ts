import type { FrontdeskConfig } from '../../config/types.js';
import { SamlError } from '../../saml/errors.js';
import type { User } from '../../store/types.js';
import type { Provisioner, ProvisionResult } from '../provisioner.js';
import { mapAttributes, type MappedAttributes } from './attribute-map.js';
import { ProvisioningJournal } from './journal.js';
import { quote, charLength } from './value-rules.js';
import { createUser, updateUser, type UserProvisioningContext } from './user-records.js';

/** The part of the configuration standard JIT reads: declared custom fields and the org defaults. */
export type StandardJitConfig = Pick<FrontdeskConfig, 'org' | 'customFields'>;

const FEDERATION_ID_MAX = 512;

/**
 * `User.FederationIdentifier`, when sent, must agree with the subject. On a first login a
 * different value is a mismatch; on a later login it is an attempt to change an insert-only field.
 */
function checkFederationIdentifier(mapped: MappedAttributes, subject: string, existing: User | null): void {
  if (!mapped.User.fields.has('FederationIdentifier')) return;
  const sent = mapped.User.fields.get('FederationIdentifier');
  if (existing && sent !== existing.federationIdentifier) {
    throw new SamlError(
      'JIT_FEDERATION_ID_CHANGE_NOT_ALLOWED',
      `User.FederationIdentifier is insert-only: the user has ${quote(existing.federationIdentifier ?? '')}, the assertion says ${quote(String(sent ?? ''))}`,
      {
        check: 'jit-insert-only',
        expected: existing.federationIdentifier ?? '',
        received: String(sent ?? ''),
      },
    );
  }
  if (sent !== subject) {
    throw new SamlError(
      'JIT_FEDERATION_ID_MISMATCH',
      `User.FederationIdentifier ${quote(String(sent ?? ''))} differs from the subject's Federation ID ${quote(subject)}`,
      { check: 'jit-identity', expected: subject, received: String(sent ?? '') },
    );
  }
}

/**
 * Standard JIT provisioning (DESIGN.md §1): maps `User.*`, `Contact.*` and `Account.*`
 * attributes onto records, creates the user on a first login (walking the Federation ID →
 * Contact → Account chain when the assertion names a Contact or an Account) and updates what
 * the assertion carries on later logins. Runs inside the login transaction; refuses with a
 * `SamlError` carrying a `JIT_*` code, after which everything it wrote is rolled back.
 * @example
 * const provisioner = createStandardProvisioner(config);
 * new LoginService({ config, store, provisioner });
 */
export function createStandardProvisioner(config: StandardJitConfig): Provisioner {
  return async (tx, { setting, assertion, existingUser, now }): Promise<ProvisionResult> => {
    if (!setting.jit.enabled || setting.jit.type !== 'standard' || setting.identityType !== 'FederationId') {
      throw new SamlError('JIT_DISABLED', `standard JIT is not enabled for setting ${setting.apiName}`, {
        check: 'jit',
        expected: 'jit.enabled, jit.type "standard" and identityType "FederationId"',
        received: `enabled ${setting.jit.enabled}, type ${setting.jit.type}, identityType ${setting.identityType}`,
      });
    }
    const subject = assertion.subject;
    if (subject.trim() === '') {
      throw new SamlError(
        'JIT_MISSING_FEDERATION_ID',
        'the assertion carries no Federation ID to provision',
        {
          check: 'jit-identity',
          expected: 'a non-empty subject',
          received: quote(subject),
        },
      );
    }
    if (!existingUser && charLength(subject) > FEDERATION_ID_MAX) {
      throw new SamlError(
        'JIT_INVALID_FIELD_VALUE',
        `the Federation ID is longer than ${FEDERATION_ID_MAX} characters`,
        {
          check: 'jit-identity',
          expected: `at most ${FEDERATION_ID_MAX} characters`,
          received: quote(subject),
        },
      );
    }
    const mapped = mapAttributes(assertion.attributes, config.customFields);
    checkFederationIdentifier(mapped, subject, existingUser);

    const journal = new ProvisioningJournal(`jit:${setting.apiName}`, now);
    const ctx: UserProvisioningContext = { tx, config, setting, journal };
    let user: User;
    if (existingUser) {
      user = await updateUser(ctx, mapped, existingUser);
    } else {
      const created = await createUser(ctx, mapped, subject);
      user = 'user' in created ? created.user : await updateUser(ctx, mapped, created.raced);
    }
    const action = journal.created('User') ? 'created' : journal.touched.length > 0 ? 'updated' : 'none';
    return { user, action, recordsTouched: journal.touched, audit: journal.audit };
  };
}
