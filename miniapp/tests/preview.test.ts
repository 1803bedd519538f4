import { describe, expect, it } from 'vitest';
import { GOLDEN_CASES } from '@calorie-bank/shared';
import { previewCoins } from '../src/pages/index/preview';

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
