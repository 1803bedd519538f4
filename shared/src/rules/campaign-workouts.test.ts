import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { campaignWorkoutBonusForDay, campaignWorkoutCreditForDay, targetsSteps, targetsWorkouts } from './campaign-workouts.js';
import { GOLDEN_WORKOUT_CAMPAIGN_CASES } from './golden-cases.js';

describe('campaign rules on workouts: golden table', () => {
  it.each(GOLDEN_WORKOUT_CAMPAIGN_CASES.map((golden) => [golden.name, golden] as const))('%s', (_name, golden) => {
    const credit = campaignWorkoutCreditForDay({ effects: golden, alreadyCredited: golden.alreadyCredited, budgetLeft: golden.budgetLeft }, golden);
    expect({ credited: credit.credited, budgetLeft: credit.budgetLeft }).toEqual({ credited: golden.credited, budgetLeft: golden.budgetLeftAfter });
  });

  it('covers a threshold met exactly, one missed by a coin, a later visit and a budget edge', () => {
    expect(GOLDEN_WORKOUT_CAMPAIGN_CASES.some((g) => g.workoutThresholds.some((t) => t.workoutCoins === g.workoutCoins) && g.credited > 0)).toBe(true);
    expect(GOLDEN_WORKOUT_CAMPAIGN_CASES.some((g) => g.workoutThresholds.some((t) => t.workoutCoins === g.workoutCoins + 1) && g.credited === 0)).toBe(true);
    expect(GOLDEN_WORKOUT_CAMPAIGN_CASES.some((g) => g.alreadyCredited > 0 && g.credited > 0)).toBe(true);
    expect(GOLDEN_WORKOUT_CAMPAIGN_CASES.some((g) => g.budgetLeftAfter === 0 && g.credited > 0)).toBe(true);
  });

  it('names which days a target pays on: steps by default, workouts, or both', () => {
    expect([targetsSteps('steps'), targetsWorkouts('steps')]).toEqual([true, false]);
    expect([targetsSteps('workouts'), targetsWorkouts('workouts')]).toEqual([false, true]);
    expect([targetsSteps('both'), targetsWorkouts('both')]).toEqual([true, true]);
  });
});

const effects = fc.record({
  multiplierPercent: fc.integer({ min: 100, max: 1000 }),
  workoutThresholds: fc.array(fc.record({ workoutCoins: fc.integer({ min: 1, max: 300 }), coins: fc.integer({ min: 1, max: 1000 }) }), { maxLength: 5 }),
});

describe('campaign rules on workouts: properties', () => {
  it('never pays more than the budget holds', () => {
    fc.assert(
      fc.property(effects, fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }), (campaign, workoutCoins, alreadyCredited, budgetLeft) => {
        const credit = campaignWorkoutCreditForDay({ effects: campaign, alreadyCredited, budgetLeft }, { workoutCoins });
        expect(credit.credited).toBeGreaterThanOrEqual(0);
        expect(credit.credited).toBeLessThanOrEqual(budgetLeft);
        expect(credit.budgetLeft).toBe(budgetLeft - credit.credited);
      }),
    );
  });

  it('visits one after another pay in total what the whole day is worth, with an ample budget', () => {
    fc.assert(
      fc.property(effects, fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 6 }), (campaign, visits) => {
        let day = 0;
        let paid = 0;
        for (const coins of visits) {
          day += coins;
          paid += campaignWorkoutCreditForDay({ effects: campaign, alreadyCredited: paid, budgetLeft: 1_000_000 }, { workoutCoins: day }).credited;
        }
        expect(paid).toBe(campaignWorkoutBonusForDay(campaign, { workoutCoins: day }));
      }),
    );
  });
});
