import { describe, expect, it } from 'vitest';
import { GOLDEN_CASES, GOLDEN_WORKOUT_CASES } from '@calorie-bank/shared';
import { previewWorkout } from '../src/packages/venues/preview';
import { previewCampaignCoins, previewCoins } from '../src/pages/index/preview';

describe('the home page preview uses the shared coin rules', () => {
  it.each(GOLDEN_CASES.map((golden) => [golden.name, golden] as const))('%s', (_name, golden) => {
    const preview = previewCoins({ steps: golden.recordedSteps, coins: golden.alreadyCredited, weightKg: golden.weightKg }, golden.syncedSteps);
    expect(preview).toBe(golden.credited);
  });

  it('shows what today can still earn when the phone count is unknown', () => {
    expect(previewCoins({ steps: 5000, coins: 150, weightKg: null }, null)).toBe(450);
    expect(previewCoins({ steps: 30000, coins: 600, weightKg: null }, null)).toBe(0);
  });
});

describe('campaign preview on Home', () => {
  const double = { multiplierPercent: 200, thresholds: [], creditedToday: 0, budgetLeft: 10_000 };
  it('counts campaigns on steps (and both), never one that counts workouts only', () => {
    const today = { steps: 0, coins: 0, weightKg: null };
    expect(previewCampaignCoins(today, 10_000, [double])).toBe(300);
    expect(previewCampaignCoins(today, 10_000, [{ ...double, target: 'both' }])).toBe(300);
    expect(previewCampaignCoins(today, 10_000, [{ ...double, target: 'workouts' }])).toBe(0);
  });
});

describe('the venue preview of a workout uses the shared workout rules', () => {
  // A visit the overdue job closes earns nothing whatever its length: no preview is made for it.
  const atTheGate = GOLDEN_WORKOUT_CASES.filter((golden) => golden.closedByGate);

  it.each(atTheGate.map((golden) => [golden.name, golden] as const))('%s', (_name, golden) => {
    const preview = previewWorkout(golden);
    expect(preview).toEqual({ minutes: Math.min(golden.minutes, golden.longestStayMinutes), calories: golden.calories, coins: golden.coinsEarned });
  });

  it('replays the ten-minute floor, the daily cap and the longest stay among them', () => {
    expect(atTheGate.some((golden) => golden.minutes < 10 && golden.calories === 0)).toBe(true);
    expect(atTheGate.some((golden) => golden.coinsEarned < golden.calories)).toBe(true);
    expect(atTheGate.some((golden) => golden.minutes > golden.longestStayMinutes)).toBe(true);
  });
});
