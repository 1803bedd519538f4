import type { EntityManager } from 'typeorm';
import type { AuditEntry } from '@calorie-bank/shared';
import { insertAuditLine, listAuditLines } from '../db/audit.js';
import type { Page } from '../db/pages.js';
import type { ServiceContext } from './context.js';

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
 * and its record commit or roll back together.
 */
export async function recordAudit(manager: EntityManager, operator: Operator, record: AuditRecord, now: number): Promise<void> {
  await insertAuditLine(manager, { actorId: operator.id, ...record, reason: record.reason ?? null, before: record.before, after: record.after }, now);
}

/** The audit log, newest first, a page at a time; optionally one action only. */
export function listAudit(context: ServiceContext, query: { cursor?: string; limit: number; action?: string }): Promise<Page<AuditEntry>> {
  return listAuditLines(context.db.manager, query);
}
