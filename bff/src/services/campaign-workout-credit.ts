import type { EntityManager } from 'typeorm';
import { campaignWorkoutCreditForDay, targetsWorkouts } from '@calorie-bank/shared';
import { activeCampaignsOn, findCampaignWorkoutDay, saveCampaignWorkoutDay } from '../db/campaigns.js';
import { communitiesOf } from '../db/communities.js';
import { campaignBudget } from '../db/ledger.js';
import type { AccountRef } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
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
 * user never race). Each campaign pays from the same budget account as its step bonuses, locked
 * only when coins are owed, and never more than the locked budget holds, so concurrent exits and
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
    const budget = await campaignBudget(manager, campaign.id, { lock: true });
    const credit = campaignWorkoutCreditForDay({ effects: campaign.effects, alreadyCredited, budgetLeft: budget?.balance ?? 0 }, day);
    if (credit.credited === 0 || !budget) continue;
    const paidTotal = alreadyCredited + credit.credited;
    await saveCampaignWorkoutDay(manager, { campaignId: campaign.id, date: input.date, userId: input.userId, exists: paid !== null }, paidTotal);
    await postTransaction(manager, {
      idempotencyKey: `campaign-workout:${campaign.id}:${input.visitId}`,
      kind: 'campaign_bonus',
      memo: `${campaign.name} · ${input.memo}`.slice(0, 200),
      postings: [
        { account: { id: budget.id, kind: 'campaign_budget' }, amount: -credit.credited },
        { account: input.wallet, amount: credit.credited },
      ],
      now: input.now,
    });
    credited += credit.credited;
  }
  return credited;
}
