import { randomInt, randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { EntityManager } from 'typeorm';
import { addToBalance, findAccountId, insertSlotsIfMissing, lockSlots, poolSlots, type AccountKind, type SlotBalance } from '../db/ledger.js';
import { isMysql } from '../db/sql.js';
import { RestartTransaction } from '../db/faults.js';
import { insufficientCoins } from '../errors.js';
import { ensureAccount, type AccountRef } from './accounts.js';
import { postTransaction, type Posting } from './ledger.js';

/**
 * Pooled accounts: the accounts every paying sync or redemption touches (a campaign's budget, a
 * merchant's revenue) are kept as POOL_SLOTS rows with one owner. Each slot is a ledger account
 * of its own (its entries sum to its balance, it never goes below zero); the owner's balance is
 * the sum. A credit lands in a random slot, and a payment takes from one slot with enough, so
 * concurrent payers lock different rows instead of queueing on one. When no slot holds enough, the
 * payer locks every slot (in slot order) and takes from several, so nothing is refused while the
 * total covers it, and nothing beyond the total is ever paid.
 */
export type PoolKind = Extract<AccountKind, 'campaign_budget' | 'merchant'>;

export const POOL_SLOTS = 16;

export interface Pool {
  kind: PoolKind;
  ownerId: string;
}

/** A pool's slots locked for the rest of the transaction, with what they hold. */
export interface LockedPool extends Pool {
  slots: SlotBalance[];
  total: number;
}

const sum = (slots: SlotBalance[]) => slots.reduce((total, slot) => total + slot.balance, 0);

const ALL_SLOTS = Array.from({ length: POOL_SLOTS }, (_, slot) => slot);

/**
 * Adds every slot of a pool (a new merchant, a campaign's first funding). Slots are made once,
 * here or by the migration that split accounts, so a pool's set of rows never changes after.
 */
export async function openPool(manager: EntityManager, pool: Pool, now: number): Promise<void> {
  await insertSlotsIfMissing(manager, pool.kind, pool.ownerId, ALL_SLOTS, now);
}

/**
 * Slot ids of opened pools, by kind and owner. A pool's rows never change once opened, so every
 * process may keep them: a credit then needs no statement to find its slot. Up to 10,000 pools
 * (campaigns and merchants being paid at once); lru-cache allocates its arrays for `max` entries
 * up front, so a larger bound costs every process memory whether it is used or not.
 */
const slotIdsBySource = new WeakMap<object, LRUCache<string, string[]>>();

/** The slot a credit to a pool goes to: one at random (slot 0, made on first use, for a pool never opened). */
export async function slotForCredit(manager: EntityManager, pool: Pool, now: number): Promise<AccountRef> {
  let slotIds = slotIdsBySource.get(manager.connection);
  if (!slotIds) {
    slotIds = new LRUCache<string, string[]>({ max: 10_000 });
    slotIdsBySource.set(manager.connection, slotIds);
  }
  const key = `${pool.kind}:${pool.ownerId}`;
  let ids = slotIds.get(key);
  if (!ids) {
    const slots = await poolSlots(manager, pool.kind, pool.ownerId);
    if (slots.length < POOL_SLOTS) {
      const id = await findAccountId(manager, pool.kind, pool.ownerId, 0);
      return id !== null ? { id, kind: pool.kind } : ensureAccount(manager, pool.kind, pool.ownerId, now);
    }
    ids = slots.map((slot) => slot.id);
    slotIds.set(key, ids);
  }
  return { id: ids[randomInt(ids.length)], kind: pool.kind };
}

/** Locks every slot of a pool (by id, in id order); its total is then what may be paid from it. */
export async function lockPool(manager: EntityManager, pool: Pool, seen?: SlotBalance[]): Promise<LockedPool> {
  const ids = (seen ?? (await poolSlots(manager, pool.kind, pool.ownerId))).map((slot) => slot.id);
  const slots = await lockSlots(manager, ids);
  return { ...pool, slots, total: sum(slots) };
}

/**
 * Debit postings taking `amount` from a locked pool, fullest slots first; the pool's balances
 * are updated to what they will be once posted. Throws INSUFFICIENT_COINS past the total.
 */
export function takeFromPool(pool: LockedPool, amount: number): Posting[] {
  if (amount > pool.total) throw insufficientCoins();
  const postings: Posting[] = [];
  let left = amount;
  for (const slot of [...pool.slots].sort((a, b) => b.balance - a.balance)) {
    if (left === 0) break;
    const taken = Math.min(left, slot.balance);
    if (taken === 0) continue;
    postings.push({ account: { id: slot.id, kind: pool.kind }, amount: -taken });
    slot.balance -= taken;
    left -= taken;
  }
  pool.total -= amount;
  return postings;
}

/** Postings splitting `amount` credited to a pool evenly over its slots, opening the pool first. */
export async function spreadCredit(manager: EntityManager, pool: Pool, amount: number, now: number): Promise<Posting[]> {
  await openPool(manager, pool, now);
  const slots = await poolSlots(manager, pool.kind, pool.ownerId);
  return slots
    .map((slot, index) => ({ account: { id: slot.id, kind: pool.kind }, amount: evenShare(amount, index, slots.length) }))
    .filter((posting) => posting.amount > 0);
}

function evenShare(total: number, index: number, count: number): number {
  return Math.floor(total / count) + (index < total % count ? 1 : 0);
}

/** What a draw took: debit postings already applied, with each slot's balance after. */
export interface Draw {
  drawn: number;
  /** The pool's total before the draw, as far as it was read (exact when the pool was locked). */
  available: number;
  postings: Posting[];
  /** Each slot's balance after, where known without reading it back (see `isPoolSlot` in ledger.ts). */
  balancesAfter: Map<string, number | null>;
}

/**
 * Pools whose slot debit lost a race lately, by connection: for a second, their payers go straight
 * to the locked path, and the payer that lost runs its transaction again on that path.
 */
const drainingBySource = new WeakMap<object, LRUCache<string, true>>();
const DRAINING_MS = 1_000;

function drainingPools(manager: EntityManager): LRUCache<string, true> {
  let draining = drainingBySource.get(manager.connection);
  if (!draining) {
    draining = new LRUCache<string, true>({ max: 10_000, ttl: DRAINING_MS });
    drainingBySource.set(manager.connection, draining);
  }
  return draining;
}

/**
 * Takes up to `want` from a pool and applies the debits at once (post them with `applied`).
 * First one slot with enough, picked at random from an unlocked read, by a guarded update; if
 * none has enough, every slot is locked (in id order), the pool is spread evenly again when that
 * lets each slot serve such a payment, and the draw takes what the total allows.
 * A guarded update that finds its slot run dry meanwhile may still hold the slot's lock (InnoDB
 * keeps it when the update waited for another payer), and a payer holding one slot while it waits
 * for all of them deadlocks with another doing the same: so on MySQL that payer's transaction
 * starts again, and for a while the pool's payers take the locked path at once, holding no slot.
 */
export async function drawFromPool(manager: EntityManager, pool: Pool, want: number, now: number): Promise<Draw> {
  const seen = await poolSlots(manager, pool.kind, pool.ownerId);
  const seenTotal = sum(seen);
  // An empty pool is not locked: payers of an exhausted budget do not queue for nothing.
  if (seenTotal === 0) return { drawn: 0, available: 0, postings: [], balancesAfter: new Map() };
  const candidates = seen.filter((slot) => slot.balance >= want);
  // When most slots ran dry but the total could fill them all again, the locked path spreads it.
  const spreadable = seenTotal >= seen.length * want;
  const poolKey = `${pool.kind}:${pool.ownerId}`;
  const draining = drainingPools(manager);
  if (candidates.length > 0 && (candidates.length * 2 >= seen.length || !spreadable) && !draining.has(poolKey)) {
    const slot = candidates[randomInt(candidates.length)];
    if (await addToBalance(manager, slot.id, -want)) {
      const account = { id: slot.id, kind: pool.kind };
      return {
        drawn: want,
        available: Math.max(seenTotal, want),
        postings: [{ account, amount: -want }],
        balancesAfter: new Map([[slot.id, null]]),
      };
    }
    if (isMysql(manager)) {
      draining.set(poolKey, true);
      throw new RestartTransaction(`slot ${slot.id} of ${poolKey} ran dry under a concurrent payer`);
    }
  }
  const locked = await lockPool(manager, pool, seen);
  if (locked.total >= locked.slots.length * want && locked.slots.some((slot) => slot.balance < want)) await rebalance(manager, locked, now);
  const available = locked.total;
  const drawn = Math.min(want, available);
  const postings = drawn > 0 ? takeFromPool(locked, drawn) : [];
  const balancesAfter = new Map<string, number | null>();
  for (const posting of postings) {
    if (!(await addToBalance(manager, posting.account.id, posting.amount))) throw new Error(`locked slot ${posting.account.id} refused a debit`);
    balancesAfter.set(posting.account.id, locked.slots.find((slot) => slot.id === posting.account.id)!.balance);
  }
  return { drawn, available, postings, balancesAfter };
}

/** Moves coins between a locked pool's slots so each holds an even share, in one balanced ledger transaction of its own. */
async function rebalance(manager: EntityManager, pool: LockedPool, now: number): Promise<void> {
  const postings: Posting[] = [];
  pool.slots.forEach((slot, index) => {
    const delta = evenShare(pool.total, index, pool.slots.length) - slot.balance;
    if (delta !== 0) postings.push({ account: { id: slot.id, kind: pool.kind }, amount: delta });
  });
  if (postings.length < 2) return;
  await postTransaction(manager, {
    idempotencyKey: `pool:${pool.kind}:${pool.ownerId}:${randomUUID()}`,
    kind: 'pool_rebalance',
    memo: null,
    postings,
    now,
  });
  pool.slots.forEach((slot, index) => {
    slot.balance = evenShare(pool.total, index, pool.slots.length);
  });
}
