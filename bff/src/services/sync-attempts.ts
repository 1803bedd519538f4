import { flagPayload, insertSyncAttempt, usersOfPayload } from '../db/sync-attempts.js';
import { runInTransaction } from '../db/transaction.js';
import type { ServiceContext } from './context.js';
import type { VerifiedSteps } from '../platform/types.js';

/** Keeps a refused sync for operators: who, what they claimed (if the payload could be read) and why. */
export async function recordRejectedSync(
  context: ServiceContext,
  attempt: { userId: string; reason: string; verified?: VerifiedSteps; now: number },
): Promise<void> {
  context.metrics.stepSyncs.inc({ outcome: 'rejected', reason: attempt.reason });
  try {
    // Every write goes through runInTransaction: on SQLite that keeps it out of another request's transaction.
    await runInTransaction(context.db, (manager) =>
      insertSyncAttempt(
        manager,
        {
          userId: attempt.userId,
          outcome: 'rejected',
          reason: attempt.reason,
          date: attempt.verified?.date ?? null,
          steps: attempt.verified?.steps ?? null,
          fingerprint: attempt.verified?.fingerprint ?? null,
          credited: 0,
        },
        attempt.now,
      ),
    );
  } catch (error) {
    // The refusal itself must still reach the user; the missing record is logged instead.
    context.logger.error({ err: error, userId: attempt.userId, reason: attempt.reason }, 'could not record a rejected sync');
  }
}

/**
 * The Alipay payload names no user, and equal counts on equal dates encrypt alike, so one
 * captured payload could be replayed by many accounts. Honest users also collide now and then,
 * so nothing is refused: once one high-count payload has been accepted for more than the
 * configured number of users on a date, all its syncs are flagged for operators to review.
 */
export async function flagReplayedPayload(context: ServiceContext, claim: VerifiedSteps): Promise<void> {
  const users = await usersOfPayload(context.db.manager, claim.date, claim.fingerprint);
  if (users <= context.config.replay.maxUsers) return;
  await runInTransaction(context.db, (manager) => flagPayload(manager, claim.date, claim.fingerprint));
  context.metrics.replayFlags.inc();
  context.logger.warn({ date: claim.date, fingerprint: claim.fingerprint, users }, 'one step payload was synced by many users');
}
