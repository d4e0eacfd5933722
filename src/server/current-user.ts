import type { IncomingMessage } from 'node:http';
import type { Permission } from '../config/permissions.js';
import type { Store } from '../store/index.js';
import type { Session, User } from '../store/types.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { HttpError } from './http-util.js';

export interface CurrentUser {
  user: User;
  permissions: ReadonlySet<string>;
}

export interface SignedInSession {
  session: Session;
  user: User;
}

/**
 * The valid session of this request and its user; null when anonymous. This is the one rule for
 * "signed in": an unexpired session whose user still exists and is active, so deactivating a
 * user signs them out everywhere at once.
 *
 * @example
 * const signedIn = await signedInSession(store, req, new Date());
 */
export async function signedInSession(
  store: Store,
  req: IncomingMessage,
  now: Date,
): Promise<SignedInSession | null> {
  const token = readCookie(req.headers.cookie, SESSION_COOKIE);
  if (!token) return null;
  const session = await store.sessions.findValid(token, now);
  if (!session) return null;
  const user = await store.users.findById(session.userId);
  if (!user || !user.isActive) return null;
  return { session, user };
}

/** The signed-in user of this request, with the permissions of their profile; null when anonymous. */
export async function currentUser(
  store: Store,
  req: IncomingMessage,
  now: Date,
): Promise<CurrentUser | null> {
  const signedIn = await signedInSession(store, req, now);
  if (!signedIn) return null;
  const { user } = signedIn;
  const profile = await store.profiles.findById(user.profileId);
  return { user, permissions: new Set(profile?.permissions ?? []) };
}

/**
 * Refuses the request unless the signed-in user holds at least one of `anyOf`:
 * 401 for nobody signed in, 403 for someone without the permission.
 */
export async function requireAnyPermission(
  store: Store,
  req: IncomingMessage,
  now: Date,
  anyOf: readonly Permission[],
): Promise<CurrentUser> {
  const current = await currentUser(store, req, now);
  if (!current) throw new HttpError(401, 'sign in first');
  if (!anyOf.some((p) => current.permissions.has(p))) {
    throw new HttpError(403, `this page needs one of: ${anyOf.join(', ')}`);
  }
  return current;
}
