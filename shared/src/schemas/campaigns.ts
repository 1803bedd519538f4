import { z } from 'zod';
import { CAMPAIGN_TARGETS } from '../rules/campaign-workouts.js';
import { MAX_MULTIPLIER_PERCENT } from '../rules/campaigns.js';
import { blockOfText, CalendarDate, Id, Instant, lineOfText } from './common.js';

/** active → paused ⇄ active, or → ended (final). */
export const CAMPAIGN_STATUSES = ['active', 'paused', 'ended'] as const;

const Threshold = z.strictObject({
  steps: z.number().int().min(1).max(100_000),
  coins: z.number().int().min(1).max(100_000),
});

/** A bonus once the day's workout coins reach `workoutCoins`. */
const WorkoutThreshold = z.strictObject({
  workoutCoins: z.number().int().min(1).max(100_000),
  coins: z.number().int().min(1).max(100_000),
});

const CampaignFields = {
  name: lineOfText(40),
  description: blockOfText(200).default(''),
  startDate: CalendarDate,
  /** Last day of the campaign, inclusive, in the business time zone. */
  endDate: CalendarDate,
  /** Members of any of these communities; empty means everyone. */
  communityIds: z.array(Id).max(20).default([]),
  multiplierPercent: z.number().int().min(100).max(MAX_MULTIPLIER_PERCENT).default(100),
  thresholds: z.array(Threshold).max(5).default([]),
  /** What the multiplier and thresholds apply to: the day's steps (as before targets existed), its workouts, or both. */
  target: z.enum(CAMPAIGN_TARGETS).default('steps'),
  /** Bonuses for the day's workout coins reaching a count; paid only when the target includes workouts. */
  workoutThresholds: z.array(WorkoutThreshold).max(5).default([]),
  /** Coins for places 1, 2, … of the campaign's daily board, paid at settlement. */
  prizes: z.array(z.number().int().min(1).max(100_000)).max(10).default([]),
};

function validDates(campaign: { startDate?: string; endDate?: string }): boolean {
  return campaign.startDate === undefined || campaign.endDate === undefined || campaign.startDate <= campaign.endDate;
}

function hasEffect(campaign: { multiplierPercent?: number; thresholds?: unknown[]; workoutThresholds?: unknown[]; prizes?: unknown[] }): boolean {
  return (
    (campaign.multiplierPercent ?? 100) > 100 ||
    (campaign.thresholds?.length ?? 0) > 0 ||
    (campaign.workoutThresholds?.length ?? 0) > 0 ||
    (campaign.prizes?.length ?? 0) > 0
  );
}

/** Where each entry of `list` repeats an earlier one's `key`: a community counted twice, or a threshold paid twice. */
function repeats<T>(list: readonly T[] | undefined, key: (entry: T) => unknown): number[] {
  const seen = new Set<unknown>();
  const found: number[] = [];
  for (const [index, entry] of (list ?? []).entries()) {
    if (seen.has(key(entry))) found.push(index);
    seen.add(key(entry));
  }
  return found;
}

/** Refuses a community named twice and two thresholds on one count (each would pay), naming each repeat. */
function noRepeats(
  campaign: { communityIds?: string[]; thresholds?: { steps: number }[]; workoutThresholds?: { workoutCoins: number }[] },
  context: z.RefinementCtx,
): void {
  for (const index of repeats(campaign.communityIds, (id) => id)) {
    context.addIssue({ code: 'custom', message: 'this community is already in communityIds', path: ['communityIds', index] });
  }
  for (const index of repeats(campaign.thresholds, (threshold) => threshold.steps)) {
    context.addIssue({ code: 'custom', message: 'another threshold has the same steps', path: ['thresholds', index, 'steps'] });
  }
  for (const index of repeats(campaign.workoutThresholds, (threshold) => threshold.workoutCoins)) {
    context.addIssue({ code: 'custom', message: 'another threshold has the same workoutCoins', path: ['workoutThresholds', index, 'workoutCoins'] });
  }
}

