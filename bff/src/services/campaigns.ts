import type { EntityManager } from 'typeorm';
import type { Campaign, CampaignStatus, CreateCampaignRequest, UpdateCampaignRequest, UserCampaign } from '@calorie-bank/shared';
import { businessDate } from '@calorie-bank/shared';
import { execute, forUpdate, runInTransaction } from '../db/transaction.js';
import { AppError, notFound, validationFailed } from '../errors.js';
import { ensureAccount, mintAccount } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import { recordAudit, type Operator } from './audit.js';
import type { ServiceContext } from './context.js';

export interface CampaignRow {
  id: number | string;
  name: string;
  description: string;
  start_date: string;
  end_date: string;
  community_ids: string;
  multiplier_percent: number;
  thresholds: string;
  prizes: string;
  status: CampaignStatus;
  budget_coins: number | string;
  created_at: number | string;
}

/** A campaign's rules and audience, parsed from its row. */
export interface CampaignDefinition {
  id: string;
  name: string;
  communityIds: string[];
  effects: { multiplierPercent: number; thresholds: { steps: number; coins: number }[] };
  prizes: number[];
}

export function definitionOf(row: CampaignRow): CampaignDefinition {
  return {
    id: String(row.id),
    name: row.name,
    communityIds: JSON.parse(row.community_ids) as string[],
    effects: { multiplierPercent: Number(row.multiplier_percent), thresholds: JSON.parse(row.thresholds) as { steps: number; coins: number }[] },
    prizes: JSON.parse(row.prizes) as number[],
  };
}

export function presentCampaign(row: CampaignRow, budgetLeft: number): Campaign {
  const definition = definitionOf(row);
  return {
    id: definition.id,
    name: row.name,
    description: row.description,
    startDate: row.start_date,
    endDate: row.end_date,
    communityIds: definition.communityIds,
    multiplierPercent: definition.effects.multiplierPercent,
    thresholds: definition.effects.thresholds,
    prizes: definition.prizes,
    status: row.status,
    budgetCoins: Number(row.budget_coins),
    budgetLeft,
    createdAt: new Date(Number(row.created_at)).toISOString(),
  };
}

/** Budgets left by campaign id, read from the campaigns' budget accounts. */
export async function budgetsLeft(manager: EntityManager, campaignIds: string[]): Promise<Map<string, number>> {
  if (campaignIds.length === 0) return new Map();
  const rows: { owner_id: string; balance: number | string }[] = await manager.query(
    `SELECT owner_id, balance FROM ledger_accounts WHERE kind = 'campaign_budget' AND owner_id IN (${campaignIds.map(() => '?').join(', ')})`,
    campaignIds,
  );
  return new Map(rows.map((row) => [row.owner_id, Number(row.balance)]));
}

/** Campaigns running on `date` (active, with the date between their first and last day). */
export async function campaignsOn(manager: EntityManager, date: string): Promise<CampaignRow[]> {
  return manager.query(
    "SELECT * FROM campaigns WHERE status = 'active' AND start_date <= ? AND end_date >= ? ORDER BY id",
    [date, date],
  );
}

/** Whether a campaign's audience includes a member of `communityIds`. */
export function appliesTo(campaign: CampaignDefinition, communityIds: ReadonlySet<string>): boolean {
  return campaign.communityIds.length === 0 || campaign.communityIds.some((id) => communityIds.has(id));
}

export async function communitiesOf(manager: EntityManager, userId: string): Promise<Set<string>> {
  const rows: { community_id: number | string }[] = await manager.query('SELECT community_id FROM community_members WHERE user_id = ?', [userId]);
  return new Set(rows.map((row) => String(row.community_id)));
}

