import { campaignCreditForDay, type CampaignEffects } from '@calorie-bank/shared/campaign-rules';
import { DEFAULT_COIN_RULES, coinsForSteps, creditForSync, type CoinRules } from '@calorie-bank/shared/rules';

export interface TodayState {
  steps: number;
  coins: number;
  weightKg: number | null;
}

/**
 * What a sync would add, by the same rules the BFF applies. In the browser sandbox the phone's
 * count is known, so the preview is exact; on a real phone the count is only readable by the
 * BFF, so the preview is what today can still earn. `rules` are the deployment's (the BFF names them).
 */
export function previewCoins(today: TodayState, phoneSteps: number | null, rules: CoinRules = DEFAULT_COIN_RULES): number {
  if (phoneSteps === null) return Math.max(0, rules.dailyCoinCap - today.coins);
  return creditForSync(
    {
      recordedSteps: today.steps,
      alreadyCredited: today.coins,
      syncedSteps: phoneSteps,
      weightKg: today.weightKg ?? rules.defaultWeightKg,
    },
    rules,
  ).credited;
}

export interface CampaignState {
  multiplierPercent: number;
  thresholds: CampaignEffects['thresholds'];
  creditedToday: number;
  budgetLeft: number;
  /** What the campaign counts; a campaign on workouts only adds nothing to a sync. Absent: steps. */
  target?: 'steps' | 'workouts' | 'both';
}

/**
 * What the campaigns that apply to the user would add to a sync, by the shared campaign rules:
 * each pays on the day's base coins at the phone's count, as far as its budget reaches. Without a
 * known count (a real phone) it is what they add at today's recorded steps.
 */
export function previewCampaignCoins(
  today: TodayState,
  phoneSteps: number | null,
  campaigns: readonly CampaignState[],
  rules: CoinRules = DEFAULT_COIN_RULES,
): number {
  const steps = Math.max(today.steps, phoneSteps ?? today.steps);
  const baseCoins = coinsForSteps(steps, today.weightKg ?? rules.defaultWeightKg, rules);
  return campaigns.filter((campaign) => campaign.target !== 'workouts').reduce(
    (sum, campaign) =>
      sum +
      campaignCreditForDay(
        { effects: campaign, alreadyCredited: campaign.creditedToday, budgetLeft: campaign.budgetLeft },
        { steps, baseCoins },
      ).credited,
    0,
  );
}
