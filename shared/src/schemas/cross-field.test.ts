import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CreateCampaignRequest, UpdateCampaignRequest } from './campaigns.js';
import { CreateEventRequest } from './communities.js';
import { CreateOfferRequest, UpdateOfferRequest } from './offers.js';
import { CreateFacilityRequest } from './venues.js';

/** The paths a schema's refusal names. */
function refusedPaths(schema: z.ZodType, body: unknown): string[] {
  const parsed = schema.safeParse(body);
  expect(parsed.success).toBe(false);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
}

const OFFER = {
  title: '咖啡',
  description: '一杯',
  imageUrl: null,
  kind: 'coupon',
  priceCoins: 10,
  totalStock: 5,
  perUserLimit: 1,
  validFrom: '2026-06-20T00:00:00.000Z',
  validUntil: '2026-06-10T00:00:00.000Z',
  voucherTtlSeconds: 3600,
};

describe('a refusal that compares two fields names the one to fix', () => {
  it('names validUntil of an offer that ends before it starts', () => {
    expect(refusedPaths(CreateOfferRequest, OFFER)).toEqual(['validUntil']);
    expect(refusedPaths(UpdateOfferRequest, { validFrom: OFFER.validFrom, validUntil: OFFER.validUntil })).toEqual(['validUntil']);
  });

  it('names endDate of a campaign that ends before it starts, and the multiplier of one that pays nothing', () => {
    const campaign = { name: '双倍', startDate: '2026-06-20', endDate: '2026-06-10', multiplierPercent: 200, budgetCoins: 1000 };
    expect(refusedPaths(CreateCampaignRequest, campaign)).toEqual(['endDate']);
    expect(refusedPaths(UpdateCampaignRequest, { startDate: '2026-06-20', endDate: '2026-06-10' })).toEqual(['endDate']);
    expect(refusedPaths(CreateCampaignRequest, { ...campaign, endDate: '2026-06-30', multiplierPercent: 100 })).toEqual(['multiplierPercent']);
  });

  it("names the repeat of a campaign's community or threshold, which would count twice", () => {
    const campaign = { name: '双倍', startDate: '2026-06-10', endDate: '2026-06-20', multiplierPercent: 200, budgetCoins: 1000 };
    expect(refusedPaths(CreateCampaignRequest, { ...campaign, communityIds: ['6', '7', '6'] })).toEqual(['communityIds.2']);
    const thresholds = [{ steps: 10_000, coins: 50 }, { steps: 5000, coins: 20 }, { steps: 10_000, coins: 80 }];
    expect(refusedPaths(CreateCampaignRequest, { ...campaign, thresholds })).toEqual(['thresholds.2.steps']);
    const workoutThresholds = [{ workoutCoins: 200, coins: 50 }, { workoutCoins: 200, coins: 50 }];
    expect(refusedPaths(CreateCampaignRequest, { ...campaign, target: 'both', workoutThresholds })).toEqual(['workoutThresholds.1.workoutCoins']);
    expect(refusedPaths(UpdateCampaignRequest, { communityIds: ['6', '6'], thresholds })).toEqual(['communityIds.1', 'thresholds.2.steps']);
    expect(refusedPaths(UpdateCampaignRequest, { workoutThresholds })).toEqual(['workoutThresholds.1.workoutCoins']);
    // Equal coins on different counts are two thresholds, each paid once.
    expect(CreateCampaignRequest.safeParse({ ...campaign, communityIds: ['6', '7'], thresholds: [{ steps: 5000, coins: 50 }, { steps: 10_000, coins: 50 }] }).success).toBe(true);
  });

  it('names endsAt of an event that ends before it starts, and the campaign a reward needs', () => {
    const event = { title: '夜跑', description: '', place: '江边', startsAt: '2026-06-20T12:00:00.000Z', endsAt: '2026-06-20T11:00:00.000Z', capacity: 10 };
    expect(refusedPaths(CreateEventRequest, event)).toEqual(['endsAt']);
    expect(refusedPaths(CreateEventRequest, { ...event, endsAt: '2026-06-20T13:00:00.000Z', rewardCoins: 5 })).toEqual(['rewardCampaignId']);
  });

  it("names the field a facility's kind needs: a walk-in's price per period, a booking facility's cancel deadline", () => {
    const facility = { name: '泳池', activity: 'swimming', capacity: 10, longestStayMinutes: 120, pricePerPeriod: null, cancelDeadlineMinutes: null };
    expect(refusedPaths(CreateFacilityRequest, { ...facility, kind: 'walk_in' })).toEqual(['pricePerPeriod']);
    expect(refusedPaths(CreateFacilityRequest, { ...facility, kind: 'booking' })).toEqual(['cancelDeadlineMinutes']);
    expect(CreateFacilityRequest.safeParse({ ...facility, kind: 'walk_in', pricePerPeriod: 10 }).success).toBe(true);
  });
});
