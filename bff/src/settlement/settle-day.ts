import { prizePayouts, syncableDates, type Settlement } from '@calorie-bank/shared';
import { campaignsSpanning, type CampaignRecord } from '../db/campaigns.js';
import { communitiesWithMembers } from '../db/communities.js';
import * as settlements from '../db/settlements.js';
import { runInTransaction } from '../db/transaction.js';
import { frozenAmong } from '../db/users.js';
import { AppError } from '../errors.js';
import { ensureAccount } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import { lockPool, takeFromPool, type LockedPool } from '../ledger/pools.js';
import { recordAudit, type Operator } from '../services/audit.js';
import { definitionOf } from '../services/campaigns.js';
import type { ServiceContext } from '../services/context.js';

/** Places of each board kept after its day closes. */
export const SNAPSHOT_SIZE = 100;

/** The boards a day had: the global one, each community's with members, each campaign's that ran. */
async function scopesOf(context: ServiceContext, date: string): Promise<{ scope: string; campaign: CampaignRecord | null }[]> {
  const communities = await communitiesWithMembers(context.db.manager);
  const campaigns = await campaignsSpanning(context.db.manager, date);
  return [
    { scope: 'global', campaign: null },
    ...communities.map((id) => ({ scope: `community:${id}`, campaign: null })),
    ...campaigns.map((campaign) => ({ scope: `campaign:${campaign.id}`, campaign })),
  ];
}

/**
 * Snapshots one board's top places and pays its campaign's prizes, in one transaction: a board
 * already snapshotted is skipped, and each prize's ledger key names the campaign, day and place,
 * so a second run (another process, or a retry after a crash) pays nothing twice. Prizes go to
 * places in order as far as the budget reaches; a frozen user's place wins nothing.
 */
async function settleScope(context: ServiceContext, date: string, scope: string, campaign: CampaignRecord | null, now: number): Promise<number> {
  const top = await context.leaderboard.topFromDatabase(date, scope, SNAPSHOT_SIZE);
  return runInTransaction(
    context.db,
    async (manager) => {
      // Settlers of one day (two processes, or a retry) take its boards one at a time; read
      // committed, each sees what the other already snapshotted and paid.
      await settlements.lockSettlement(manager, date);
      if ((await settlements.snapshotExists(manager, date, scope)) || top.length === 0) return 0;
      const prizes: number[] = [];
      let budget: LockedPool | null = null;
      if (campaign && campaign.status === 'active') {
        const definition = definitionOf(campaign);
        budget = await lockPool(manager, { kind: 'campaign_budget', ownerId: definition.id });
        prizes.push(...prizePayouts(definition.prizes, top.length, budget.total));
      }
      const frozen = prizes.some((coins) => coins > 0) ? await frozenAmong(manager, top.slice(0, prizes.length).map((row) => row.userId)) : new Set<string>();
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
              ...takeFromPool(budget, prize),
              { account: await ensureAccount(manager, 'user_wallet', row.userId, now), amount: prize },
            ],
            now,
          });
          paid += prize;
        }
        await settlements.insertSnapshotPlace(manager, { date, scope, place, userId: row.userId, steps: row.steps, prizeCoins: prize });
      }
      return paid;
    },
    // A hundred places and their prizes: a job's many statements, each bounded on its own.
    { isolation: 'READ COMMITTED', longRunning: true },
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
  await runInTransaction(context.db, (manager) => settlements.startSettlement(manager, date, now));
  const existing = (await settlements.findSettlement(context.db.manager, date))!;
  if (existing.status === 'done') return { settlement: existing };
  const scopes = await scopesOf(context, date);
  let prizesPaid = 0;
  for (const { scope, campaign } of scopes) prizesPaid += await settleScope(context, date, scope, campaign, now);
  await runInTransaction(context.db, async (manager) => {
    if ((await settlements.lockSettlement(manager, date)) === 'done') return;
    const finished = { scopes: scopes.length, prizesPaid: await settlements.prizesPaidOn(manager, date) };
    await settlements.finishSettlement(manager, date, finished, context.now().getTime());
    if (operator) await recordAudit(manager, operator, { action: 'day.settle', targetType: 'day', targetId: date, after: finished }, now);
  }, { isolation: 'READ COMMITTED' });
  if (prizesPaid > 0) context.metrics.coinsCredited.inc({ kind: 'campaign_prize' }, prizesPaid);
  context.logger.info({ date, scopes: scopes.length, prizesPaid }, 'day settled');
  return { settlement: (await settlements.findSettlement(context.db.manager, date))! };
}
