import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { claimRequestKey, storedRequest, storeResponse } from '../db/idempotency.js';
import { AppError } from '../errors.js';

/** A money-moving request as its Idempotency-Key names it. */
export interface KeyedRequest {
  /** Whose keys these are: `user:<id>` or `staff:<id>`; two callers' keys never meet. */
  scope: string;
  /** The Idempotency-Key header, compared whole and case-sensitively. */
  key: string;
  /** What was asked, in a canonical text; the same key with other content is refused. */
  content: string;
}

/** Whose keys a user's requests use. */
export function userScope(userId: string): string {
  return `user:${userId}`;
}

/** Whose keys a staff account's requests use. */
export function staffScope(staffId: string): string {
  return `staff:${staffId}`;
}

/** The SHA-256 of a request's canonical content, as stored beside its key. */
export function requestHash(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Runs a money-moving request once per Idempotency-Key, inside the caller's transaction: the key
 * is claimed first, so a concurrent request with the same key waits for this one; a key already
 * answered gives the stored answer again (same content) or IDEMPOTENCY_KEY_REUSED (other
 * content). An error rolls the claim back with everything else, so a failed request can be
 * retried. `work` gets the request's id, short and unique, to name the ledger transaction it posts.
 */
export async function answerOnce<T>(
  manager: EntityManager,
  request: KeyedRequest,
  now: number,
  work: (requestId: string) => Promise<T>,
): Promise<{ answer: T; replayed: boolean }> {
  const hash = requestHash(request.content);
  const requestId = await claimRequestKey(manager, request.scope, request.key, hash, now);
  if (requestId === null) {
    const earlier = await storedRequest(manager, request.scope, request.key);
    if (!earlier || earlier.requestHash !== hash || earlier.response === null) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for another request');
    }
    return { answer: JSON.parse(earlier.response) as T, replayed: true };
  }
  const answer = await work(requestId);
  await storeResponse(manager, request.scope, request.key, JSON.stringify(answer));
  return { answer, replayed: false };
}