export const CreateCampaignRequest = z
  .strictObject({ ...CampaignFields, budgetCoins: z.number().int().min(1).max(100_000_000) })
  .refine(validDates, { message: 'endDate must not be before startDate', path: ['endDate'] })
  .refine(hasEffect, { message: 'a campaign needs a multiplier above 100, a threshold or a prize', path: ['multiplierPercent'] })
  .refine((campaign) => campaign.target !== 'steps' || campaign.workoutThresholds.length === 0, {
    message: 'workout thresholds need a target of workouts or both',
    path: ['workoutThresholds'],
  })
  .superRefine(noRepeats);

/** Any field of a campaign; `budgetCoins` may only grow (the difference is funded); `status` pauses, resumes or ends it. */
export const UpdateCampaignRequest = z
  .strictObject({
    name: CampaignFields.name,
    description: blockOfText(200),
    startDate: CalendarDate,
    endDate: CalendarDate,
    communityIds: z.array(Id).max(20),
    multiplierPercent: z.number().int().min(100).max(MAX_MULTIPLIER_PERCENT),
    thresholds: z.array(Threshold).max(5),
    target: z.enum(CAMPAIGN_TARGETS),
    workoutThresholds: z.array(WorkoutThreshold).max(5),
    prizes: z.array(z.number().int().min(1).max(100_000)).max(10),
    budgetCoins: z.number().int().min(1).max(100_000_000),
    status: z.enum(CAMPAIGN_STATUSES),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'change at least one field')
  .refine(validDates, { message: 'endDate must not be before startDate', path: ['endDate'] })
  .superRefine(noRepeats);

export const Campaign = z
  .object({
    id: Id,
    name: z.string(),
    description: z.string(),
    startDate: CalendarDate,
    endDate: CalendarDate,
    communityIds: z.array(Id),
    multiplierPercent: z.number().int(),
    thresholds: z.array(z.object({ steps: z.number().int(), coins: z.number().int() })),
    target: z.enum(CAMPAIGN_TARGETS),
    workoutThresholds: z.array(z.object({ workoutCoins: z.number().int(), coins: z.number().int() })),
    prizes: z.array(z.number().int()),
    status: z.enum(CAMPAIGN_STATUSES),
    /** Coins funded in total. */
    budgetCoins: z.number().int(),
    budgetLeft: z.number().int(),
    createdAt: Instant,
  })
  .meta({ id: 'Campaign' });

export const CampaignResponse = z.object({ campaign: Campaign });
export const CampaignsResponse = z.object({ items: z.array(Campaign) });

/** A campaign as a user sees it on a day: whether its budget still pays and what it paid them. */
export const UserCampaign = Campaign.omit({ budgetCoins: true, createdAt: true }).extend({
  exhausted: z.boolean(),
  /** What the campaign paid the user's steps today. */
  creditedToday: z.number().int(),
  /** What the campaign paid the user's workouts today. */
  workoutCreditedToday: z.number().int(),
});

export const UserCampaignsResponse = z.object({ date: CalendarDate, items: z.array(UserCampaign) });

/** What each campaign added to a sync. */
export const SyncCampaignCredit = z.object({
  id: Id,
  name: z.string(),
  credited: z.number().int(),
  /** The budget is spent: the campaign pays nothing more. */
  exhausted: z.boolean(),
});

export type CreateCampaignRequest = z.infer<typeof CreateCampaignRequest>;
export type UpdateCampaignRequest = z.infer<typeof UpdateCampaignRequest>;
export type Campaign = z.infer<typeof Campaign>;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export type UserCampaign = z.infer<typeof UserCampaign>;
export type UserCampaignsResponse = z.infer<typeof UserCampaignsResponse>;
export type SyncCampaignCredit = z.infer<typeof SyncCampaignCredit>;
