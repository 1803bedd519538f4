import { prizePayouts, syncableDates, type Settlement } from '@calorie-bank/shared';
import { forUpdate, insertIgnore, runInTransaction } from '../db/transaction.js';
import { AppError } from '../errors.js';
import { ensureAccount } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import { recordAudit, type Operator } from '../services/audit.js';
import { definitionOf, type CampaignRow } from '../services/campaigns.js';
import type { ServiceContext } from '../services/context.js';

/** Places of each board kept after its day closes. */
export const SNAPSHOT_SIZE = 100;

interface SettlementRow {
  date: string;
  status: 'running' | 'done';
  scopes: number;
  prizes_paid: number | string;
  finished_at: number | string | null;
}

function presentSettlement(row: SettlementRow): Settlement {
  return {
    date: row.date,
    status: row.status,
    scopes: Number(row.scopes),
    prizesPaid: Number(row.prizes_paid),
    finishedAt: row.finished_at === null ? null : new Date(Number(row.finished_at)).toISOString(),
  };
}

async function settlementOf(context: ServiceContext, date: string): Promise<SettlementRow> {
  const rows: SettlementRow[] = await context.db.query('SELECT * FROM settlements WHERE date = ?', [date]);
  return rows[0];
}

/** The boards a day had: the global one, each community's with members, each campaign's that ran. */
async function scopesOf(context: ServiceContext, date: string): Promise<{ scope: string; campaign: CampaignRow | null }[]> {
  const communities: { id: number | string }[] = await context.db.query('SELECT id FROM communities WHERE member_count > 0 ORDER BY id');
  const campaigns: CampaignRow[] = await context.db.query(
    'SELECT * FROM campaigns WHERE start_date <= ? AND end_date >= ? ORDER BY id',
    [date, date],
  );
  return [
    { scope: 'global', campaign: null },
    ...communities.map((row) => ({ scope: `community:${row.id}`, campaign: null })),
    ...campaigns.map((row) => ({ scope: `campaign:${row.id}`, campaign: row })),
  ];
}

/**
 * Snapshots one board's top places and pays its campaign's prizes, in one transaction: a board
 * already snapshotted is skipped, and each prize's ledger key names the campaign, day and place,
 * so a second run (another process, or a retry after a crash) pays nothing twice. Prizes go to
 * places in order as far as the budget reaches; a frozen user's place wins nothing.
 */
async function settleScope(context: ServiceContext, date: string, scope: string, campaign: CampaignRow | null, now: number): Promise<number> {
  const top = await context.leaderboard.topFromDatabase(date, scope, SNAPSHOT_SIZE);
  return runInTransaction(
    context.db,
    async (manager) => {
      // Settlers of one day (two processes, or a retry) take its boards one at a time; read
      // committed, each sees what the other already snapshotted and paid.
      await manager.query(`SELECT date FROM settlements WHERE date = ?${forUpdate(manager)}`, [date]);
      const done: unknown[] = await manager.query('SELECT 1 AS one FROM leaderboard_snapshots WHERE date = ? AND scope = ? LIMIT 1', [date, scope]);
      if (done.length > 0 || top.length === 0) return 0;
      const prizes: number[] = [];
      let budget: { id: number | string; balance: number | string } | undefined;
      if (campaign && campaign.status === 'active') {
        const definition = definitionOf(campaign);
        const budgets: { id: number | string; balance: number | string }[] = await manager.query(
          `SELECT id, balance FROM ledger_accounts WHERE kind = 'campaign_budget' AND owner_id = ?${forUpdate(manager)}`,
          [definition.id],
        );
        budget = budgets[0];
        if (budget) prizes.push(...prizePayouts(definition.prizes, top.length, Number(budget.balance)));
      }
      const frozen = new Set<string>();
      if (prizes.some((coins) => coins > 0)) {
        const ids = top.slice(0, prizes.length).map((row) => row.userId);
        const rows: { id: number | string }[] = await manager.query(
          `SELECT id FROM users WHERE frozen = ? AND id IN (${ids.map(() => '?').join(', ')})`,
          [true, ...ids],
        );
        for (const row of rows) frozen.add(String(row.id));
      }
      let paid = 0;
      for (const [index, row] of top.entries()) {
        const place = index + 1;
        const prize = frozen.has(row.userId) ? 0 : (prizes[index] ?? 0);
        if (prize > 0 && budget) {
          await postTransaction(manager, {
            idempotencyKey: `prize:${campaign!.id}:${date}:${place}`,
            kind: 'campaign_prize',
            memo: `${campaign!.name} ${date} 第 ${place} 名`,
            postings: [
              { account: { id: String(budget.id), kind: 'campaign_budget' }, amount: -prize },
              { account: await ensureAccount(manager, 'user_wallet', row.userId, now), amount: prize },
            ],
            now,
          });
          paid += prize;
        }
        await manager.query(
          `${insertIgnore(manager)} INTO leaderboard_snapshots (date, scope, place, user_id, steps, prize_coins) VALUES (?, ?, ?, ?, ?, ?)`,
          [date, scope, place, row.userId, row.steps, prize],
        );
      }
      return paid;
    },
    { isolation: 'READ COMMITTED' },
  );
}

/**
 * Settles a day whose boards can no longer change (it is neither today nor yesterday, the days
 * a sync may still raise): every board's top places are kept and campaign prizes are paid, once.
 */
export async function settleDay(context: ServiceContext, date: string, operator?: Operator): Promise<{ settlement: Settlement }> {
  const [today, yesterday] = syncableDates(context.now(), context.config.businessTimeZone);
  if (date >= yesterday) {
    throw new AppError('DAY_NOT_CLOSED', `${date} can still be synced; days up to ${yesterday} exclusive can be settled`, {
      details: { date, today, yesterday },
    });
  }
  const now = context.now().getTime();
  await runInTransaction(context.db, (manager) =>
    manager.query(`${insertIgnore(manager)} INTO settlements (date, status, scopes, prizes_paid, started_at) VALUES (?, 'running', 0, 0, ?)`, [date, now]),
  );
  const existing = await settlementOf(context, date);
  if (existing.status === 'done') return { settlement: presentSettlement(existing) };
  const scopes = await scopesOf(context, date);
  let prizesPaid = 0;
  for (const { scope, campaign } of scopes) prizesPaid += await settleScope(context, date, scope, campaign, now);
  await runInTransaction(context.db, async (manager) => {
    const [{ status }]: { status: string }[] = await manager.query(`SELECT status FROM settlements WHERE date = ?${forUpdate(manager)}`, [date]);
    if (status === 'done') return;
    const [{ total }]: { total: number | string | null }[] = await manager.query('SELECT SUM(prize_coins) AS total FROM leaderboard_snapshots WHERE date = ?', [date]);
    const finished = { scopes: scopes.length, prizesPaid: Number(total ?? 0) };
    await manager.query("UPDATE settlements SET status = 'done', scopes = ?, prizes_paid = ?, finished_at = ? WHERE date = ?", [
      finished.scopes,
      finished.prizesPaid,
      context.now().getTime(),
      date,
    ]);
    if (operator) await recordAudit(manager, operator, { action: 'day.settle', targetType: 'day', targetId: date, after: finished }, now);
  }, { isolation: 'READ COMMITTED' });
  if (prizesPaid > 0) context.metrics.coinsCredited.inc({ kind: 'campaign_prize' }, prizesPaid);
  context.logger.info({ date, scopes: scopes.length, prizesPaid }, 'day settled');
  return { settlement: presentSettlement(await settlementOf(context, date)) };
}
