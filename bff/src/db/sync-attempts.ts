import type { EntityManager } from 'typeorm';
import type { FlaggedSync } from '@calorie-bank/shared';
import { decodeCursor, keysetPage, type Page } from './pages.js';
import { idOf, int, intOrNull, isoTime, type Raw } from './rows.js';
import { Where } from './sql.js';
import { deferWrite } from './statement-batch.js';

/** One sync as operators review it: accepted or refused, what was claimed and what it paid. */
export interface SyncAttempt {
  userId: string;
  outcome: 'accepted' | 'rejected';
  /** The refusal's error code; null when accepted. */
  reason: string | null;
  /** What the payload claimed, when it could be read. */
  date: string | null;
  steps: number | null;
  fingerprint: string | null;
  credited: number;
}

/** Records an attempt; inside a transaction it goes with the transaction's next statement. */
export async function insertSyncAttempt(manager: EntityManager, attempt: SyncAttempt, now: number): Promise<void> {
  await deferWrite(
    manager,
    `INSERT INTO step_sync_attempts (user_id, date, steps, outcome, reason, fingerprint, flagged, credited, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [attempt.userId, attempt.date, attempt.steps, attempt.outcome, attempt.reason, attempt.fingerprint, false, attempt.credited, now],
  );
}

/** How many users one payload was accepted for on a date. */
export async function usersOfPayload(manager: EntityManager, date: string, fingerprint: string): Promise<number> {
  const rows: { users: Raw }[] = await manager.query(
    `SELECT COUNT(DISTINCT user_id) AS users FROM step_sync_attempts
      WHERE date = ? AND fingerprint = ? AND outcome = 'accepted'`,
    [date, fingerprint],
  );
  return int(rows[0].users);
}

/** Flags every accepted sync of one payload on a date for review. */
export async function flagPayload(manager: EntityManager, date: string, fingerprint: string): Promise<void> {
  await manager.query(`UPDATE step_sync_attempts SET flagged = ? WHERE date = ? AND fingerprint = ? AND outcome = 'accepted' AND flagged = ?`, [
    true,
    date,
    fingerprint,
    false,
  ]);
}

/** Syncs for operators to review, newest first: those flagged as replays, and implausible counts. */
export async function listFlaggedSyncs(manager: EntityManager, query: { cursor?: string; limit: number }): Promise<Page<FlaggedSync>> {
  const before = decodeCursor(query.cursor, ['n']);
  const where = new Where().and("(s.flagged = ? OR s.reason = 'STEPS_IMPLAUSIBLE')", [true]).and('s.id < ?', [before?.[0]], before !== null);
  const rows: {
    id: Raw; user_id: Raw; nickname: string; date: string | null; steps: Raw | null;
    outcome: 'accepted' | 'rejected'; reason: string | null; credited: Raw; created_at: Raw;
  }[] = await manager.query(
    `SELECT s.id, s.user_id, u.nickname, s.date, s.steps, s.outcome, s.reason, s.credited, s.created_at
       FROM step_sync_attempts s JOIN users u ON u.id = s.user_id ${where} ORDER BY s.id DESC LIMIT ?`,
    [...where.params, query.limit + 1],
  );
  return keysetPage(
    rows,
    query.limit,
    (row) => ({
      id: idOf(row.id),
      userId: idOf(row.user_id),
      nickname: row.nickname,
      date: row.date,
      steps: intOrNull(row.steps),
      outcome: row.outcome,
      reason: row.reason,
      credited: int(row.credited),
      createdAt: isoTime(row.created_at),
    }),
    (row) => [int(row.id)],
  );
}
