import type { FrontdeskConfig } from '../config/types.js';
import type { Store } from '../store/index.js';

/**
 * Makes the store agree with the configuration: profiles and roles upserted by name, seed
 * users created when missing. Idempotent, so every start may run it.
 */
export async function applyConfigToStore(config: FrontdeskConfig, store: Store): Promise<void> {
  await store.transaction(async (tx) => {
    const profileIds = new Map<string, string>();
    for (const profile of config.profiles) {
      const saved = await tx.profiles.upsert({ name: profile.name, permissions: profile.permissions });
      profileIds.set(profile.name, saved.id);
    }
    const roleIds = new Map<string, string>();
    // Parents first: the configuration guarantees the hierarchy has no cycles.
    const pending = [...config.roles];
    while (pending.length > 0) {
      const index = pending.findIndex((r) => !r.parentRole || roleIds.has(r.parentRole));
      const [role] = pending.splice(index === -1 ? 0 : index, 1);
      const saved = await tx.roles.upsert({
        name: role!.name,
        parentRoleId: role!.parentRole ? (roleIds.get(role!.parentRole) ?? null) : null,
      });
      roleIds.set(saved.name, saved.id);
    }
    const defaults = config.org.defaults;
    for (const user of config.users) {
      if (await tx.users.findByUsername(user.username)) continue;
      const alias = ((user.firstName?.[0] ?? '') + user.lastName).slice(0, 8);
      await tx.users.insert({
        username: user.username,
        email: user.email,
        lastName: user.lastName,
        firstName: user.firstName ?? null,
        alias,
        communityNickname:
          user.username.split('@')[0]!.slice(0, 40) + '-' + Math.random().toString(36).slice(2, 6),
        profileId: profileIds.get(user.profile)!,
        userRoleId: user.role ? (roleIds.get(user.role) ?? null) : null,
        federationIdentifier: user.federationIdentifier ?? null,
        timeZoneSidKey: defaults.timeZoneSidKey,
        localeSidKey: defaults.localeSidKey,
        languageLocaleKey: defaults.languageLocaleKey,
        emailEncodingKey: defaults.emailEncodingKey,
      });
    }
  });
}
