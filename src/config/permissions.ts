/**
 * The permissions a profile may hold. The names are the stable identifiers used in the
 * configuration file, the store and the API.
 *
 * @example
 * const admin: Permission[] = [...PERMISSIONS];
 */
export const PERMISSIONS = [
  'ViewSetup',
  'CustomizeApplication',
  'ModifyAllData',
  'MonitorLoginHistory',
  'ManageUsers',
  'ApiEnabled',
] as const;

/** One of {@link PERMISSIONS}. */
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Permissions that make a profile administrative. JIT may assign a profile holding any of
 * these only when a setting's `jit.allowedProfiles` names it explicitly, so an assertion
 * cannot make its bearer an administrator by default. Seeing setup and the login history
 * counts too: the history keeps failed assertions an observer could study.
 *
 * @example
 * isAdministrativeProfile({ permissions: ['ApiEnabled'] }); // false
 */
export const ADMINISTRATIVE_PERMISSIONS: readonly Permission[] = Object.freeze([
  'ModifyAllData',
  'CustomizeApplication',
  'ManageUsers',
  'ViewSetup',
  'MonitorLoginHistory',
] as const);

/**
 * Whether a profile holds any of {@link ADMINISTRATIVE_PERMISSIONS}.
 *
 * @example
 * isAdministrativeProfile({ permissions: ['ManageUsers'] }); // true
 */
export function isAdministrativeProfile(profile: { readonly permissions: readonly Permission[] }): boolean {
  return profile.permissions.some((permission) => ADMINISTRATIVE_PERMISSIONS.includes(permission));
}
