import type { EntityManager } from 'typeorm';
import type { Settlement } from '@calorie-bank/shared';
import { int, isoTimeOrNull, type Raw } from './rows.js';
import { forUpdate, insertIgnore } from './transaction.js';

interface SettlementRow {
  date: string;
  status: 'running' | 'done';
  scopes: Raw;
  prizes_paid: Raw;
  finished_at: Raw | null;
}

function toSettlement(row: SettlementRow): Settlement {
  return { date: row.date, status: row.status, scopes: int(row.scopes), prizesPaid: int(row.prizes_paid), finishedAt: isoTimeOrNull(row.finished_at) };
}

export async function findSettlement(manager: EntityManager, date: string): Promise<Settlement | null> {
  const rows: SettlementRow[] = await manager.query('SELECT * FROM settlements WHERE date = ?', [date]);
  return rows.length > 0 ? toSettlement(rows[0]) : null;
}

/** Marks a day's settlement as running, unless a settler got there first. */
export async function startSettlement(manager: EntityManager, date: string, now: number): Promise<void> {
  await manager.query(`${insertIgnore(manager)} INTO settlements (date, status, scopes, prizes_paid, started_at) VALUES (?, 'running', 0, 0, ?)`, [date, now]);
}

/** Locks a day's settlement row: settlers of one day take its boards one at a time. Answers its status. */
export async function lockSettlement(manager: EntityManager, date: string): Promise<'running' | 'done' | null> {
  const rows: { status: 'running' | 'done' }[] = await manager.query(`SELECT status FROM settlements WHERE date = ?${forUpdate(manager)}`, [date]);
  return rows[0]?.status ?? null;
}

export async function finishSettlement(manager: EntityManager, date: string, finished: { scopes: number; prizesPaid: number }, now: number): Promise<void> {
  await manager.query("UPDATE settlements SET status = 'done', scopes = ?, prizes_paid = ?, finished_at = ? WHERE date = ?", [
    finished.scopes,
    finished.prizesPaid,
    now,
    date,
  ]);
}

// Snapshots of settled boards.

export async function snapshotExists(manager: EntityManager, date: string, scope: string): Promise<boolean> {
  const rows: unknown[] = await manager.query('SELECT 1 AS one FROM leaderboard_snapshots WHERE date = ? AND scope = ? LIMIT 1', [date, scope]);
  return rows.length > 0;
}

/** Keeps one place of a settled board (a second settler's copy changes nothing). */
export async function insertSnapshotPlace(
  manager: EntityManager,
  place: { date: string; scope: string; place: number; userId: string; steps: number; prizeCoins: number },
): Promise<void> {
  await manager.query(`${insertIgnore(manager)} INTO leaderboard_snapshots (date, scope, place, user_id, steps, prize_coins) VALUES (?, ?, ?, ?, ?, ?)`, [
    place.date,
    place.scope,
    place.place,
    place.userId,
    place.steps,
    place.prizeCoins,
  ]);
}

/** Prize coins paid on a day's boards in all. */
export async function prizesPaidOn(manager: EntityManager, date: string): Promise<number> {
  const [{ total }]: { total: Raw | null }[] = await manager.query('SELECT SUM(prize_coins) AS total FROM leaderboard_snapshots WHERE date = ?', [date]);
  return int(total);
}
