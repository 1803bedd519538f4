import type { EntityManager } from 'typeorm';
import type { Collectible, CollectibleRule, CollectibleRuleKind, CollectibleSeries } from '@calorie-bank/shared';
import { decodeCursor, keysetPage, type Page } from './pages.js';
import { idOf, int, isoTime, type Raw } from './rows.js';
import { placeholders } from './sql.js';
import { execute } from './transaction.js';

interface SeriesRow {
  id: Raw;
  name: string;
  description: string;
  artwork_url: string;
  edition_size: Raw;
  issued: Raw;
  rule: string;
  status: 'active' | 'ended';
  created_at: Raw;
}

function toSeries(row: SeriesRow): CollectibleSeries {
  return {
    id: idOf(row.id),
    name: row.name,
    description: row.description,
    artworkUrl: row.artwork_url,
    editionSize: int(row.edition_size),
    issued: int(row.issued),
    // A small object read whole with its series; `rule_kind` is the column queries filter on.
    rule: JSON.parse(row.rule) as CollectibleRule,
    status: row.status,
    createdAt: isoTime(row.created_at),
  };
}

export async function insertSeries(
  manager: EntityManager,
  series: { name: string; description: string; artworkUrl: string; editionSize: number; rule: CollectibleRule },
  now: number,
): Promise<string> {
  const created = await execute(
    manager,
    "INSERT INTO collectible_series (name, description, artwork_url, edition_size, issued, rule_kind, rule, status, created_at) VALUES (?, ?, ?, ?, 0, ?, ?, 'active', ?)",
    [series.name, series.description, series.artworkUrl, series.editionSize, series.rule.kind, JSON.stringify(series.rule), now],
  );
  return created.insertId!;
}

export async function findSeries(manager: EntityManager, seriesId: string): Promise<CollectibleSeries | null> {
  const rows: SeriesRow[] = await manager.query('SELECT * FROM collectible_series WHERE id = ?', [seriesId]);
  return rows.length > 0 ? toSeries(rows[0]) : null;
}

