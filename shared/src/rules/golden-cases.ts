import cases from './golden-cases.json' with { type: 'json' };

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
