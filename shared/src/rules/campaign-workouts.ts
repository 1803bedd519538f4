/**
 * Campaigns on workouts: what an operator's campaign adds to the workout coins a user's visits
 * earned in a day, beside (or instead of) what it adds to their steps.
 *
 * As with steps, the bonus is computed from the whole day's workout coins, never accumulated per
 * visit: the BFF stores what each campaign already paid a user's workouts for the day and pays only
 * the difference, as far as the campaign's budget reaches (one budget for steps and workouts).
 */

/** What a campaign's effects apply to: the day's steps (the default), its workouts, or both. */
export const CAMPAIGN_TARGETS = ['steps', 'workouts', 'both'] as const;
export type CampaignTarget = (typeof CAMPAIGN_TARGETS)[number];

export interface WorkoutThreshold {
  /** Workout coins the day must reach (at least) for the bonus. */
  workoutCoins: number;
  /** Coins the threshold adds once reached. */
  coins: number;
}

export interface WorkoutCampaignEffects {
  /** Percent of the day's workout coins the day is worth: 100 adds nothing, 200 doubles them. */
  multiplierPercent: number;
  /** One-off bonuses for reaching workout coin counts in a day. */
  workoutThresholds: readonly WorkoutThreshold[];
}

/** Whether a campaign with `target` pays on steps. */
export function targetsSteps(target: CampaignTarget): boolean {
  return target !== 'workouts';
}

/** Whether a campaign with `target` pays on workouts. */
export function targetsWorkouts(target: CampaignTarget): boolean {
  return target !== 'steps';
}

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/**
 * Coins a campaign adds to a day's workouts: the multiplier's extra share of the day's workout
 * coins (rounded down) plus every workout threshold those coins reached.
 */
export function campaignWorkoutBonusForDay(effects: WorkoutCampaignEffects, day: { workoutCoins: number }): number {
  assertCount('workoutCoins', day.workoutCoins);
  assertCount('multiplierPercent', effects.multiplierPercent);
  const extraPercent = Math.max(0, effects.multiplierPercent - 100);
  let bonus = Math.floor((day.workoutCoins * extraPercent) / 100);
  for (const threshold of effects.workoutThresholds) {
    assertCount('threshold.workoutCoins', threshold.workoutCoins);
    assertCount('threshold.coins', threshold.coins);
    if (day.workoutCoins >= threshold.workoutCoins) bonus += threshold.coins;
  }
  return bonus;
}

/** What a campaign pays a day's workouts now: only coins not yet paid, never more than its budget holds. */
export function campaignWorkoutCreditForDay(
  input: { effects: WorkoutCampaignEffects; alreadyCredited: number; budgetLeft: number },
  day: { workoutCoins: number },
): { dayBonus: number; owed: number; credited: number; budgetLeft: number } {
  assertCount('alreadyCredited', input.alreadyCredited);
  assertCount('budgetLeft', input.budgetLeft);
  const dayBonus = campaignWorkoutBonusForDay(input.effects, day);
  const owed = Math.max(0, dayBonus - input.alreadyCredited);
  const credited = Math.min(owed, input.budgetLeft);
  return { dayBonus, owed, credited, budgetLeft: input.budgetLeft - credited };
}
