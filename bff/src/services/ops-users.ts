import type { FlaggedSync, OpsUser } from '@calorie-bank/shared';
import type { Page } from '../db/pages.js';
import { listFlaggedSyncs as flaggedSyncs } from '../db/sync-attempts.js';
import { runInTransaction } from '../db/transaction.js';
import { findOpsUser, lockUser, searchOpsUsers, setUserFrozen } from '../db/users.js';
import { notFound } from '../errors.js';
import { ensureAccount, mintAccount, walletBalance } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import { recordAudit, type Operator } from './audit.js';
import type { ServiceContext } from './context.js';
import { answerOnce, staffScope } from './idempotency.js';

/** Users by id (an all-digit query) or by part of their nickname, newest first. */
export function searchUsers(context: ServiceContext, query: { q?: string; cursor?: string; limit: number }): Promise<Page<OpsUser>> {
  return searchOpsUsers(context.db.manager, query);
}

/** Freezes or unfreezes a user with a reason, logged with the state before and after. */
export async function setFrozen(
  context: ServiceContext,
  operator: Operator,
  userId: string,
  frozen: boolean,
  reason: string | null,
): Promise<{ user: OpsUser }> {
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
    if (!(await lockUser(manager, userId))) throw notFound(`User ${userId}`);
    const before = (await findOpsUser(manager, userId))!;
    await setUserFrozen(manager, userId, frozen);
    const user = (await findOpsUser(manager, userId))!;
    await recordAudit(
      manager,
      operator,
      { action: frozen ? 'user.freeze' : 'user.unfreeze', targetType: 'user', targetId: userId, reason, before: { frozen: before.frozen }, after: { frozen } },
      now,
    );
    return { user };
  });
}

interface Adjustment {
  transactionId: string;
  userId: string;
  amount: number;
}

/**
 * Credits (from the mint) or debits (back to the mint) a user's wallet with a reason, once per
 * operator and Idempotency-Key: a retry answers the same transaction (with the wallet's balance
 * now), and the same key for another adjustment is IDEMPOTENCY_KEY_REUSED.
 */
export async function adjustBalance(
  context: ServiceContext,
  operator: Operator,
  key: string,
  body: { userId: string; amount: number; reason: string },
): Promise<Adjustment & { balance: number }> {
  const now = context.now().getTime();
  const memo = `${body.amount > 0 ? '+' : ''}${body.amount} ${body.reason}`.slice(0, 255);
  // The user and the memo (amount and reason) are what an adjustment asks for.
  const request = { scope: staffScope(operator.id), key, content: `adjust:${body.userId}:${memo}` };
  return runInTransaction(context.db, async (manager) => {
    if (!(await lockUser(manager, body.userId))) throw notFound(`User ${body.userId}`);
    const { answer } = await answerOnce(manager, request, now, async (requestId): Promise<Adjustment> => {
      const wallet = await ensureAccount(manager, 'user_wallet', body.userId, now);
      const posted = await postTransaction(manager, {
        // The request row already makes the adjustment once-only; its id keeps the ledger key short.
        idempotencyKey: `adjust:${requestId}`,
        kind: 'adjustment',
        memo,
        postings: [
          { account: await mintAccount(manager), amount: -body.amount },
          { account: wallet, amount: body.amount },
        ],
        now,
      });
      await recordAudit(
        manager,
        operator,
        { action: 'user.adjust', targetType: 'user', targetId: body.userId, reason: body.reason, after: { amount: body.amount, transactionId: posted.transactionId } },
        now,
      );
      return { transactionId: posted.transactionId, userId: body.userId, amount: body.amount };
    });
    return { ...answer, balance: await walletBalance(manager, body.userId) };
  });
}

/** Syncs for operators to review, newest first: those the replay detector flagged, and implausible counts. */
export function listFlaggedSyncs(context: ServiceContext, query: { cursor?: string; limit: number }): Promise<Page<FlaggedSync>> {
  return flaggedSyncs(context.db.manager, query);
}
