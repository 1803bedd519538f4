import type { EntityManager } from 'typeorm';
import { campaignWorkoutCreditForDay, targetsWorkouts } from '@calorie-bank/shared';
import { activeCampaignsOn, findCampaignWorkoutDay, saveCampaignWorkoutDay } from '../db/campaigns.js';
import { communitiesOf } from '../db/communities.js';
import type { AccountRef } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import { drawFromPool } from '../ledger/pools.js';
import { appliesTo, definitionOf } from './campaigns.js';

export interface WorkoutCampaignInput {
  userId: string;
  /** The business day the visit closed on. */
  date: string;
  /** The day's workout coins (`workout_reward`) with this visit's. */
  workoutCoins: number;
  wallet: AccountRef;
  /** Names the ledger payment, so that a retried exit pays once. */
  visitId: string;
  memo: string;
  now: number;
}

/**
 * Pays what the campaigns on workouts running on a day owe a user for the day's workout coins,
 * inside the gate's exit transaction (the caller holds the user's row lock, so two exits of one
 * user never race). Each campaign pays from the same budget pool as its step bonuses, drawn from
 * only when coins are owed, and never more than its slots hold, so concurrent exits and
 * syncs together never overspend it. Answers the coins paid in all.
 */
export async function creditWorkoutCampaigns(manager: EntityManager, input: WorkoutCampaignInput): Promise<number> {
  const running = (await activeCampaignsOn(manager, input.date)).map(definitionOf).filter((campaign) => targetsWorkouts(campaign.target));
  if (running.length === 0) return 0;
  const communities = await communitiesOf(manager, input.userId);
  let credited = 0;
  for (const campaign of running.filter((candidate) => appliesTo(candidate, communities))) {
    const paid = await findCampaignWorkoutDay(manager, campaign.id, input.date, input.userId);
    const alreadyCredited = paid ?? 0;
    const day = { workoutCoins: input.workoutCoins };
    const owed = campaignWorkoutCreditForDay({ effects: campaign.effects, alreadyCredited, budgetLeft: Number.MAX_SAFE_INTEGER }, day).owed;
    if (owed === 0) continue;
    // What is owed is drawn from the budget's slots (`ledger/pools.ts`) at once; a draw never takes more than they hold.
    const draw = await drawFromPool(manager, { kind: 'campaign_budget', ownerId: campaign.id }, owed, input.now);
    const credit = campaignWorkoutCreditForDay({ effects: campaign.effects, alreadyCredited, budgetLeft: draw.available }, day);
    if (draw.drawn !== credit.credited) throw new Error(`campaign ${campaign.id} drew ${draw.drawn} for ${credit.credited} owed`);
    if (credit.credited === 0) continue;
    const paidTotal = alreadyCredited + credit.credited;
    await saveCampaignWorkoutDay(manager, { campaignId: campaign.id, date: input.date, userId: input.userId, exists: paid !== null }, paidTotal);
    await postTransaction(manager, {
      idempotencyKey: `campaign-workout:${campaign.id}:${input.visitId}`,
      kind: 'campaign_bonus',
      memo: `${campaign.name} · ${input.memo}`.slice(0, 200),
      postings: [...draw.postings, { account: input.wallet, amount: credit.credited }],
      now: input.now,
      applied: draw.balancesAfter,
    });
    credited += credit.credited;
  }
  return credited;
}
