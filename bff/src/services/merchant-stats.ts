import { startOfBusinessDay } from '@calorie-bank/shared';
import { balanceOf } from '../db/ledger.js';
import { offerCountsByStatus } from '../db/offers.js';
import { merchantBookingFigures } from '../db/slots.js';
import { visitFigures } from '../db/visits.js';
import { merchantActivitySince, voucherCountsByStatus } from '../db/vouchers.js';
import type { ServiceContext } from './context.js';

/** Counts for a merchant's console: offers by status, vouchers by status, today's activity and coins earned. */
export async function merchantStats(context: ServiceContext, merchantId: string) {
  const manager = context.db.manager;
  const now = context.now().getTime();
  const dayStart = startOfBusinessDay(context.now(), context.config.businessTimeZone);
  const offers = await offerCountsByStatus(manager, merchantId);
  const vouchers = await voucherCountsByStatus(manager, merchantId, now);
  const today = await merchantActivitySince(manager, merchantId, dayStart);
  const coinsEarned = await balanceOf(manager, 'merchant', merchantId);
  const visits = await visitFigures(manager, merchantId, dayStart, now + 1);
  const bookings = await merchantBookingFigures(manager, merchantId, dayStart, now + 1);
  return {
    offers: { draft: 0, pending: 0, live: 0, paused: 0, ended: 0, rejected: 0, ...offers },
    vouchers: { issued: 0, used: 0, expired: 0, refunded: 0, ...vouchers },
    redeemedToday: today.redeemed,
    usedToday: today.used,
    coinsEarned,
    venuesToday: { visits: visits.visits, bookings: bookings.bookings, revenue: visits.fees + bookings.coins },
  };
}
