/**
 * The workout rules of the contract (section 5), as pure integer functions.
 *
 * A venue's gate opens and closes a visit, so the minutes inside are vouched for by the venue and
 * can be paid like steps: calories from the activity's MET, coins one per kcal under a daily cap of
 * their own (on top of the step cap). Walk-in fees are counted per started half hour, never past the
 * fee of the facility's longest stay, which is what the gate holds on entry.
 */

/** The activities a facility can offer. */
export const ACTIVITIES = ['swimming', 'table_tennis', 'badminton', 'basketball', 'fitness', 'yoga'] as const;
export type Activity = (typeof ACTIVITIES)[number];

/** MET × 10 per activity, after the Compendium of Physical Activities. */
export const MET_TENTHS: Readonly<Record<Activity, number>> = Object.freeze({
  swimming: 60,
  table_tennis: 40,
  badminton: 55,
  basketball: 65,
  fitness: 50,
  yoga: 25,
});

/** A visit shorter than this earns nothing. */
export const WORKOUT_MIN_MINUTES = 10;

/** Minutes of one walk-in billing period: a fee is due for every period started. */
export const FEE_PERIOD_MINUTES = 30;

export interface WorkoutRules {
  /** Most workout coins one day can earn, on top of the step cap. */
  dailyCoinCap: number;
}

export const DEFAULT_WORKOUT_RULES: Readonly<WorkoutRules> = Object.freeze({ dailyCoinCap: 300 });

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/** Whole minutes between two instants (a visit's entry and exit), never negative. */
export function minutesBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));
}

/** The minutes a visit is credited for: capped at the facility's longest stay. */
export function creditedMinutes(minutes: number, longestStayMinutes: number): number {
  assertCount('minutes', minutes);
  assertCount('longestStayMinutes', longestStayMinutes);
  return Math.min(minutes, longestStayMinutes);
}

/**
 * Kilocalories of a visit: floor(MET×10 × weightKg × minutes / 600), minutes capped at the longest
 * stay; a visit under ten minutes burns nothing that counts. 45 minutes of swimming at 60 kg is 270 kcal.
 */
export function caloriesFromWorkout(input: { activity: Activity; weightKg: number; minutes: number; longestStayMinutes: number }): number {
  assertCount('weightKg', input.weightKg);
  const minutes = creditedMinutes(input.minutes, input.longestStayMinutes);
  if (input.minutes < WORKOUT_MIN_MINUTES) return 0;
  return Math.floor((MET_TENTHS[input.activity] * input.weightKg * minutes) / 600);
}

/** Workout coins a visit adds: one per kcal, within what is left of the day's workout cap. */
export function workoutCoinsOwed(calories: number, earnedToday: number, rules: WorkoutRules = DEFAULT_WORKOUT_RULES): number {
  assertCount('calories', calories);
  assertCount('earnedToday', earnedToday);
  return Math.max(0, Math.min(calories, rules.dailyCoinCap - earnedToday));
}

/** What the gate holds on entry to a walk-in facility: the fee of the longest stay. */
export function walkInHold(pricePerPeriod: number, longestStayMinutes: number): number {
  assertCount('pricePerPeriod', pricePerPeriod);
  assertCount('longestStayMinutes', longestStayMinutes);
  return Math.max(1, Math.ceil(longestStayMinutes / FEE_PERIOD_MINUTES)) * pricePerPeriod;
}

/**
 * A walk-in visit's fee: the price of every half hour started (at least one, since the gate let the
 * user in), never more than the hold taken on entry. A half hour is started by the stay's first
 * millisecond past the one before (`stayMs`; whole `minutes` when it is not given), so 30 minutes
 * and 58 seconds pay for two.
 */
export function walkInFee(input: { minutes: number; stayMs?: number; pricePerPeriod: number; longestStayMinutes: number }): number {
  assertCount('minutes', input.minutes);
  if (input.stayMs !== undefined) assertCount('stayMs', input.stayMs);
  const stayMs = input.stayMs ?? input.minutes * 60_000;
  const periods = Math.max(1, Math.ceil(stayMs / (FEE_PERIOD_MINUTES * 60_000)));
  return Math.min(periods * input.pricePerPeriod, walkInHold(input.pricePerPeriod, input.longestStayMinutes));
}

export interface VisitReceipt {
  minutes: number;
  fee: number;
  calories: number;
  coinsEarned: number;
}

/** A visit as it is closed: what it was, how long it lasted and what the day had earned before it. */
export interface ClosedVisit {
  activity: Activity;
  weightKg: number;
  /** Whole minutes inside, for the workout. */
  minutes: number;
  /** The stay to the millisecond, for the started half hours of a walk-in fee (whole `minutes` when absent). */
  stayMs?: number;
  longestStayMinutes: number;
  /** The walk-in price per half hour; null for a booked visit, paid when booked. */
  pricePerPeriod: number | null;
  /** Workout coins the user had earned that day before this visit. */
  earnedToday: number;
  closedByGate: boolean;
}

/**
 * What closing a visit comes to. `closedByGate` is false when a job closed a visit left open past
 * the longest stay: the hold is charged and no workout is credited, since nobody vouched for its end.
 */
export function receiptForVisit(input: ClosedVisit, rules: WorkoutRules = DEFAULT_WORKOUT_RULES): VisitReceipt {
  const fee = input.pricePerPeriod === null
    ? 0
    : input.closedByGate
      ? walkInFee({ minutes: input.minutes, stayMs: input.stayMs, pricePerPeriod: input.pricePerPeriod, longestStayMinutes: input.longestStayMinutes })
      : walkInHold(input.pricePerPeriod, input.longestStayMinutes);
  const calories = input.closedByGate ? caloriesFromWorkout(input) : 0;
  return { minutes: input.minutes, fee, calories, coinsEarned: workoutCoinsOwed(calories, input.earnedToday, rules) };
}