/** Series newest first, all of them or only the active ones. */
export async function listSeries(manager: EntityManager, query: { activeOnly: boolean; cursor?: string; limit: number }): Promise<Page<CollectibleSeries>> {
  const after = decodeCursor(query.cursor, ['n']);
  const conditions = [...(query.activeOnly ? ["status = 'active'"] : []), ...(after ? ['id < ?'] : [])];
  const rows: SeriesRow[] = await manager.query(
    `SELECT * FROM collectible_series ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
    [...(after ? [after[0]] : []), query.limit + 1],
  );
  return keysetPage(rows, query.limit, toSeries, (row) => [int(row.id)]);
}

/** Active series awarded by a rule (not sold): what the award hooks check against. */
export async function activeAwardSeries(manager: EntityManager): Promise<CollectibleSeries[]> {
  const rows: SeriesRow[] = await manager.query("SELECT * FROM collectible_series WHERE status = 'active' AND rule_kind <> 'purchase' AND issued < edition_size");
  return rows.map(toSeries);
}

export async function endSeriesRow(manager: EntityManager, seriesId: string): Promise<void> {
  await execute(manager, "UPDATE collectible_series SET status = 'ended' WHERE id = ?", [seriesId]);
}

/**
 * Takes the next serial of an active series: one conditional update, so however many claim at
 * once the counter never passes the edition size and each winner holds the row until commit.
 * Returns the serial taken, or null when the series is sold out or ended.
 */
export async function takeSerial(manager: EntityManager, seriesId: string): Promise<number | null> {
  const taken = await execute(manager, "UPDATE collectible_series SET issued = issued + 1 WHERE id = ? AND status = 'active' AND issued < edition_size", [
    seriesId,
  ]);
  if (taken.affected === 0) return null;
  // This transaction holds the row since its update: the counter read is the one it set.
  const rows: { issued: Raw }[] = await manager.query('SELECT issued FROM collectible_series WHERE id = ?', [seriesId]);
  return int(rows[0]?.issued);
}

export async function serialHeld(manager: EntityManager, seriesId: string, userId: string): Promise<number | null> {
  const rows: { serial: Raw }[] = await manager.query('SELECT serial FROM collectibles WHERE series_id = ? AND user_id = ?', [seriesId, userId]);
  return rows.length > 0 ? int(rows[0].serial) : null;
}

/** A user's serials in some series, by series id. */
export async function serialsHeld(manager: EntityManager, userId: string, seriesIds: string[]): Promise<Map<string, number>> {
  if (seriesIds.length === 0) return new Map();
  const rows: { series_id: Raw; serial: Raw }[] = await manager.query(
    `SELECT series_id, serial FROM collectibles WHERE user_id = ? AND series_id IN (${placeholders(seriesIds)})`,
    [userId, ...seriesIds],
  );
  return new Map(rows.map((row) => [idOf(row.series_id), int(row.serial)]));
}

export async function insertCollectible(
  manager: EntityManager,
  item: { seriesId: string; serial: number; userId: string; obtainedBy: CollectibleRuleKind; transactionId: string | null },
  now: number,
): Promise<string> {
  const created = await execute(
    manager,
    'INSERT INTO collectibles (series_id, serial, user_id, obtained_by, transaction_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    [item.seriesId, item.serial, item.userId, item.obtainedBy, item.transactionId, now],
  );
  return created.insertId!;
}

interface CollectibleRow {
  id: Raw;
  series_id: Raw;
  serial: Raw;
  obtained_by: CollectibleRuleKind;
  created_at: Raw;
  name: string;
  description: string;
  artwork_url: string;
  edition_size: Raw;
}

const COLLECTIBLE_SELECT = `SELECT c.id, c.series_id, c.serial, c.obtained_by, c.created_at, s.name, s.description, s.artwork_url, s.edition_size
  FROM collectibles c JOIN collectible_series s ON s.id = c.series_id`;

function toCollectible(row: CollectibleRow): Collectible {
  return {
    id: idOf(row.id),
    seriesId: idOf(row.series_id),
    name: row.name,
    description: row.description,
    artworkUrl: row.artwork_url,
    serial: int(row.serial),
    editionSize: int(row.edition_size),
    obtainedBy: row.obtained_by,
    obtainedAt: isoTime(row.created_at),
    transferable: false,
  };
}

/** A user's collectibles, newest first. */
export async function collectionOf(manager: EntityManager, userId: string, query: { cursor?: string; limit: number }): Promise<Page<Collectible>> {
  const after = decodeCursor(query.cursor, ['n']);
  const rows: CollectibleRow[] = await manager.query(`${COLLECTIBLE_SELECT} WHERE c.user_id = ? ${after ? 'AND c.id < ?' : ''} ORDER BY c.id DESC LIMIT ?`, [
    userId,
    ...(after ? [after[0]] : []),
    query.limit + 1,
  ]);
  return keysetPage(rows, query.limit, toCollectible, (row) => [int(row.id)]);
}

export async function findCollectible(manager: EntityManager, collectibleId: string, userId: string): Promise<Collectible | null> {
  const rows: CollectibleRow[] = await manager.query(`${COLLECTIBLE_SELECT} WHERE c.id = ? AND c.user_id = ?`, [collectibleId, userId]);
  return rows.length > 0 ? toCollectible(rows[0]) : null;
}

export async function findCollectibleBySeries(manager: EntityManager, seriesId: string, userId: string): Promise<Collectible | null> {
  const rows: CollectibleRow[] = await manager.query(`${COLLECTIBLE_SELECT} WHERE c.series_id = ? AND c.user_id = ?`, [seriesId, userId]);
  return rows.length > 0 ? toCollectible(rows[0]) : null;
}

/** Visits a venue's gate closed for a user: what the venue-visits rule counts. */
export async function finishedVisits(manager: EntityManager, userId: string): Promise<number> {
  const rows: { n: Raw }[] = await manager.query("SELECT COUNT(*) AS n FROM visits WHERE user_id = ? AND status = 'closed'", [userId]);
  return int(rows[0]?.n);
}

/** The user a visit belongs to, once the gate closed it; null otherwise. */
export async function closedVisitUser(manager: EntityManager, visitId: string): Promise<string | null> {
  const rows: { user_id: Raw }[] = await manager.query("SELECT user_id FROM visits WHERE id = ? AND status = 'closed'", [visitId]);
  return rows.length > 0 ? idOf(rows[0].user_id) : null;
}

export async function eventExists(manager: EntityManager, eventId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query('SELECT id FROM community_events WHERE id = ?', [eventId]);
  return rows.length > 0;
}
