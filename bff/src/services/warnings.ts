import { MAX_LISTED_WARNINGS, type UserWarning } from '@calorie-bank/shared';
import { markWarningsSeen, unseenWarnings } from '../db/moderation.js';
import { runInTransaction } from '../db/transaction.js';
import { findUser } from '../db/users.js';
import type { ServiceContext } from './context.js';

/** The warnings operators gave a user that they have not dismissed yet, and whether they are frozen. */
export async function myWarnings(context: ServiceContext, userId: string): Promise<{ items: UserWarning[]; frozen: boolean }> {
  const manager = context.db.manager;
  const [items, user] = await Promise.all([unseenWarnings(manager, userId, MAX_LISTED_WARNINGS), findUser(manager, userId)]);
  return { items, frozen: user?.frozen ?? false };
}

/** Dismisses warnings: only the caller's own, and each once. */
export async function dismissWarnings(context: ServiceContext, userId: string, ids: string[]): Promise<{ seen: number }> {
  const now = context.now().getTime();
  return { seen: await runInTransaction(context.db, (manager) => markWarningsSeen(manager, userId, [...new Set(ids)], now)) };
}
