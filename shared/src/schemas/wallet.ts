import { z } from 'zod';
import { Cursor, Id, Instant, pageLimit } from './common.js';

export const TRANSACTION_KINDS = [
  'step_reward',
  'campaign_bonus',
  'campaign_prize',
  'event_reward',
  'campaign_funding',
  'redemption',
  'refund',
  'adjustment',
  'booking',
  'booking_refund',
  'visit_hold',
  'visit_fee',
  'hold_release',
  'workout_reward',
  'pool_rebalance',
  'membership',
  'collectible_purchase',
] as const;

export const WalletTransactionsQuery = z.strictObject({
  cursor: Cursor.optional(),
  limit: pageLimit(20, 100),
});

export const WalletTransaction = z
  .object({
    id: Id,
    kind: z.enum(TRANSACTION_KINDS),
    amount: z.number().int(),
    balanceAfter: z.number().int(),
    createdAt: Instant,
    memo: z.string().nullable(),
  })
  .meta({ id: 'WalletTransaction' });

export const WalletTransactionsResponse = z.object({
  items: z.array(WalletTransaction),
  nextCursor: z.string().nullable(),
});

export type TransactionKind = (typeof TRANSACTION_KINDS)[number];
export type WalletTransactionsQuery = z.infer<typeof WalletTransactionsQuery>;
export type WalletTransaction = z.infer<typeof WalletTransaction>;
export type WalletTransactionsResponse = z.infer<typeof WalletTransactionsResponse>;
