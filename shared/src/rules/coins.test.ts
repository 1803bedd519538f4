import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GOLDEN_CASES } from './golden-cases.js';
import {
  DEFAULT_COIN_RULES,
  baseCoinsForDay,
  caloriesFromSteps,
  coinsForSteps,
  coinsStillOwed,
  creditForSync,
  isImplausibleSteps,
} from './coins.js';

const steps = fc.integer({ min: 0, max: DEFAULT_COIN_RULES.implausibleStepsAbove });
const weight = fc.integer({ min: 20, max: 300 });

describe('coin rules: golden table', () => {
  it.each(GOLDEN_CASES.map((golden) => [golden.name, golden] as const))('%s', (_name, golden) => {
    expect(creditForSync(golden)).toEqual({
      steps: golden.steps,
      calories: golden.calories,
      dayCoins: golden.dayCoins,
      credited: golden.credited,
    });
  });

  it('covers zero, the cap, the implausible limit and repeat syncs', () => {
    expect(GOLDEN_CASES.some((golden) => golden.syncedSteps === 0)).toBe(true);
    expect(GOLDEN_CASES.some((golden) => golden.dayCoins === DEFAULT_COIN_RULES.dailyCoinCap)).toBe(true);
    expect(GOLDEN_CASES.some((golden) => golden.syncedSteps === DEFAULT_COIN_RULES.implausibleStepsAbove)).toBe(true);
    expect(GOLDEN_CASES.some((golden) => golden.recordedSteps > golden.syncedSteps)).toBe(true);
  });
});

describe('coin rules: properties', () => {
  it('10,000 steps at 60 kg is 300 kcal', () => {
    expect(caloriesFromSteps(10_000, 60)).toBe(300);
  });

  it('calories never fall as steps rise', () => {
    fc.assert(fc.property(steps, steps, weight, (a, b, kg) => {
      const [low, high] = a <= b ? [a, b] : [b, a];
      expect(caloriesFromSteps(low, kg)).toBeLessThanOrEqual(caloriesFromSteps(high, kg));
    }));
  });

  it('a day never earns more than the cap, and never less than zero', () => {
    fc.assert(fc.property(steps, weight, (n, kg) => {
      const coins = coinsForSteps(n, kg);
      expect(coins).toBeGreaterThanOrEqual(0);
      expect(coins).toBeLessThanOrEqual(DEFAULT_COIN_RULES.dailyCoinCap);
      expect(Number.isInteger(coins)).toBe(true);
    }));
  });

  it('any order of syncs credits in total exactly what the best count is worth', () => {
    fc.assert(fc.property(fc.array(steps, { minLength: 1, maxLength: 12 }), weight, (syncs, kg) => {
      let recordedSteps = 0;
      let alreadyCredited = 0;
      for (const syncedSteps of syncs) {
        const credit = creditForSync({ recordedSteps, alreadyCredited, syncedSteps, weightKg: kg });
        expect(credit.credited).toBeGreaterThanOrEqual(0);
        recordedSteps = credit.steps;
        alreadyCredited += credit.credited;
      }
      expect(recordedSteps).toBe(Math.max(...syncs));
      expect(alreadyCredited).toBe(coinsForSteps(Math.max(...syncs), kg));
    }));
  });

  it('is deterministic', () => {
    fc.assert(fc.property(steps, weight, fc.nat(600), (n, kg, credited) => {
      const input = { recordedSteps: 0, alreadyCredited: credited, syncedSteps: n, weightKg: kg };
      expect(creditForSync(input)).toEqual(creditForSync(input));
    }));
  });

  it('owes nothing once a day is paid, whatever was paid', () => {
    fc.assert(fc.property(fc.nat(1000), fc.nat(1000), (worth, paid) => {
      expect(coinsStillOwed(worth, paid)).toBe(Math.max(0, worth - paid));
    }));
  });

  it('refuses counts that are not whole non-negative numbers', () => {
    expect(() => caloriesFromSteps(-1, 60)).toThrow(RangeError);
    expect(() => caloriesFromSteps(1.5, 60)).toThrow(RangeError);
    expect(() => baseCoinsForDay(Number.NaN)).toThrow(RangeError);
  });

  it('believes the limit itself but not one step more', () => {
    expect(isImplausibleSteps(100_000)).toBe(false);
    expect(isImplausibleSteps(100_001)).toBe(true);
  });
});
