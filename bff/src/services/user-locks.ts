import type { EntityManager } from 'typeorm';
import { lockUser, type LockedUser } from '../db/users.js';
import { authInvalid, userFrozen } from '../errors.js';

/** Locks the signed-in user's row (one user's actions run one at a time); a deleted account is AUTH_INVALID. */
export async function lockExistingUser(manager: EntityManager, userId: string): Promise<LockedUser> {
  const user = await lockUser(manager, userId);
  if (!user) throw authInvalid('This account no longer exists');
  return user;
}

/** As `lockExistingUser`, and a frozen user may not act. */
export async function lockActiveUser(manager: EntityManager, userId: string): Promise<LockedUser> {
  const user = await lockExistingUser(manager, userId);
  if (user.frozen) throw userFrozen();
  return user;
}
