import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { campaignBonusForDay, campaignCreditForDay, prizePayouts } from './campaigns.js';
import { coinsForSteps } from './coins.js';
import { GOLDEN_CAMPAIGN_CASES } from './golden-cases.js';

describe('campaign rules: golden table', () => {
  it.each(GOLDEN_CAMPAIGN_CASES.map((golden) => [golden.name, golden] as const))('%s', (_name, golden) => {
    expect(coinsForSteps(golden.steps, golden.weightKg)).toBe(golden.baseCoins);
    for (const campaign of golden.campaigns) {
      const credit = campaignCreditForDay({ ...campaign, effects: campaign }, { steps: golden.steps, baseCoins: golden.baseCoins });
      expect({ credited: credit.credited, budgetLeft: credit.budgetLeft }).toEqual({
        credited: campaign.credited,
        budgetLeft: campaign.budgetLeftAfter,
      });
    }
  });

  it('covers overlapping campaigns, a budget edge and a threshold exactly met', () => {
    expect(GOLDEN_CAMPAIGN_CASES.some((golden) => golden.campaigns.length > 1)).toBe(true);
    expect(GOLDEN_CAMPAIGN_CASES.some((golden) => golden.campaigns.some((c) => c.budgetLeftAfter === 0 && c.credited > 0))).toBe(true);
    expect(
      GOLDEN_CAMPAIGN_CASES.some((golden) => golden.campaigns.some((c) => c.thresholds.some((t) => t.steps === golden.steps))),
    ).toBe(true);
  });
});

const effects = fc.record({
  multiplierPercent: fc.integer({ min: 100, max: 1000 }),
  thresholds: fc.array(fc.record({ steps: fc.integer({ min: 0, max: 100_000 }), coins: fc.integer({ min: 0, max: 1000 }) }), { maxLength: 4 }),
});

describe('campaign rules: properties', () => {
  it('never pays more than the budget holds, and the budget never goes below zero', () => {
    fc.assert(
      fc.property(effects, fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }),
        (campaign, steps, baseCoins, alreadyCredited, budgetLeft) => {
          const credit = campaignCreditForDay({ effects: campaign, alreadyCredited, budgetLeft }, { steps, baseCoins });
          expect(credit.credited).toBeGreaterThanOrEqual(0);
          expect(credit.credited).toBeLessThanOrEqual(budgetLeft);
          expect(credit.budgetLeft).toBe(budgetLeft - credit.credited);
        }),
    );
  });

  it('any order of syncs pays in total what the best day is worth, with an ample budget', () => {
    fc.assert(
      fc.property(effects, fc.array(fc.integer({ min: 0, max: 40_000 }), { minLength: 1, maxLength: 10 }), (campaign, syncs) => {
        let best = 0;
        let paid = 0;
        for (const synced of syncs) {
          best = Math.max(best, synced);
          paid += campaignCreditForDay({ effects: campaign, alreadyCredited: paid, budgetLeft: 1_000_000 }, { steps: best, baseCoins: coinsForSteps(best, 60) }).credited;
        }
        expect(paid).toBe(campaignBonusForDay(campaign, { steps: best, baseCoins: coinsForSteps(best, 60) }));
      }),
    );
  });

  it('pays prizes in rank order until the budget runs out', () => {
    expect(prizePayouts([500, 300, 100], 5, 10_000)).toEqual([500, 300, 100]);
    expect(prizePayouts([500, 300, 100], 2, 10_000)).toEqual([500, 300]);
    expect(prizePayouts([500, 300, 100], 3, 600)).toEqual([500, 100, 0]);
    expect(prizePayouts([500], 0, 600)).toEqual([]);
  });
});
