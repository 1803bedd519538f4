import type { EntityManager } from 'typeorm';
import { execute, insertIgnore } from './transaction.js';
import { forShare } from './sql.js';

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

/** The request stored under a taken key, read as committed and kept from changing until commit. */
export async function storedRequest(manager: EntityManager, scope: string, key: string): Promise<StoredRequest | null> {
  const rows: { request_hash: string; response: string | null }[] = await manager.query(
    `SELECT request_hash, response FROM idempotent_requests WHERE scope = ? AND idempotency_key = ?${forShare(manager)}`,
    [scope, key],
  );
  return rows.length > 0 ? { requestHash: rows[0].request_hash, response: rows[0].response } : null;
}

export async function storeResponse(manager: EntityManager, scope: string, key: string, response: string): Promise<void> {
  await manager.query('UPDATE idempotent_requests SET response = ? WHERE scope = ? AND idempotency_key = ?', [response, scope, key]);
}
