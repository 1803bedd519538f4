import type { EntityManager } from 'typeorm';
import type { Campaign, CampaignStatus, CampaignTarget } from '@calorie-bank/shared';
import { budgetsLeft } from './ledger.js';
import { idOf, int, isoTime, type Raw } from './rows.js';
import { placeholders } from './sql.js';
import { execute, forUpdate } from './transaction.js';

interface CampaignRow {
  id: Raw;
  name: string;
  description: string;
  start_date: string;
  end_date: string;
  community_ids: string;
  multiplier_percent: Raw;
  thresholds: string;
  target: CampaignTarget;
  workout_thresholds: string;
  prizes: string;
  status: CampaignStatus;
  budget_coins: Raw;
  created_at: Raw;
}

/** A campaign as stored: everything but the budget left, which the ledger keeps. */
export type CampaignRecord = Omit<Campaign, 'budgetLeft'>;

function toCampaign(row: CampaignRow): CampaignRecord {
  return {
    id: idOf(row.id),
    name: row.name,
    description: row.description,
    startDate: row.start_date,
    endDate: row.end_date,
    // Small lists kept as JSON text: read whole with their campaign, never queried into.
    communityIds: JSON.parse(row.community_ids) as string[],
    multiplierPercent: int(row.multiplier_percent),
    thresholds: JSON.parse(row.thresholds) as { steps: number; coins: number }[],
    target: row.target,
    workoutThresholds: JSON.parse(row.workout_thresholds) as { workoutCoins: number; coins: number }[],
    prizes: JSON.parse(row.prizes) as number[],
    status: row.status,
    budgetCoins: int(row.budget_coins),
    createdAt: isoTime(row.created_at),
  };
}

/** One campaign; with `lock`, its row is locked for the rest of the transaction. */
export async function findCampaign(manager: EntityManager, campaignId: string, options: { lock?: boolean } = {}): Promise<CampaignRecord | null> {
  const rows: CampaignRow[] = await manager.query(`SELECT * FROM campaigns WHERE id = ?${options.lock ? forUpdate(manager) : ''}`, [campaignId]);
  return rows.length > 0 ? toCampaign(rows[0]) : null;
}

export async function campaignExists(manager: EntityManager, campaignId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query('SELECT id FROM campaigns WHERE id = ?', [campaignId]);
  return rows.length > 0;
}

/** The newest campaigns, for operators. */
export async function latestCampaigns(manager: EntityManager, limit: number): Promise<CampaignRecord[]> {
  const rows: CampaignRow[] = await manager.query('SELECT * FROM campaigns ORDER BY id DESC LIMIT ?', [limit]);
  return rows.map(toCampaign);
}

/** Campaigns running on `date` (active, with the date between their first and last day). */
export async function activeCampaignsOn(manager: EntityManager, date: string): Promise<CampaignRecord[]> {
  const rows: CampaignRow[] = await manager.query("SELECT * FROM campaigns WHERE status = 'active' AND start_date <= ? AND end_date >= ? ORDER BY id", [
    date,
    date,
  ]);
  return rows.map(toCampaign);
}

/** Campaigns whose dates include `date`, whatever their status: the boards a day had. */
export async function campaignsSpanning(manager: EntityManager, date: string): Promise<CampaignRecord[]> {
  const rows: CampaignRow[] = await manager.query('SELECT * FROM campaigns WHERE start_date <= ? AND end_date >= ? ORDER BY id', [date, date]);
  return rows.map(toCampaign);
}

type CampaignContent = Omit<CampaignRecord, 'id' | 'createdAt'>;

function contentValues(campaign: CampaignContent): unknown[] {
  return [
    campaign.name,
    campaign.description,
    campaign.startDate,
    campaign.endDate,
    JSON.stringify(campaign.communityIds),
    campaign.multiplierPercent,
    JSON.stringify(campaign.thresholds),
    JSON.stringify(campaign.prizes),
    campaign.status,
    campaign.budgetCoins,
    campaign.target,
    JSON.stringify(campaign.workoutThresholds),
  ];
}

