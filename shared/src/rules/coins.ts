/**
 * The coin rules of the contract (section 4), as pure integer functions.
 *
 * A day's reward is computed from the day's best step count, never accumulated per sync:
 * the BFF stores what it already credited for the day and pays only the difference, so the
 * same rules give the same answer however many times (and in whatever order) a day is synced.
 * Campaign effects are layered on top of `baseCoinsForDay` by later rules, not mixed into it.
 */

export interface CoinRules {
  /** Weight assumed when the user has not set one. */
  defaultWeightKg: number;
  /** Most base coins one day can earn. */
  dailyCoinCap: number;
  /** A day's step count above this is not believed. */
  implausibleStepsAbove: number;
}

export const DEFAULT_COIN_RULES: Readonly<CoinRules> = Object.freeze({
  defaultWeightKg: 60,
  dailyCoinCap: 600,
  implausibleStepsAbove: 100_000,
});

/** Lightest and heaviest weight a profile may hold, in whole kilograms. */
export const WEIGHT_KG_MIN = 20;
export const WEIGHT_KG_MAX = 300;

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/**
 * Kilocalories burnt by walking `steps` at `weightKg`: floor(steps × weightKg × 5 / 10000).
 * 10,000 steps at 60 kg is 300 kcal.
 */
export function caloriesFromSteps(steps: number, weightKg: number = DEFAULT_COIN_RULES.defaultWeightKg): number {
  assertCount('steps', steps);
  assertCount('weightKg', weightKg);
  return Math.floor((steps * weightKg * 5) / 10_000);
}

/** Base coins a day earns from its calories: one coin per kcal, capped per day. */
export function baseCoinsForDay(calories: number, rules: CoinRules = DEFAULT_COIN_RULES): number {
  assertCount('calories', calories);
  return Math.min(calories, rules.dailyCoinCap);
}

/** Base coins for a day's best step count at the given weight. */
export function coinsForSteps(steps: number, weightKg: number, rules: CoinRules = DEFAULT_COIN_RULES): number {
  return baseCoinsForDay(caloriesFromSteps(steps, weightKg), rules);
}

/**
 * Coins still owed for a day: what the day is worth now minus what was already credited.
 * Never negative: a day's credit is never taken back because a later sync was lower or the
 * user changed their weight.
 */
export function coinsStillOwed(dayWorth: number, alreadyCredited: number): number {
  assertCount('dayWorth', dayWorth);
  assertCount('alreadyCredited', alreadyCredited);
  return Math.max(0, dayWorth - alreadyCredited);
}

/** Whether a claimed day's step count is beyond belief. */
export function isImplausibleSteps(steps: number, rules: CoinRules = DEFAULT_COIN_RULES): boolean {
  return steps > rules.implausibleStepsAbove;
}

export interface DayCredit {
  /** The day's best step count after this sync. */
  steps: number;
  calories: number;
  /** What the whole day is worth now. */
  dayCoins: number;
  /** What this sync adds. */
  credited: number;
}

/**
 * What a sync of `syncedSteps` does to a day already at `recordedSteps` with `alreadyCredited`
 * coins: steps only go up, and only coins not yet credited are paid.
 */
export function creditForSync(
  input: { recordedSteps: number; alreadyCredited: number; syncedSteps: number; weightKg: number },
  rules: CoinRules = DEFAULT_COIN_RULES,
): DayCredit {
  assertCount('recordedSteps', input.recordedSteps);
  assertCount('syncedSteps', input.syncedSteps);
  const steps = Math.max(input.recordedSteps, input.syncedSteps);
  const calories = caloriesFromSteps(steps, input.weightKg);
  const dayCoins = baseCoinsForDay(calories, rules);
  return { steps, calories, dayCoins, credited: coinsStillOwed(dayCoins, input.alreadyCredited) };
}
