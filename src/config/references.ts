import { formatPath, type ConfigIssue } from './config-error.js';
import type { ConfigFileShape } from './schema.js';
import { withSuggestion } from './suggest.js';

/** Collects issues with their paths as arrays, rendered once. */
export class IssueCollector {
  readonly issues: ConfigIssue[] = [];

  add(path: ReadonlyArray<string | number>, message: string): void {
    this.issues.push({ path: formatPath(path), message });
  }
}

/**
 * Reports every item whose `key` repeats an earlier one. With `ignoreCase`, names that differ
 * only in case count as the same, because lookups by name must not be ambiguous.
 */
export function checkUnique<T>(
  items: readonly T[],
  key: (item: T) => string | undefined,
  path: (index: number) => Array<string | number>,
  what: string,
  issues: IssueCollector,
  options: { ignoreCase: boolean },
): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const value = key(item);
    if (value === undefined) return;
    const normalized = options.ignoreCase ? value.toLowerCase() : value;
    const first = seen.get(normalized);
    if (first === undefined) {
      seen.set(normalized, index);
      return;
    }
    const also = formatPath(path(first));
    issues.add(path(index), `duplicate ${what} ${JSON.stringify(value)} (already used at ${also})`);
  });
}

/**
 * Reports a reference to a name that is not declared, suggesting the closest declared name.
 * Returns whether the reference resolved.
 */
export function checkReference(
  value: string,
  declared: readonly string[],
  path: Array<string | number>,
  what: string,
  issues: IssueCollector,
): boolean {
  if (declared.includes(value)) return true;
  issues.add(path, withSuggestion(`unknown ${what} ${JSON.stringify(value)}`, value, declared));
  return false;
}

/**
 * Checks profiles, roles, custom fields and seed users against each other: unique names,
 * declared references, an acyclic role hierarchy.
 */
export function checkOrgReferences(config: ConfigFileShape, issues: IssueCollector): void {
  const profileNames = config.profiles.map((profile) => profile.name);
  const roleNames = config.roles.map((role) => role.name);

  checkUnique(
    config.profiles,
    (p) => p.name,
    (i) => ['profiles', i, 'name'],
    'profile name',
    issues,
    {
      ignoreCase: true,
    },
  );
  config.profiles.forEach((profile, i) => {
    const seen = new Set<string>();
    profile.permissions.forEach((permission, j) => {
      if (seen.has(permission))
        issues.add(['profiles', i, 'permissions', j], `duplicate permission "${permission}"`);
      seen.add(permission);
    });
  });

  checkUnique(
    config.roles,
    (r) => r.name,
    (i) => ['roles', i, 'name'],
    'role name',
    issues,
    { ignoreCase: true },
  );
  config.roles.forEach((role, i) => {
    if (role.parentRole !== undefined) {
      // A role cannot be its own parent, so it is no suggestion for its own typo.
      const others =
        role.parentRole === role.name ? roleNames : roleNames.filter((name) => name !== role.name);
      checkReference(role.parentRole, others, ['roles', i, 'parentRole'], 'parent role', issues);
    }
  });
  checkRoleCycles(config.roles, issues);

  for (const object of ['User', 'Contact', 'Account'] as const) {
    checkUnique(
      config.customFields[object],
      (field) => field.name,
      (i) => ['customFields', object, i, 'name'],
      `${object} custom field`,
      issues,
      { ignoreCase: true },
    );
  }

  checkUnique(
    config.users,
    (u) => u.username,
    (i) => ['users', i, 'username'],
    'username',
    issues,
    {
      ignoreCase: true,
    },
  );
  checkUnique(
    config.users,
    (u) => u.federationIdentifier,
    (i) => ['users', i, 'federationIdentifier'],
    'federation identifier',
    issues,
    { ignoreCase: false },
  );
  config.users.forEach((user, i) => {
    checkReference(user.profile, profileNames, ['users', i, 'profile'], 'profile', issues);
    if (user.role !== undefined) checkReference(user.role, roleNames, ['users', i, 'role'], 'role', issues);
  });
}

// Each cycle is reported once, at the first role of it in declaration order.
function checkRoleCycles(roles: ConfigFileShape['roles'], issues: IssueCollector): void {
  const parentOf = new Map<string, string | undefined>();
  for (const role of roles) if (!parentOf.has(role.name)) parentOf.set(role.name, role.parentRole);
  const reported = new Set<string>();
  roles.forEach((role, index) => {
    if (reported.has(role.name)) return;
    const chain = [role.name];
    let current = role.parentRole;
    while (current !== undefined && parentOf.has(current) && !chain.includes(current)) {
      chain.push(current);
      current = parentOf.get(current);
    }
    if (current !== role.name) return;
    for (const name of chain) reported.add(name);
    issues.add(
      ['roles', index, 'parentRole'],
      `role hierarchy has a cycle: ${[...chain, role.name].join(' → ')}`,
    );
  });
}