export async function insertCampaign(manager: EntityManager, campaign: CampaignContent, now: number): Promise<string> {
  const inserted = await execute(
    manager,
    `INSERT INTO campaigns (name, description, start_date, end_date, community_ids, multiplier_percent, thresholds, prizes, status, budget_coins,
        target, workout_thresholds, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [...contentValues(campaign), now, now],
  );
  return inserted.insertId!;
}

export async function updateCampaignRow(manager: EntityManager, campaignId: string, campaign: CampaignContent, now: number): Promise<void> {
  await manager.query(
    `UPDATE campaigns SET name = ?, description = ?, start_date = ?, end_date = ?, community_ids = ?, multiplier_percent = ?,
        thresholds = ?, prizes = ?, status = ?, budget_coins = ?, target = ?, workout_thresholds = ?, updated_at = ? WHERE id = ?`,
    [...contentValues(campaign), now, campaignId],
  );
}

// What campaigns paid users per day (also the campaigns' boards).

export interface CampaignDay {
  steps: number;
  reachedAt: number;
  coinsCredited: number;
}

export async function findCampaignDay(manager: EntityManager, campaignId: string, date: string, userId: string): Promise<{ coinsCredited: number } | null> {
  const rows: { coins_credited: Raw }[] = await manager.query('SELECT coins_credited FROM campaign_days WHERE campaign_id = ? AND date = ? AND user_id = ?', [
    campaignId,
    date,
    userId,
  ]);
  return rows.length > 0 ? { coinsCredited: int(rows[0].coins_credited) } : null;
}

/** Writes a user's campaign day: the first row is inserted, later ones update it. */
export async function saveCampaignDay(
  manager: EntityManager,
  key: { campaignId: string; date: string; userId: string; exists: boolean },
  day: CampaignDay,
): Promise<void> {
  if (!key.exists) {
    await manager.query('INSERT INTO campaign_days (campaign_id, date, user_id, steps, reached_at, coins_credited) VALUES (?, ?, ?, ?, ?, ?)', [
      key.campaignId,
      key.date,
      key.userId,
      day.steps,
      day.reachedAt,
      day.coinsCredited,
    ]);
  } else {
    await manager.query('UPDATE campaign_days SET steps = ?, reached_at = ?, coins_credited = ? WHERE campaign_id = ? AND date = ? AND user_id = ?', [
      day.steps,
      day.reachedAt,
      day.coinsCredited,
      key.campaignId,
      key.date,
      key.userId,
    ]);
  }
}

/** Coins each of `campaignIds` paid a user on a date, by campaign id. */
export async function paidOn(manager: EntityManager, userId: string, date: string, campaignIds: string[]): Promise<Map<string, number>> {
  if (campaignIds.length === 0) return new Map();
  const rows: { campaign_id: Raw; coins_credited: Raw }[] = await manager.query(
    `SELECT campaign_id, coins_credited FROM campaign_days WHERE user_id = ? AND date = ? AND campaign_id IN (${placeholders(campaignIds)})`,
    [userId, date, ...campaignIds],
  );
  return new Map(rows.map((row) => [idOf(row.campaign_id), int(row.coins_credited)]));
}

/** Campaigns whose dates include `date` and have not ended, with what their budgets hold. */
export async function budgetsOn(
  manager: EntityManager,
  date: string,
): Promise<{ campaignId: string; name: string; status: string; budgetCoins: number; budgetLeft: number }[]> {
  const rows: { id: Raw; name: string; status: string; budget_coins: Raw }[] = await manager.query(
    `SELECT c.id, c.name, c.status, c.budget_coins FROM campaigns c
      WHERE c.status <> 'ended' AND c.start_date <= ? AND c.end_date >= ? ORDER BY c.id`,
    [date, date],
  );
  // Budget accounts are read by owner id as a parameter: a join on the cast campaign id would depend on collations.
  const left = await budgetsLeft(manager, rows.map((row) => idOf(row.id)));
  return rows.map((row) => ({
    campaignId: idOf(row.id),
    name: row.name,
    status: row.status,
    budgetCoins: int(row.budget_coins),
    budgetLeft: left.get(idOf(row.id)) ?? 0,
  }));
}

// What campaigns paid users' workouts per day (not a board: campaign_days is).

/** What a campaign paid a user's workouts on a date, or null if nothing was written yet. */
export async function findCampaignWorkoutDay(manager: EntityManager, campaignId: string, date: string, userId: string): Promise<number | null> {
  const rows: { coins_credited: Raw }[] = await manager.query(
    'SELECT coins_credited FROM campaign_workout_days WHERE campaign_id = ? AND date = ? AND user_id = ?',
    [campaignId, date, userId],
  );
  return rows.length > 0 ? int(rows[0].coins_credited) : null;
}

/** Writes what a campaign paid a user's workouts on a date: the first row is inserted, later ones update it. */
export async function saveCampaignWorkoutDay(
  manager: EntityManager,
  key: { campaignId: string; date: string; userId: string; exists: boolean },
  coinsCredited: number,
): Promise<void> {
  if (!key.exists) {
    await manager.query('INSERT INTO campaign_workout_days (campaign_id, date, user_id, coins_credited) VALUES (?, ?, ?, ?)', [
      key.campaignId,
      key.date,
      key.userId,
      coinsCredited,
    ]);
  } else {
    await manager.query('UPDATE campaign_workout_days SET coins_credited = ? WHERE campaign_id = ? AND date = ? AND user_id = ?', [
      coinsCredited,
      key.campaignId,
      key.date,
      key.userId,
    ]);
  }
}

/** Coins each of `campaignIds` paid a user's workouts on a date, by campaign id. */
export async function paidOnWorkouts(manager: EntityManager, userId: string, date: string, campaignIds: string[]): Promise<Map<string, number>> {
  if (campaignIds.length === 0) return new Map();
  const rows: { campaign_id: Raw; coins_credited: Raw }[] = await manager.query(
    `SELECT campaign_id, coins_credited FROM campaign_workout_days WHERE user_id = ? AND date = ? AND campaign_id IN (${placeholders(campaignIds)})`,
    [userId, date, ...campaignIds],
  );
  return new Map(rows.map((row) => [idOf(row.campaign_id), int(row.coins_credited)]));
}
