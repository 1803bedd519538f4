import { businessDate, startOfBusinessDay } from '@calorie-bank/shared';
import * as vouchers from '../db/vouchers.js';
import { notFound } from '../errors.js';
import type { ServiceContext } from './context.js';

/** A user's vouchers, newest first, a page at a time. */
export function listUserVouchers(context: ServiceContext, userId: string, query: { cursor?: string; limit: number }) {
  return vouchers.listUserVouchers(context.db.manager, userId, context.now().getTime(), query);
}

/** One of the user's vouchers; another user's is answered as not found. */
export async function getUserVoucher(context: ServiceContext, userId: string, voucherId: string) {
  const voucher = await vouchers.findUserVoucher(context.db.manager, voucherId, userId, context.now().getTime());
  if (!voucher) throw notFound('This voucher');
  return { voucher };
}

/** A merchant's vouchers issued on one business day (default today), newest first: the console's list of the day's redemptions. */
export function listMerchantVouchers(context: ServiceContext, merchantId: string, query: { date?: string; cursor?: string; limit: number }) {
  const day = query.date ?? businessDate(context.now(), context.config.businessTimeZone);
  const start = startOfBusinessDay(new Date(`${day}T12:00:00Z`), context.config.businessTimeZone);
  return vouchers.listMerchantVouchers(context.db.manager, merchantId, { start, end: start + 86_400_000 }, context.now().getTime(), query);
}
