import { addDays, businessDate, startOfBusinessDay, type DailyStats, type StatsResponse } from '@calorie-bank/shared';
import { accountBalances } from '../ledger/accounts.js';
import type { ServiceContext } from './context.js';

/** The instants a business day starts and ends (exclusive) in the business time zone. */
function dayBounds(date: string, timeZone: string): [number, number] {
  // Noon UTC falls on the same calendar day in every zone within ±12 hours.
  const start = startOfBusinessDay(new Date(`${date}T12:00:00Z`), timeZone);
  const end = startOfBusinessDay(new Date(`${addDays(date, 1)}T12:00:00Z`), timeZone);
  return [start, end];
}

async function dailyFigures(context: ServiceContext, date: string): Promise<DailyStats> {
  const [start, end] = dayBounds(date, context.config.businessTimeZone);
  const [days, flows] = await Promise.all([
    context.db.query('SELECT COUNT(*) AS users, COALESCE(SUM(steps), 0) AS steps FROM daily_steps WHERE date = ?', [date]) as Promise<
      { users: number | string; steps: number | string }[]
    >,
    // Every wallet movement of the day by kind: credits are coins issued, redemption debits coins redeemed.
    context.db.query(
      `SELECT t.kind, SUM(CASE WHEN e.amount > 0 THEN e.amount ELSE 0 END) AS credited, SUM(CASE WHEN e.amount < 0 THEN -e.amount ELSE 0 END) AS debited
         FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id
         JOIN ledger_accounts a ON a.id = e.account_id AND a.kind = 'user_wallet'
        WHERE t.created_at >= ? AND t.created_at < ? GROUP BY t.kind`,
      [start, end],
    ) as Promise<{ kind: string; credited: number | string; debited: number | string }[]>,
  ]);
  const coinsIssued: Record<string, number> = {};
  let coinsRedeemed = 0;
  for (const flow of flows) {
    if (flow.kind === 'redemption') coinsRedeemed += Number(flow.debited);
    else if (flow.kind === 'refund') coinsRedeemed -= Number(flow.credited);
    else if (Number(flow.credited) > 0) coinsIssued[flow.kind] = Number(flow.credited);
  }
  return { date, usersSynced: Number(days[0].users), steps: Number(days[0].steps), coinsIssued, coinsRedeemed };
}

/** One day's figures for operators (default today): activity, coins in and out, top offers, budgets left. */
export async function dayStats(context: ServiceContext, date?: string): Promise<StatsResponse> {
  const day = date ?? businessDate(context.now(), context.config.businessTimeZone);
  const [start, end] = dayBounds(day, context.config.businessTimeZone);
  const [figures, offers, budgets] = await Promise.all([
    dailyFigures(context, day),
    context.db.query(
      `SELECT v.offer_id, o.title, COUNT(*) AS redeemed FROM vouchers v JOIN offers o ON o.id = v.offer_id
        WHERE v.issued_at >= ? AND v.issued_at < ? AND v.status <> 'refunded'
        GROUP BY v.offer_id, o.title ORDER BY redeemed DESC, v.offer_id LIMIT 5`,
      [start, end],
    ) as Promise<{ offer_id: number | string; title: string; redeemed: number | string }[]>,
    context.db.query(
      `SELECT c.id, c.name, c.status, c.budget_coins FROM campaigns c
        WHERE c.status <> 'ended' AND c.start_date <= ? AND c.end_date >= ? ORDER BY c.id`,
      [day, day],
    ) as Promise<{ id: number | string; name: string; status: string; budget_coins: number | string }[]>,
  ]);
  // Budget accounts are read by owner id as a parameter: a join on the cast campaign id would depend on collations.
  const left = await accountBalances(context.db.manager, 'campaign_budget', budgets.map((row) => String(row.id)));
  return {
    ...figures,
    topOffers: offers.map((row) => ({ offerId: String(row.offer_id), title: row.title, redeemed: Number(row.redeemed) })),
    budgets: budgets.map((row) => ({
      campaignId: String(row.id),
      name: row.name,
      status: row.status,
      budgetCoins: Number(row.budget_coins),
      budgetLeft: left.get(String(row.id)) ?? 0,
    })),
  };
}

/** The last `days` days of figures, oldest first, ending today. */
export async function statsSeries(context: ServiceContext, days: number): Promise<{ days: DailyStats[] }> {
  const today = businessDate(context.now(), context.config.businessTimeZone);
  const series: DailyStats[] = [];
  for (let back = days - 1; back >= 0; back -= 1) series.push(await dailyFigures(context, addDays(today, -back)));
  return { days: series };
}
