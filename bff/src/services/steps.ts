import type { EntityManager } from 'typeorm';
import { creditForSync, isImplausibleSteps, syncableDates, type StepSyncRequest, type StepSyncResponse } from '@calorie-bank/shared';
import { forUpdate, runInTransaction } from '../db/transaction.js';
import { AppError, authInvalid, userFrozen } from '../errors.js';
import { ensureAccount, mintAccount, type AccountRef } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import type { VerifiedSteps } from '../platform/types.js';
import type { ServiceContext } from './context.js';
import { creditCampaigns } from './campaign-credit.js';
import { flagReplayedPayload, recordRejectedSync } from './sync-attempts.js';

interface DayRow {
  steps: number;
  reachedAt: number;
  coinsCredited: number;
  bonusCoins: number;
}

async function lockedDay(manager: EntityManager, userId: string, date: string): Promise<DayRow | null> {
  const rows: { steps: number; reached_at: number | string; coins_credited: number; bonus_coins: number }[] = await manager.query(
    'SELECT steps, reached_at, coins_credited, bonus_coins FROM daily_steps WHERE user_id = ? AND date = ?',
    [userId, date],
  );
  if (rows.length === 0) return null;
  return { steps: Number(rows[0].steps), reachedAt: Number(rows[0].reached_at), coinsCredited: Number(rows[0].coins_credited), bonusCoins: Number(rows[0].bonus_coins) };
}

/** Checks a verified claim against the rules that need no lock: the sync window and the implausible limit. */
function checkClaim(context: ServiceContext, verified: VerifiedSteps, [today, yesterday]: [string, string]): void {
  if (verified.date !== today && verified.date !== yesterday) {
    throw new AppError('STEP_DATE_OUT_OF_WINDOW', `Only today's (${today}) and yesterday's (${yesterday}) steps can be synced`, {
      details: { date: verified.date, today, yesterday },
    });
  }
  if (isImplausibleSteps(verified.steps, context.config.coinRules)) {
    throw new AppError('STEPS_IMPLAUSIBLE', `${verified.steps} steps in one day is more than we can credit`, {
      details: { steps: verified.steps, limit: context.config.coinRules.implausibleStepsAbove },
    });
  }
}

/**
 * Credits a day's steps from a platform payload: the day keeps its best count, and only the
 * coins not yet paid for it are credited, in one transaction with the sync's record. The user's
 * row is locked first, so concurrent syncs of one user run one after another and the same
 * payload credits once. The leaderboard learns the new count after the commit.
 */
