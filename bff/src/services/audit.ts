import type { EntityManager } from 'typeorm';
import type { AuditEntry } from '@calorie-bank/shared';
import type { ServiceContext } from './context.js';
import { keysetPage } from './pages.js';

/** The operator behind an action, as the staff token names them. */
export interface Operator {
  id: string;
}

export interface AuditRecord {
  action: string;
  targetType: string;
  targetId: string | null;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Writes one line of the operators' audit log inside the action's own transaction, so an action
 * and its record commit or roll back together. The operator's name is copied in, so the log
 * still reads right if the account is renamed.
 */
export async function recordAudit(manager: EntityManager, operator: Operator, record: AuditRecord, now: number): Promise<void> {
  await manager.query(
    `INSERT INTO audit_log (actor_id, actor, action, target_type, target_id, reason, before_json, after_json, created_at)
       SELECT id, username, ?, ?, ?, ?, ?, ?, ? FROM staff_accounts WHERE id = ?`,
    [
      record.action,
      record.targetType,
      record.targetId,
      record.reason ?? null,
      record.before === undefined ? null : JSON.stringify(record.before),
      record.after === undefined ? null : JSON.stringify(record.after),
      now,
      operator.id,
    ],
  );
}

interface AuditRow {
  id: number | string;
  actor_id: number | string;
  actor: string;
  action: string;
  target_type: string;
  target_id: string | null;
  reason: string | null;
  before_json: string | null;
  after_json: string | null;
  created_at: number | string;
}

/** The audit log, newest first, a page at a time; optionally one action only. */
export async function listAudit(
  context: ServiceContext,
  query: { cursor?: string; limit: number; action?: string },
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (query.cursor) {
    conditions.push('id < ?');
    params.push(query.cursor);
  }
  if (query.action) {
    conditions.push('action = ?');
    params.push(query.action);
  }
  const rows: AuditRow[] = await context.db.query(
    `SELECT * FROM audit_log ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
    [...params, query.limit + 1],
  );
  return keysetPage(
    rows,
    query.limit,
    (row) => ({
      id: String(row.id),
      actorId: String(row.actor_id),
      actor: row.actor,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      reason: row.reason,
      before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
      after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown),
      createdAt: new Date(Number(row.created_at)).toISOString(),
    }),
    (row) => row.id,
  );
}
