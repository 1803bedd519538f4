import type { EntityManager } from 'typeorm';
import { balanceOf, findAccountId, insertAccountIfMissing, type AccountKind } from '../db/ledger.js';

/** An account as postings name it: its kind decides whether its balance is kept and guarded. */
export interface AccountRef {
  id: string;
  kind: AccountKind;
}

/** The mint is where coins come from; its balance is the negative of all coins ever issued. */
export const MINT_OWNER = 'mint';

/**
 * Finds the account of `kind` owned by `ownerId`, creating it on first use. Safe under
 * concurrency: the unique (kind, owner) key makes the second creator's insert a no-op.
 */
export async function ensureAccount(manager: EntityManager, kind: AccountKind, ownerId: string, now = Date.now(), slot = 0): Promise<AccountRef> {
  const existing = await findAccount(manager, kind, ownerId, slot);
  if (existing) return existing;
  await insertAccountIfMissing(manager, kind, ownerId, now, slot);
  const created = await findAccount(manager, kind, ownerId, slot);
  if (!created) throw new Error(`account ${kind}/${ownerId}/${slot} could not be created`);
  return created;
}

/** An owner's account of `kind`; for a pooled account (see `pools.ts`), one slot of it, slot 0 unless named. */
export async function findAccount(manager: EntityManager, kind: AccountKind, ownerId: string, slot = 0): Promise<AccountRef | null> {
  const id = await findAccountId(manager, kind, ownerId, slot);
  return id === null ? null : { id, kind };
}

/** The wallet balance of a user, 0 before their first coin. */
export async function walletBalance(manager: EntityManager, userId: string): Promise<number> {
  return balanceOf(manager, 'user_wallet', userId);
}

const mintIds = new WeakMap<object, AccountRef>();

/** The mint account, created by the first migration; its id is looked up once per data source. */
export async function mintAccount(manager: EntityManager): Promise<AccountRef> {
  const cached = mintIds.get(manager.connection);
  if (cached) return cached;
  const mint = await findAccount(manager, 'mint', MINT_OWNER);
  if (!mint) throw new Error('the mint account is missing: run the migrations');
  mintIds.set(manager.connection, mint);
  return mint;
}
