import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GOLDEN_WORKOUT_CASES } from './golden-cases.js';
import {
  ACTIVITIES,
  caloriesFromWorkout,
  DEFAULT_WORKOUT_RULES,
  minutesBetween,
  receiptForVisit,
  walkInFee,
  walkInHold,
  WORKOUT_MIN_MINUTES,
  workoutCoinsOwed,
} from './workouts.js';

describe('workout rules: golden table', () => {
  it.each(GOLDEN_WORKOUT_CASES.map((golden) => [golden.name, golden] as const))('%s', (_name, golden) => {
    const receipt = receiptForVisit(golden);
    expect(receipt).toEqual({ minutes: golden.minutes, fee: golden.fee, calories: golden.calories, coinsEarned: golden.coinsEarned });
  });

  it('covers every activity, the ten-minute floor, the cap, the longest stay and a visit closed by the job', () => {
    for (const activity of ACTIVITIES) expect(GOLDEN_WORKOUT_CASES.some((golden) => golden.activity === activity)).toBe(true);
    expect(GOLDEN_WORKOUT_CASES.some((golden) => golden.minutes === WORKOUT_MIN_MINUTES - 1 && golden.calories === 0)).toBe(true);
    expect(GOLDEN_WORKOUT_CASES.some((golden) => golden.minutes === WORKOUT_MIN_MINUTES && golden.calories > 0)).toBe(true);
    expect(GOLDEN_WORKOUT_CASES.some((golden) => golden.coinsEarned < golden.calories)).toBe(true);
    expect(GOLDEN_WORKOUT_CASES.some((golden) => golden.minutes > golden.longestStayMinutes && golden.closedByGate)).toBe(true);
    expect(GOLDEN_WORKOUT_CASES.some((golden) => !golden.closedByGate)).toBe(true);
  });
});

const activity = fc.constantFrom(...ACTIVITIES);
const weightKg = fc.integer({ min: 20, max: 300 });
const minutes = fc.integer({ min: 0, max: 24 * 60 });
const longestStay = fc.integer({ min: 10, max: 12 * 60 });
const price = fc.integer({ min: 0, max: 1000 });

describe('workout rules: properties', () => {
  it('never credits minutes past the longest stay', () => {
    fc.assert(
      fc.property(activity, weightKg, minutes, longestStay, (kind, weight, spent, longest) => {
        const calories = caloriesFromWorkout({ activity: kind, weightKg: weight, minutes: spent, longestStayMinutes: longest });
        const atLongest = caloriesFromWorkout({ activity: kind, weightKg: weight, minutes: Math.max(longest, WORKOUT_MIN_MINUTES), longestStayMinutes: longest });
        expect(calories).toBeLessThanOrEqual(atLongest);
      }),
    );
  });

  it('burns no fewer calories for a longer visit', () => {
    fc.assert(
      fc.property(activity, weightKg, minutes, minutes, longestStay, (kind, weight, a, b, longest) => {
        const [shorter, longer] = a <= b ? [a, b] : [b, a];
        const of = (spent: number) => caloriesFromWorkout({ activity: kind, weightKg: weight, minutes: spent, longestStayMinutes: longest });
        expect(of(shorter)).toBeLessThanOrEqual(of(longer));
      }),
    );
  });

  it('never pays beyond the daily workout cap, whatever visits a day holds', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 8 }), (visits) => {
        let earned = 0;
        for (const calories of visits) {
          const coins = workoutCoinsOwed(calories, earned);
          expect(coins).toBeGreaterThanOrEqual(0);
          expect(coins).toBeLessThanOrEqual(calories);
          earned += coins;
        }
        expect(earned).toBeLessThanOrEqual(DEFAULT_WORKOUT_RULES.dailyCoinCap);
        expect(earned).toBe(Math.min(DEFAULT_WORKOUT_RULES.dailyCoinCap, visits.reduce((sum, calories) => sum + calories, 0)));
      }),
    );
  });

  it('charges a walk-in at least one half hour and never more than the hold taken at the gate', () => {
    fc.assert(
      fc.property(minutes, price, longestStay, (spent, perPeriod, longest) => {
        const fee = walkInFee({ minutes: spent, pricePerPeriod: perPeriod, longestStayMinutes: longest });
        expect(fee).toBeGreaterThanOrEqual(perPeriod);
        expect(fee).toBeLessThanOrEqual(walkInHold(perPeriod, longest));
        expect(fee % Math.max(perPeriod, 1)).toBe(0);
      }),
    );
  });

  it('charges every half hour started, to the second, not to the whole minute', () => {
    const fee = (stayMs: number) => walkInFee({ minutes: Math.floor(stayMs / 60_000), stayMs, pricePerPeriod: 30, longestStayMinutes: 120 });
    expect(fee(1_000)).toBe(30);
    expect(fee(30 * 60_000)).toBe(30);
    expect(fee(30 * 60_000 + 1)).toBe(60);
    expect(fee(30 * 60_000 + 58_000)).toBe(60);
    expect(fee(60 * 60_000 + 59_999)).toBe(90);
    // Past the longest stay the hold is the most a visit pays.
    expect(fee(200 * 60_000)).toBe(120);
    expect(receiptForVisit({ activity: 'swimming', weightKg: 60, minutes: 30, stayMs: 30 * 60_000 + 58_000, longestStayMinutes: 120, pricePerPeriod: 30, earnedToday: 0, closedByGate: true })).toMatchObject({ minutes: 30, fee: 60 });
  });

  it('counts whole minutes between entry and exit', () => {
    const entered = new Date('2026-06-15T10:00:00Z');
    expect(minutesBetween(entered, new Date('2026-06-15T10:44:59Z'))).toBe(44);
    expect(minutesBetween(entered, new Date('2026-06-15T10:45:00Z'))).toBe(45);
    expect(minutesBetween(entered, new Date('2026-06-15T09:00:00Z'))).toBe(0);
  });
});
