import { addDays, businessDate, startOfBusinessDay, type DailyStats, type StatsResponse } from '@calorie-bank/shared';
import { budgetsOn } from '../db/campaigns.js';
import { dayTotals } from '../db/daily-steps.js';
import { merchantBookingFigures } from '../db/slots.js';
import { topOffers, walletFlows } from '../db/stats.js';
import { visitFigures } from '../db/visits.js';
import type { ServiceContext } from './context.js';

/** The instants a business day starts and ends (exclusive) in the business time zone. */
function dayBounds(date: string, timeZone: string): [number, number] {
  // Noon UTC falls on the same calendar day in every zone within ±12 hours.
  const start = startOfBusinessDay(new Date(`${date}T12:00:00Z`), timeZone);
  const end = startOfBusinessDay(new Date(`${addDays(date, 1)}T12:00:00Z`), timeZone);
  return [start, end];
}

/** Wallet credits that give back a user's own coins (a cancelled booking, the unused part of a gate's hold), not new coins. */
const COINS_RETURNED = new Set(['booking_refund', 'hold_release']);

async function dailyFigures(context: ServiceContext, date: string): Promise<DailyStats> {
  const [start, end] = dayBounds(date, context.config.businessTimeZone);
  // Every wallet movement of the day by kind: credits are coins issued, redemption debits coins redeemed.
  const [days, flows] = await Promise.all([dayTotals(context.db.manager, date), walletFlows(context.db.manager, start, end)]);
  const coinsIssued: Record<string, number> = {};
  let coinsRedeemed = 0;
  for (const flow of flows) {
    if (flow.kind === 'redemption') coinsRedeemed += flow.debited;
    else if (flow.kind === 'refund') coinsRedeemed -= flow.credited;
    else if (flow.credited > 0 && !COINS_RETURNED.has(flow.kind)) coinsIssued[flow.kind] = flow.credited;
  }
  return { date, usersSynced: days.users, steps: days.steps, coinsIssued, coinsRedeemed };
}

/** One day's figures for operators (default today): activity, coins in and out, top offers, budgets left. */
export async function dayStats(context: ServiceContext, date?: string): Promise<StatsResponse> {
  const day = date ?? businessDate(context.now(), context.config.businessTimeZone);
  const [start, end] = dayBounds(day, context.config.businessTimeZone);
  const [figures, offers, budgets, visits, bookings] = await Promise.all([
    dailyFigures(context, day),
    topOffers(context.db.manager, start, end, 5),
    budgetsOn(context.db.manager, day),
    visitFigures(context.db.manager, null, start, end),
    merchantBookingFigures(context.db.manager, null, start, end),
  ]);
  return {
    ...figures,
    topOffers: offers,
    budgets,
    venues: { visits: visits.visits, bookings: bookings.bookings, fees: visits.fees, bookingCoins: bookings.coins, workoutCoins: visits.workoutCoins },
  };
}

/** The last `days` days of figures, oldest first, ending today. */
export async function statsSeries(context: ServiceContext, days: number): Promise<{ days: DailyStats[] }> {
  const today = businessDate(context.now(), context.config.businessTimeZone);
  const series: DailyStats[] = [];
  for (let back = days - 1; back >= 0; back -= 1) series.push(await dailyFigures(context, addDays(today, -back)));
  return { days: series };
}
