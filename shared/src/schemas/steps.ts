import { z } from 'zod';
import { SyncCampaignCredit } from './campaigns.js';
import { CalendarDate } from './common.js';

/** Alipay: `countDate` as asked of `my.getRunData`, and its `res.response` forwarded verbatim. */
export const AlipayStepSyncRequest = z.strictObject({
  countDate: CalendarDate,
  response: z.string().min(1).max(16_384),
});

/** WeChat: `wx.getWeRunData`'s `encryptedData` and `iv`; `countDate` picks the day (default today). */
export const WechatStepSyncRequest = z.strictObject({
  encryptedData: z.string().min(1).max(32_768),
  iv: z.string().min(1).max(64),
  countDate: CalendarDate.optional(),
});

export const StepSyncRequest = z.union([AlipayStepSyncRequest, WechatStepSyncRequest]);

export const StepSyncResponse = z.object({
  date: CalendarDate,
  steps: z.number().int(),
  calories: z.number().int(),
  /** Every coin the day earned so far: base coins and campaign bonuses. */
  coinsToday: z.number().int(),
  /** What this call added, bonuses included (0 on a repeat). */
  credited: z.number().int(),
  /** What each campaign that applies to the user added in this call. */
  campaigns: z.array(SyncCampaignCredit),
  balance: z.number().int(),
  rank: z.number().int().nullable(),
});

export type AlipayStepSyncRequest = z.infer<typeof AlipayStepSyncRequest>;
export type WechatStepSyncRequest = z.infer<typeof WechatStepSyncRequest>;
export type StepSyncRequest = z.infer<typeof StepSyncRequest>;
export type StepSyncResponse = z.infer<typeof StepSyncResponse>;
