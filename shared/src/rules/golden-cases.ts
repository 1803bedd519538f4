import cases from './golden-cases.json' with { type: 'json' };
import campaignCases from './campaign-golden-cases.json' with { type: 'json' };
import workoutCases from './workout-golden-cases.json' with { type: 'json' };
import workoutCampaignCases from './campaign-workout-golden-cases.json' with { type: 'json' };
import type { ClosedVisit, VisitReceipt } from './workouts.js';

/** One row of the golden table: a sync's input and what the coin rules must answer. */
export interface GoldenCase {
  name: string;
  recordedSteps: number;
  alreadyCredited: number;
  syncedSteps: number;
  weightKg: number;
  steps: number;
  calories: number;
  dayCoins: number;
  credited: number;
}

/**
 * The golden table of coin-rule cases, kept as data so the BFF, the mini-program and the
 * rules' own tests all check the same answers.
 */
export const GOLDEN_CASES: readonly GoldenCase[] = cases;

/** One campaign's part in a campaign golden case: its effects and state, and what it must pay. */
export interface GoldenCampaign {
  multiplierPercent: number;
  thresholds: { steps: number; coins: number }[];
  alreadyCredited: number;
  budgetLeft: number;
  credited: number;
  budgetLeftAfter: number;
}

/** A day's steps with the campaigns that apply to it, and what each must pay. */
export interface GoldenCampaignCase {
  name: string;
  steps: number;
  weightKg: number;
  baseCoins: number;
  campaigns: GoldenCampaign[];
}

/** Campaign cases of the golden table: overlapping campaigns, budget edges, thresholds met exactly. */
export const GOLDEN_CAMPAIGN_CASES: readonly GoldenCampaignCase[] = campaignCases;

/** A visit closed at a venue's gate (or by the job) and the receipt the workout rules must give. */
export interface GoldenWorkoutCase extends ClosedVisit, Omit<VisitReceipt, 'minutes'> {
  name: string;
}

/** Workout cases of the golden table: every activity, weights, the ten-minute floor, the cap, the longest stay. */
export const GOLDEN_WORKOUT_CASES: readonly GoldenWorkoutCase[] = workoutCases as GoldenWorkoutCase[];

/** A day's workout coins, one campaign on workouts, and what it must pay. */
export interface GoldenWorkoutCampaignCase {
  name: string;
  workoutCoins: number;
  multiplierPercent: number;
  workoutThresholds: { workoutCoins: number; coins: number }[];
  alreadyCredited: number;
  budgetLeft: number;
  credited: number;
  budgetLeftAfter: number;
}

/** Workout campaign cases: multipliers, thresholds met exactly or missed by one, budget edges, later visits. */
export const GOLDEN_WORKOUT_CAMPAIGN_CASES: readonly GoldenWorkoutCampaignCase[] = workoutCampaignCases;