async function checkCommunities(manager: EntityManager, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows: { id: number | string }[] = await manager.query(
    `SELECT id FROM communities WHERE id IN (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  const found = new Set(rows.map((row) => String(row.id)));
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw notFound(`Community ${missing}`);
}

/** Moves `amount` coins from the mint into a campaign's budget. */
async function fundBudget(manager: EntityManager, campaignId: string, fundedTotal: number, amount: number, now: number): Promise<void> {
  const budget = await ensureAccount(manager, 'campaign_budget', campaignId, now);
  await postTransaction(manager, {
    // Funding only grows, so the new total names each top-up once.
    idempotencyKey: `campaign-fund:${campaignId}:${fundedTotal}`,
    kind: 'campaign_funding',
    memo: `campaign ${campaignId} budget`,
    postings: [
      { account: await mintAccount(manager), amount: -amount },
      { account: budget, amount },
    ],
    now,
  });
}

async function loadCampaign(manager: EntityManager, id: string, lock = false): Promise<CampaignRow> {
  const rows: CampaignRow[] = await manager.query(`SELECT * FROM campaigns WHERE id = ?${lock ? forUpdate(manager) : ''}`, [id]);
  if (rows.length === 0) throw notFound(`Campaign ${id}`);
  return rows[0];
}

async function present(manager: EntityManager, row: CampaignRow): Promise<Campaign> {
  const budgets = await budgetsLeft(manager, [String(row.id)]);
  return presentCampaign(row, budgets.get(String(row.id)) ?? 0);
}

export async function listCampaigns(context: ServiceContext): Promise<{ items: Campaign[] }> {
  const rows: CampaignRow[] = await context.db.query('SELECT * FROM campaigns ORDER BY id DESC LIMIT 200');
  const budgets = await budgetsLeft(context.db.manager, rows.map((row) => String(row.id)));
  return { items: rows.map((row) => presentCampaign(row, budgets.get(String(row.id)) ?? 0)) };
}

/** Creates a campaign and funds its whole budget from the mint, in one transaction with its audit line. */
export async function createCampaign(context: ServiceContext, operator: Operator, body: CreateCampaignRequest): Promise<{ campaign: Campaign }> {
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
    await checkCommunities(manager, body.communityIds);
    const inserted = await execute(
      manager,
      `INSERT INTO campaigns (name, description, start_date, end_date, community_ids, multiplier_percent, thresholds, prizes, status, budget_coins, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)`,
      [
        body.name,
        body.description,
        body.startDate,
        body.endDate,
        JSON.stringify(body.communityIds),
        body.multiplierPercent,
        JSON.stringify([...body.thresholds].sort((a, b) => a.steps - b.steps)),
        JSON.stringify(body.prizes),
        body.budgetCoins,
        now,
        now,
      ],
    );
    const campaignId = inserted.insertId!;
    await fundBudget(manager, campaignId, body.budgetCoins, body.budgetCoins, now);
    const campaign = await present(manager, await loadCampaign(manager, campaignId));
    await recordAudit(manager, operator, { action: 'campaign.create', targetType: 'campaign', targetId: campaignId, after: campaign }, now);
    return { campaign };
  });
}

/**
 * Edits a campaign. An ended campaign is final. A larger budget funds the difference from the
 * mint; a budget cannot shrink, since its coins may already be promised to users.
 */
export async function updateCampaign(
  context: ServiceContext,
  operator: Operator,
  campaignId: string,
  body: UpdateCampaignRequest,
): Promise<{ campaign: Campaign }> {
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
    const row = await loadCampaign(manager, campaignId, true);
    const before = await present(manager, row);
    if (row.status === 'ended') throw new AppError('CAMPAIGN_NOT_EDITABLE', 'This campaign has ended and can no longer change');
    const startDate = body.startDate ?? row.start_date;
    const endDate = body.endDate ?? row.end_date;
    if (startDate > endDate) throw validationFailed('endDate must not be before startDate', body.endDate ? 'endDate' : 'startDate');
    if (body.communityIds) await checkCommunities(manager, body.communityIds);
    const funded = Number(row.budget_coins);
    if (body.budgetCoins !== undefined && body.budgetCoins < funded) {
      throw validationFailed(`A budget can only grow: it is ${funded} coins now`, 'budgetCoins');
    }
    if (body.budgetCoins !== undefined && body.budgetCoins > funded) {
      await fundBudget(manager, campaignId, body.budgetCoins, body.budgetCoins - funded, now);
    }
    await manager.query(
      `UPDATE campaigns SET name = ?, description = ?, start_date = ?, end_date = ?, community_ids = ?, multiplier_percent = ?,
          thresholds = ?, prizes = ?, status = ?, budget_coins = ?, updated_at = ? WHERE id = ?`,
      [
        body.name ?? row.name,
        body.description ?? row.description,
        startDate,
        endDate,
        body.communityIds ? JSON.stringify(body.communityIds) : row.community_ids,
        body.multiplierPercent ?? row.multiplier_percent,
        body.thresholds ? JSON.stringify([...body.thresholds].sort((a, b) => a.steps - b.steps)) : row.thresholds,
        body.prizes ? JSON.stringify(body.prizes) : row.prizes,
        body.status ?? row.status,
        Math.max(funded, body.budgetCoins ?? funded),
        now,
        campaignId,
      ],
    );
    const campaign = await present(manager, await loadCampaign(manager, campaignId));
    const action = body.status && body.status !== row.status ? `campaign.${body.status === 'active' ? 'resume' : body.status === 'paused' ? 'pause' : 'end'}` : 'campaign.update';
    await recordAudit(manager, operator, { action, targetType: 'campaign', targetId: campaignId, before, after: campaign }, now);
    return { campaign };
  });
}

/** Today's campaigns that apply to a user, with what each paid them today and whether its budget is spent. */
export async function campaignsForUser(context: ServiceContext, userId: string): Promise<{ date: string; items: UserCampaign[] }> {
  const date = businessDate(context.now(), context.config.businessTimeZone);
  const manager = context.db.manager;
  const rows = await campaignsOn(manager, date);
  if (rows.length === 0) return { date, items: [] };
  const communities = await communitiesOf(manager, userId);
  const applicable = rows.filter((row) => appliesTo(definitionOf(row), communities));
  const ids = applicable.map((row) => String(row.id));
  const budgets = await budgetsLeft(manager, ids);
  const paid: { campaign_id: number | string; coins_credited: number }[] =
    ids.length === 0
      ? []
      : await manager.query(
          `SELECT campaign_id, coins_credited FROM campaign_days WHERE user_id = ? AND date = ? AND campaign_id IN (${ids.map(() => '?').join(', ')})`,
          [userId, date, ...ids],
        );
  const paidBy = new Map(paid.map((row) => [String(row.campaign_id), Number(row.coins_credited)]));
  return {
    date,
    items: applicable.map((row) => {
      const { budgetCoins: _funded, createdAt: _created, ...campaign } = presentCampaign(row, budgets.get(String(row.id)) ?? 0);
      return { ...campaign, exhausted: campaign.budgetLeft === 0, creditedToday: paidBy.get(campaign.id) ?? 0 };
    }),
  };
}
