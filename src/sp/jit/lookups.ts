import { withSuggestion } from '../../config/suggest.js';
import type { JitConfig } from '../../config/types.js';
import { SamlError } from '../../saml/errors.js';
import type { StoreTx } from '../../store/index.js';
import type { Profile, Role } from '../../store/types.js';
import { isRecordId, quote } from './value-rules.js';

/**
 * The profile `User.ProfileId` names, by id or else by exact name, checked against the setting's
 * guardrail. The guardrail applies to assignments only: a user keeping the profile they already
 * hold (`currentId`) is not refused, since the assertion grants nothing new.
 * @example await resolveProfile(tx, setting.jit, 'Standard User', null) // '00e…'
 */
export async function resolveProfile(
  tx: StoreTx,
  jit: JitConfig,
  value: string,
  currentId: string | null,
): Promise<string> {
  const profile =
    (isRecordId(value, 'profile') ? await tx.profiles.findById(value) : null) ??
    (await tx.profiles.findByName(value));
  if (!profile) {
    const names = (await tx.profiles.list()).map((p) => p.name);
    throw new SamlError(
      'JIT_PROFILE_LOOKUP_FAILED',
      withSuggestion(`User.ProfileId ${quote(value)} names no profile (by id or name)`, value, names),
      { check: 'jit-lookup', expected: 'a profile id or name', received: quote(value) },
    );
  }
  if (profile.id !== currentId) guard('profile', profile, jit.allowedProfiles);
  return profile.id;
}

/**
 * The role `User.UserRoleId` names, by id or else by exact name, checked against the setting's
 * guardrail (assignments only, as for profiles). An empty value removes the role.
 */
export async function resolveRole(
  tx: StoreTx,
  jit: JitConfig,
  value: string | null,
  currentId: string | null,
): Promise<string | null> {
  if (value === null) return null;
  const role =
    (isRecordId(value, 'role') ? await tx.roles.findById(value) : null) ?? (await tx.roles.findByName(value));
  if (!role) {
    const names = (await tx.roles.list()).map((r) => r.name);
    throw new SamlError(
      'JIT_ROLE_LOOKUP_FAILED',
      withSuggestion(`User.UserRoleId ${quote(value)} names no role (by id or name)`, value, names),
      { check: 'jit-lookup', expected: 'a role id or name', received: quote(value) },
    );
  }
  if (role.id !== currentId) guard('role', role, jit.allowedRoles);
  return role.id;
}

function guard(kind: 'profile' | 'role', record: Profile | Role, allowed: readonly string[]): void {
  if (allowed.includes(record.name)) return;
  throw new SamlError(
    'JIT_GUARDRAIL_REFUSED',
    `JIT may not assign the ${kind} ${quote(record.name)}; this setting allows ${
      allowed.length === 0 ? `no ${kind}s` : allowed.map((n) => quote(n)).join(', ')
    }`,
    {
      check: 'jit-guardrail',
      expected: `one of jit.allowed${kind === 'profile' ? 'Profiles' : 'Roles'}`,
      received: record.name,
    },
  );
}