export async function creditDailySteps(context: ServiceContext, userId: string, body: StepSyncRequest): Promise<StepSyncResponse> {
  // Only WeChat needs the stored session key to read the payload; Alipay's needs no lookup at all.
  let sessionKey: string | null = null;
  if (context.platform.needsSessionKey) {
    const identity: { session_key: string | null }[] = await context.db.query(
      'SELECT session_key FROM platform_identities WHERE user_id = ? AND platform = ?',
      [userId, context.platform.name],
    );
    sessionKey = identity[0]?.session_key ?? null;
  }

  let verified: VerifiedSteps | undefined;
  const now = context.now().getTime();
  try {
    const window = syncableDates(context.now(), context.config.businessTimeZone);
    verified = context.platform.verifySteps(body, { today: window[0], sessionKey });
    const claim = verified;
    checkClaim(context, claim, window);
    const result = await runInTransaction(context.db, async (manager) => {
      // Locks the user and their wallet: this user's syncs run one at a time, and the wallet
      // balance read here is the one the credit adds to.
      const users: { weight_kg: number | null; frozen: number | boolean; wallet_id: number | string | null; balance: number | string | null }[] =
        await manager.query(
          `SELECT u.weight_kg, u.frozen, a.id AS wallet_id, a.balance FROM users u
             LEFT JOIN ledger_accounts a ON a.kind = 'user_wallet' AND a.owner_id = ? WHERE u.id = ?${forUpdate(manager)}`,
          [userId, userId],
        );
      if (users.length === 0) throw authInvalid('This account no longer exists');
      if (users[0].frozen) throw userFrozen();
      const weightKg = users[0].weight_kg ?? context.config.coinRules.defaultWeightKg;
      const day = await lockedDay(manager, userId, claim.date);
      const credit = creditForSync(
        { recordedSteps: day?.steps ?? 0, alreadyCredited: day?.coinsCredited ?? 0, syncedSteps: claim.steps, weightKg },
        context.config.coinRules,
      );
      const raised = !day || claim.steps > day.steps;
      const reachedAt = raised ? now : day.reachedAt;
      const coinsCredited = (day?.coinsCredited ?? 0) + credit.credited;
      if (!day) {
        await manager.query(
          `INSERT INTO daily_steps (user_id, date, steps, reached_at, calories, coins_credited, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
          [userId, claim.date, credit.steps, reachedAt, credit.calories, coinsCredited, now],
        );
      } else if (raised || credit.credited > 0) {
        await manager.query(
          `UPDATE daily_steps SET steps = ?, reached_at = ?, calories = ?, coins_credited = ?, updated_at = ? WHERE user_id = ? AND date = ?`,
          [credit.steps, reachedAt, credit.calories, coinsCredited, now, userId, claim.date],
        );
      }

      let balance = Number(users[0].balance ?? 0);
      let wallet: AccountRef | null = users[0].wallet_id !== null ? { id: String(users[0].wallet_id), kind: 'user_wallet' } : null;
      if (credit.credited > 0) {
        wallet ??= await ensureAccount(manager, 'user_wallet', userId, now);
        const posted = await postTransaction(manager, {
          // Coins credited for a day only ever grow, so each credit has a key of its own.
          idempotencyKey: `steps:${userId}:${claim.date}:${coinsCredited}`,
          kind: 'step_reward',
          memo: `${claim.date} ${credit.steps} 步`,
          postings: [
            { account: await mintAccount(manager), amount: -credit.credited },
            { account: wallet, amount: credit.credited },
          ],
          now,
          lockedBalances: new Map([[wallet.id, balance]]),
        });
        balance = posted.balances.get(wallet.id)!;
      }
      const campaigns = await creditCampaigns(manager, {
        userId,
        date: claim.date,
        steps: credit.steps,
        reachedAt,
        baseCoins: credit.dayCoins,
        wallet,
        balance,
        now,
      });
      const bonusCoins = (day?.bonusCoins ?? 0) + campaigns.credited;
      if (campaigns.credited > 0) {
        await manager.query('UPDATE daily_steps SET bonus_coins = ? WHERE user_id = ? AND date = ?', [bonusCoins, userId, claim.date]);
      }
      await manager.query(
        `INSERT INTO step_sync_attempts (user_id, date, steps, outcome, reason, fingerprint, flagged, credited, created_at)
           VALUES (?, ?, ?, 'accepted', NULL, ?, ?, ?, ?)`,
        [userId, claim.date, claim.steps, claim.fingerprint, false, credit.credited + campaigns.credited, now],
      );
      return { credit, reachedAt, coinsCredited, bonusCoins, balance: campaigns.balance, campaigns };
    });

    context.metrics.stepSyncs.inc({ outcome: 'accepted', reason: '' });
    if (result.credit.credited > 0) context.metrics.coinsCredited.inc({ kind: 'step_reward' }, result.credit.credited);
    if (result.campaigns.credited > 0) context.metrics.coinsCredited.inc({ kind: 'campaign_bonus' }, result.campaigns.credited);
    const entry = { date: claim.date, userId, steps: result.credit.steps, reachedAt: result.reachedAt };
    const rank =
      (await context.leaderboard.record({ ...entry, scope: 'global' })) ?? (await context.leaderboard.rankFromDatabase(claim.date, 'global', userId));
    for (const scope of result.campaigns.scopes) await context.leaderboard.record({ ...entry, scope });
    if (claim.steps >= context.config.replay.minSteps) await flagReplayedPayload(context, claim);
    return {
      date: claim.date,
      steps: result.credit.steps,
      calories: result.credit.calories,
      coinsToday: result.coinsCredited + result.bonusCoins,
      credited: result.credit.credited + result.campaigns.credited,
      campaigns: result.campaigns.credits,
      balance: result.balance,
      rank,
    };
  } catch (error) {
    if (error instanceof AppError) {
      await recordRejectedSync(context, { userId, reason: error.code, verified, now });
    }
    throw error;
  }
}
