import type { EntityManager } from 'typeorm';
import { execute, forUpdate, insertIgnore } from './transaction.js';

/** A request stored under its Idempotency-Key: what it asked (as a hash) and what it was answered. */
export interface StoredRequest {
  requestHash: string;
  /** The answer as JSON; null only inside the transaction that claimed the key. */
  response: string | null;
}

/**
 * Claims `key` in `scope` for a request, inside the caller's transaction. Answers the new
 * request's id when the key was free and is now this transaction's; null when it was taken (by a
 * committed request, or by one still running, which this call waits for).
 */
export async function claimRequestKey(manager: EntityManager, scope: string, key: string, requestHash: string, now: number): Promise<string | null> {
  const claimed = await execute(
    manager,
    `${insertIgnore(manager)} INTO idempotent_requests (scope, idempotency_key, request_hash, response, created_at) VALUES (?, ?, ?, NULL, ?)`,
    [scope, key, requestHash, now],
  );
  return claimed.affected > 0 ? claimed.insertId : null;
}

/**
 * The request stored under a taken key, read as committed and locked until commit. A locking read
 * rather than a plain one, whose REPEATABLE READ snapshot may predate the key's commit; FOR UPDATE
 * rather than a shared lock, which TiDB (LOCK IN SHARE MODE is a no-op there unless enabled) and
 * OceanBase (no FOR SHARE) lack. Two retries of one key that meet here may deadlock; the
 * transaction is then run again, and finds the answer.
 */
export async function storedRequest(manager: EntityManager, scope: string, key: string): Promise<StoredRequest | null> {
  const rows: { request_hash: string; response: string | null }[] = await manager.query(
    `SELECT request_hash, response FROM idempotent_requests WHERE scope = ? AND idempotency_key = ?${forUpdate(manager)}`,
    [scope, key],
  );
  return rows.length > 0 ? { requestHash: rows[0].request_hash, response: rows[0].response } : null;
}

export async function storeResponse(manager: EntityManager, scope: string, key: string, response: string): Promise<void> {
  await manager.query('UPDATE idempotent_requests SET response = ? WHERE scope = ? AND idempotency_key = ?', [response, scope, key]);
}
