import { z } from 'zod';
import { Id, pageLimit } from './common.js';

export const TRANSACTION_KINDS = [
  'step_reward',
  'campaign_bonus',
  'campaign_prize',
  'event_reward',
  'campaign_funding',
  'redemption',
  'refund',
  'adjustment',
] as const;

export const WalletTransactionsQuery = z.strictObject({
  cursor: z.string().regex(/^\d{1,19}$/, 'must be a cursor from a previous page').optional(),
  limit: pageLimit(20, 100),
});

export const WalletTransaction = z
  .object({
    id: Id,
    kind: z.enum(TRANSACTION_KINDS),
    amount: z.number().int(),
    balanceAfter: z.number().int(),
    createdAt: z.iso.datetime(),
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
