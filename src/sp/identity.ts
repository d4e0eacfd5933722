import type { IdentityType } from '../config/types.js';
import type { StoreTx } from '../store/index.js';
import type { User } from '../store/types.js';

/** The setting's Identity Type decides which field of User the asserted identity names. */
export function findUserByIdentity(
  tx: StoreTx,
  identityType: IdentityType,
  identity: string,
): Promise<User | null> {
  switch (identityType) {
    case 'FederationId':
      return tx.users.findByFederationId(identity);
    case 'Username':
      return tx.users.findByUsername(identity);
    case 'UserId':
      return tx.users.findById(identity);
  }
}
