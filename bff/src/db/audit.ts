import type { EntityManager } from 'typeorm';
import type { AuditEntry } from '@calorie-bank/shared';
import { decodeCursor, keysetPage, type Page } from './pages.js';
import { idOf, int, isoTime, json, type Raw } from './rows.js';
import { Where } from './sql.js';

/** One line of the operators' audit log, as the action writes it. */
export interface AuditLine {
  actorId: string;
  action: string;
  targetType: string;
  targetId: string | null;
  reason: string | null;
  before: unknown;
  after: unknown;
}

/** Writes a line with the operator's current username copied in, so the log still reads right after a rename. */
export async function insertAuditLine(manager: EntityManager, line: AuditLine, now: number): Promise<void> {
  await manager.query(
    `INSERT INTO audit_log (actor_id, actor, action, target_type, target_id, reason, before_json, after_json, created_at)
       SELECT id, username, ?, ?, ?, ?, ?, ?, ? FROM staff_accounts WHERE id = ?`,
    [
      line.action,
      line.targetType,
      line.targetId,
      line.reason,
      line.before === undefined ? null : JSON.stringify(line.before),
      line.after === undefined ? null : JSON.stringify(line.after),
      now,
      line.actorId,
    ],
  );
}

interface AuditRow {
  id: Raw;
  actor_id: Raw;
  actor: string;
  action: string;
  target_type: string;
  target_id: string | null;
  reason: string | null;
  before_json: string | null;
  after_json: string | null;
  created_at: Raw;
}

/** The audit log, newest first; optionally one action only. */
export async function listAuditLines(manager: EntityManager, query: { cursor?: string; limit: number; action?: string }): Promise<Page<AuditEntry>> {
  const before = decodeCursor(query.cursor, ['n']);
  const where = new Where().and('id < ?', [before?.[0]], before !== null).and('action = ?', [query.action], Boolean(query.action));
  const rows: AuditRow[] = await manager.query(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT ?`, [...where.params, query.limit + 1]);
  return keysetPage(
    rows,
    query.limit,
    (row) => ({
      id: idOf(row.id),
      actorId: idOf(row.actor_id),
      actor: row.actor,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      reason: row.reason,
      before: json<unknown>(row.before_json),
      after: json<unknown>(row.after_json),
      createdAt: isoTime(row.created_at),
    }),
    (row) => [int(row.id)],
  );
}
