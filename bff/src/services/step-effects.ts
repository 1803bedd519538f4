import type { StepSyncResponse } from '@calorie-bank/shared';
import type { VerifiedSteps } from '../platform/types.js';
import type { ServiceContext } from './context.js';
import type { CreditedDay } from './step-credit.js';
import { flagReplayedPayload } from './sync-attempts.js';
import { awardForSteps } from './collectible-awards.js';

/**
 * What follows a committed credit: the metrics, the day's boards (global, the user's communities
 * and the campaigns that applied) and the replay check; answers the sync with the user's rank.
 */
export async function afterCredit(context: ServiceContext, userId: string, claim: VerifiedSteps, result: CreditedDay): Promise<StepSyncResponse> {
  context.metrics.stepSyncs.inc({ outcome: 'accepted', reason: '' });
  if (result.credit.credited > 0) context.metrics.coinsCredited.inc({ kind: 'step_reward' }, result.credit.credited);
  if (result.campaigns.credited > 0) context.metrics.coinsCredited.inc({ kind: 'campaign_bonus' }, result.campaigns.credited);
  const entry = { date: claim.date, userId, steps: result.credit.steps, reachedAt: result.reachedAt };
  const rank =
    (await context.leaderboard.record({ ...entry, scope: 'global' })) ?? (await context.leaderboard.rankFromDatabase(claim.date, 'global', userId));
  for (const scope of result.campaigns.scopes) await context.leaderboard.record({ ...entry, scope });
  if (claim.steps >= context.config.replay.minSteps) await flagReplayedPayload(context, claim);
  await awardForSteps(context, userId, { steps: result.credit.steps, scopes: result.campaigns.scopes });
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
}
