import { z } from 'zod';
import { CalendarDate, Cursor, Id, Instant, lineOfText, pageLimit, PageQuery } from './common.js';

const Reason = lineOfText(255, 'give a reason');

export const OpsUsersQuery = z.strictObject({
  /** A user id, or part of a nickname. */
  q: z.string().trim().max(32).optional(),
  cursor: Cursor.optional(),
  limit: pageLimit(20, 100),
});

export const OpsUser = z
  .object({
    id: Id,
    nickname: z.string(),
    platform: z.string(),
    frozen: z.boolean(),
    balance: z.number().int(),
    createdAt: Instant,
  })
  .meta({ id: 'OpsUser' });

export const OpsUsersResponse = z.object({ items: z.array(OpsUser), nextCursor: z.string().nullable() });
export const OpsUserResponse = z.object({ user: OpsUser });
/** The contract names no body for a freeze or unfreeze: the reason, kept in the audit log, is asked for but not required. */
export const FreezeUserRequest = z.strictObject({ reason: Reason.optional() }).default({});

/** A signed change of a user's balance; a debit may not take the wallet below zero. */
export const AdjustmentRequest = z.strictObject({
  userId: Id,
  amount: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((amount) => amount !== 0, 'amount must not be zero'),
  reason: Reason,
});
export const AdjustmentResponse = z.object({ transactionId: Id, userId: Id, amount: z.number().int(), balance: z.number().int() });

export const OpsPageQuery = PageQuery;

/** The merchants a page at a time, newest first; `q` keeps those whose name or a staff login's username contains it (`%` and `_` taken literally). */
export const OpsMerchantsQuery = OpsPageQuery.extend({ q: z.string().trim().min(1).max(80).optional() });

/** A merchant as an operator picks one: its name and the username of its first staff login (null without one). */
export const OpsMerchant = z.object({ id: Id, name: z.string(), username: z.string().nullable(), createdAt: Instant }).meta({ id: 'OpsMerchant' });
export const OpsMerchantsResponse = z.object({ items: z.array(OpsMerchant), nextCursor: z.string().nullable() });

export const FlaggedSync = z.object({
  id: Id,
  userId: Id,
  nickname: z.string(),
  date: CalendarDate.nullable(),
  steps: z.number().int().nullable(),
  outcome: z.enum(['accepted', 'rejected']),
  reason: z.string().nullable(),
  credited: z.number().int(),
  createdAt: Instant,
});
export const FlaggedSyncsResponse = z.object({ items: z.array(FlaggedSync), nextCursor: z.string().nullable() });

export const AuditEntry = z
  .object({
    id: Id,
    actorId: Id,
    actor: z.string(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string().nullable(),
    reason: z.string().nullable(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    createdAt: Instant,
  })
  .meta({ id: 'AuditEntry' });
export const AuditQuery = OpsPageQuery.extend({ action: z.string().max(48).optional() });
export const AuditResponse = z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() });

export const OpsOffersQuery = z.strictObject({
  status: z.enum(['draft', 'pending', 'live', 'paused', 'ended', 'rejected']).default('pending'),
  cursor: Cursor.optional(),
  limit: pageLimit(20, 100),
});

export const StatsQuery = z.strictObject({ date: CalendarDate.optional() });
export const DailyStats = z.object({
  date: CalendarDate,
  usersSynced: z.number().int(),
  steps: z.number().int(),
  /** Coins paid into wallets that day, by transaction kind. */
  coinsIssued: z.record(z.string(), z.number().int()),
  coinsRedeemed: z.number().int(),
});
export const StatsResponse = DailyStats.extend({
  topOffers: z.array(z.object({ offerId: Id, title: z.string(), redeemed: z.number().int() })),
  budgets: z.array(z.object({ campaignId: Id, name: z.string(), status: z.string(), budgetCoins: z.number().int(), budgetLeft: z.number().int() })),
  /** Venue visits entered that day, bookings made, walk-in fees and booking coins taken, and workout coins earned by those visits. */
  venues: z.object({
    visits: z.number().int(),
    bookings: z.number().int(),
    fees: z.number().int(),
    bookingCoins: z.number().int(),
    workoutCoins: z.number().int(),
  }),
});
export const StatsSeriesQuery = z.strictObject({ days: pageLimit(14, 90) });
export const StatsSeriesResponse = z.object({ days: z.array(DailyStats) });

export const SettlementRequest = z.strictObject({ date: CalendarDate });
export const Settlement = z.object({
  date: CalendarDate,
  status: z.enum(['running', 'done']),
  scopes: z.number().int(),
  prizesPaid: z.number().int(),
  finishedAt: Instant.nullable(),
});
export const SettlementResponse = z.object({ settlement: Settlement });

export type OpsUser = z.infer<typeof OpsUser>;
export type OpsMerchant = z.infer<typeof OpsMerchant>;
export type AuditEntry = z.infer<typeof AuditEntry>;
export type DailyStats = z.infer<typeof DailyStats>;
export type StatsResponse = z.infer<typeof StatsResponse>;
export type Settlement = z.infer<typeof Settlement>;
export type FlaggedSync = z.infer<typeof FlaggedSync>;
