import { creditForSync, type DayCredit } from '@calorie-bank/shared';
import { dayWithCommunities, saveDay, setBonusCoins } from '../db/daily-steps.js';
import { insertSyncAttempt } from '../db/sync-attempts.js';
import { runInTransaction } from '../db/transaction.js';
import { readTogether } from '../db/statement-batch.js';
import { userLock } from '../db/users.js';
import { authInvalid, userFrozen } from '../errors.js';
import { ensureAccount, mintAccount, type AccountRef } from '../ledger/accounts.js';
import { postFreshTransaction } from '../ledger/ledger.js';
import type { VerifiedSteps } from '../platform/types.js';
import { creditCampaigns, type CampaignDayResult } from './campaign-credit.js';
import type { ServiceContext } from './context.js';

/** What one sync's transaction changed. */
export interface CreditedDay {
  credit: DayCredit;
  reachedAt: number;
  /** The day's base and campaign coins after this sync. */
  coinsCredited: number;
  bonusCoins: number;
  balance: number;
  campaigns: CampaignDayResult;
}

/**
 * The credit of a verified claim, in one transaction: the day keeps its best count, only the
 * coins not yet paid for it are credited (mint → wallet), campaigns pay what they owe, and the
 * accepted attempt is recorded. The user's row and wallet are locked first, so concurrent syncs
 * of one user run one after another and the same payload credits once.
 * It runs at READ COMMITTED, which takes no gap locks: at REPEATABLE READ one payer's update of
 * its campaign-day row locked the index gap where another payer, holding a budget slot the first
 * one waited for, was inserting its own (a deadlock). Every read that decides coins is of rows
 * this transaction locked or of its own user's rows, which the user's row lock keeps still.
 */
export function creditDay(context: ServiceContext, userId: string, claim: VerifiedSteps, now: number): Promise<CreditedDay> {
  return runInTransaction(context.db, async (manager) => {
    // The day is read after the lock, in the same round trip: no other sync of this user can
    // change it in between.
    const [user, { day, communityIds }] = await readTogether(manager, userLock(manager, userId, { withWallet: true }), dayWithCommunities(userId, claim.date));
    if (!user) throw authInvalid('This account no longer exists');
    if (user.frozen) throw userFrozen();
    const weightKg = user.weightKg ?? context.config.coinRules.defaultWeightKg;
    const credit = creditForSync(
      { recordedSteps: day?.steps ?? 0, alreadyCredited: day?.coinsCredited ?? 0, syncedSteps: claim.steps, weightKg },
      context.config.coinRules,
    );
    const raised = !day || claim.steps > day.steps;
    const reachedAt = raised ? now : day.reachedAt;
    const coinsCredited = (day?.coinsCredited ?? 0) + credit.credited;
    // A change of weight since the last sync changes the day's calories, not the coins it paid.
    if (!day || raised || credit.credited > 0 || credit.calories !== day.calories) {
      await saveDay(
        manager,
        { userId, date: claim.date, steps: credit.steps, reachedAt, calories: credit.calories, coinsCredited, exists: day !== null },
        now,
      );
    }

    let balance = user.wallet?.balance ?? 0;
    let wallet: AccountRef | null = user.wallet ? { id: user.wallet.id, kind: 'user_wallet' } : null;
    if (credit.credited > 0) {
      wallet ??= await ensureAccount(manager, 'user_wallet', userId, now);
      // Coins credited for a day only ever grow, and the day was read under the user's lock: no
      // earlier transaction holds this credit's key, and nothing of it waits for an answer.
      const balances = await postFreshTransaction(manager, {
        idempotencyKey: `steps:${userId}:${claim.date}:${coinsCredited}`,
        kind: 'step_reward',
        memo: `${claim.date} ${credit.steps} 步`,
        postings: [
          { account: await mintAccount(manager), amount: -credit.credited },
          { account: wallet, amount: credit.credited },
        ],
        now,
        // A wallet made just now may have been made and paid by another request (an event reward,
        // say) after the lock: only a wallet read under the lock has a known balance.
        lockedBalances: user.wallet ? new Map([[wallet.id, balance]]) : undefined,
      });
      balance = balances.get(wallet.id)!;
    }
    const campaigns = await creditCampaigns(manager, { userId, communityIds, date: claim.date, steps: credit.steps, reachedAt, baseCoins: credit.dayCoins, wallet, balance, now });
    const bonusCoins = (day?.bonusCoins ?? 0) + campaigns.credited;
    if (campaigns.credited > 0) await setBonusCoins(manager, userId, claim.date, bonusCoins);
    await insertSyncAttempt(
      manager,
      {
        userId,
        outcome: 'accepted',
        reason: null,
        date: claim.date,
        steps: claim.steps,
        fingerprint: claim.fingerprint,
        credited: credit.credited + campaigns.credited,
      },
      now,
    );
    return { credit, reachedAt, coinsCredited, bonusCoins, balance: campaigns.balance, campaigns };
  }, { isolation: 'READ COMMITTED' });
}
