import type { EntityManager } from 'typeorm';
import type { TransactionKind, WalletTransaction } from '@calorie-bank/shared';
import { decodeCursor, keysetPage, type Page } from './pages.js';
import { idOf, int, intOrNull, isoTime, type Raw } from './rows.js';
import { placeholders } from './sql.js';
import { deferWrite } from './statement-batch.js';
import { execute, forUpdate, insertIgnore } from './transaction.js';

/** Who an account belongs to: user wallets, the mint, merchants, campaign budgets and each user's coins held at venue gates. */
/** `platform`: what the platform itself earns (fan memberships, collectibles), one account per programme. */
export type AccountKind = 'user_wallet' | 'mint' | 'merchant' | 'campaign_budget' | 'holds' | 'platform';

/** An account id with the balance read from its row. */
export interface AccountBalance {
  id: string;
  balance: number;
}

export async function findAccountId(manager: EntityManager, kind: AccountKind, ownerId: string, slot = 0): Promise<string | null> {
  const rows: { id: Raw }[] = await manager.query('SELECT id FROM ledger_accounts WHERE kind = ? AND owner_id = ? AND slot = ?', [kind, ownerId, slot]);
  return rows.length > 0 ? idOf(rows[0].id) : null;
}

/** Adds an account (or one slot of a pooled account) unless the unique (kind, owner, slot) key says it exists. */
export async function insertAccountIfMissing(manager: EntityManager, kind: AccountKind, ownerId: string, now: number, slot = 0): Promise<void> {
  await manager.query(`${insertIgnore(manager)} INTO ledger_accounts (kind, owner_id, slot, balance, created_at) VALUES (?, ?, ?, 0, ?)`, [
    kind,
    ownerId,
    slot,
    now,
  ]);
}

/** The balance of an owner's account of `kind` (summed over its slots), 0 when it has none yet. */
export async function balanceOf(manager: EntityManager, kind: AccountKind, ownerId: string): Promise<number> {
  const rows: { balance: Raw }[] = await manager.query('SELECT COALESCE(SUM(balance), 0) AS balance FROM ledger_accounts WHERE kind = ? AND owner_id = ?', [
    kind,
    ownerId,
  ]);
  return rows.length > 0 ? int(rows[0].balance) : 0;
}

export async function balanceById(manager: EntityManager, accountId: string): Promise<number> {
  const rows: { balance: Raw }[] = await manager.query('SELECT balance FROM ledger_accounts WHERE id = ?', [accountId]);
  return int(rows[0].balance);
}

/** One slot of a pooled account as read from its row. */
export interface SlotBalance extends AccountBalance {
  slot: number;
}

/** The slots of an owner's pooled account, in slot order, as this transaction's snapshot has them. */
export async function poolSlots(manager: EntityManager, kind: AccountKind, ownerId: string): Promise<SlotBalance[]> {
  const rows: { id: Raw; slot: Raw; balance: Raw }[] = await manager.query(
    'SELECT id, slot, balance FROM ledger_accounts WHERE kind = ? AND owner_id = ? ORDER BY slot',
    [kind, ownerId],
  );
  return rows.map((row) => ({ id: idOf(row.id), slot: int(row.slot), balance: int(row.balance) }));
}

/**
 * Locks slot rows by id (`FOR UPDATE`, in id order, the order postings lock accounts in) and reads
 * their current balances. By primary key, so that only these rows are locked, never a range.
 */
export async function lockSlots(manager: EntityManager, ids: string[]): Promise<SlotBalance[]> {
  if (ids.length === 0) return [];
  const rows: { id: Raw; slot: Raw; balance: Raw }[] = await manager.query(
    `SELECT id, slot, balance FROM ledger_accounts WHERE id IN (${placeholders(ids)}) ORDER BY id${forUpdate(manager)}`,
    ids,
  );
  return rows.map((row) => ({ id: idOf(row.id), slot: int(row.slot), balance: int(row.balance) }));
}

/** Adds the slots `slots` of an owner's pooled account, each unless it exists. */
export async function insertSlotsIfMissing(manager: EntityManager, kind: AccountKind, ownerId: string, slots: number[], now: number): Promise<void> {
  if (slots.length === 0) return;
  await manager.query(
    `${insertIgnore(manager)} INTO ledger_accounts (kind, owner_id, slot, balance, created_at) VALUES ${slots.map(() => '(?, ?, ?, 0, ?)').join(', ')}`,
    slots.flatMap((slot) => [kind, ownerId, slot, now]),
  );
}

/**
 * Balances of the accounts of `kind` owned by `ownerIds` (summed over slots), by owner id (absent
 * before an account's first use). Owner ids go in as parameters, never as a join on a cast id,
 * whose collation would be the connection's and could clash with the column's.
 */
export async function balancesOf(manager: EntityManager, kind: AccountKind, ownerIds: string[]): Promise<Map<string, number>> {
  if (ownerIds.length === 0) return new Map();
  const rows: { owner_id: string; balance: Raw }[] = await manager.query(
    `SELECT owner_id, SUM(balance) AS balance FROM ledger_accounts WHERE kind = ? AND owner_id IN (${placeholders(ownerIds)}) GROUP BY owner_id`,
    [kind, ...ownerIds],
  );
  return new Map(rows.map((row) => [String(row.owner_id), int(row.balance)]));
}

/** Budgets left by campaign id. */
export function budgetsLeft(manager: EntityManager, campaignIds: string[]): Promise<Map<string, number>> {
  return balancesOf(manager, 'campaign_budget', campaignIds);
}

/** Records a transaction under its idempotency key; null when the key was posted before. */
export async function insertTransaction(
  manager: EntityManager,
  transaction: { idempotencyKey: string; kind: TransactionKind; memo: string | null; now: number },
): Promise<string | null> {
  const inserted = await execute(manager, `${insertIgnore(manager)} INTO ledger_transactions (idempotency_key, kind, memo, created_at) VALUES (?, ?, ?, ?)`, [
    transaction.idempotencyKey,
    transaction.kind,
    transaction.memo,
    transaction.now,
  ]);
  return inserted.affected === 0 ? null : inserted.insertId!;
}

/** Adds `amount` to a kept balance unless that would take it below zero; false when refused. */
export async function addToBalance(manager: EntityManager, accountId: string, amount: number): Promise<boolean> {
  const updated = await execute(manager, 'UPDATE ledger_accounts SET balance = balance + ? WHERE id = ? AND balance + ? >= 0', [amount, accountId, amount]);
  return updated.affected === 1;
}

export async function insertEntries(
  manager: EntityManager,
  transactionId: string,
  entries: { accountId: string; amount: number; balanceAfter: number | null }[],
  now: number,
): Promise<void> {
  const values = entries.map(() => '(?, ?, ?, ?, ?)').join(', ');
  const parameters = entries.flatMap((entry) => [transactionId, entry.accountId, entry.amount, entry.balanceAfter, now]);
  await manager.query(`INSERT INTO ledger_entries (transaction_id, account_id, amount, balance_after, created_at) VALUES ${values}`, parameters);
}

/**
 * Writes a transaction whose key no earlier transaction can hold, with its entries, without
 * waiting for any of it (`deferWrite`): the transaction row by a plain INSERT (a taken key fails
 * the caller's whole transaction), each kept balance by its delta, and the entries naming the
 * transaction through its unique key, since its id is not read back. `balanceAfter` must be known.
 */
export async function writeFreshTransaction(
  manager: EntityManager,
  transaction: { idempotencyKey: string; kind: TransactionKind; memo: string | null; now: number },
  entries: { accountId: string; amount: number; keepsBalance: boolean; balanceAfter: number | null }[],
): Promise<void> {
  await deferWrite(manager, 'INSERT INTO ledger_transactions (idempotency_key, kind, memo, created_at) VALUES (?, ?, ?, ?)', [
    transaction.idempotencyKey,
    transaction.kind,
    transaction.memo,
    transaction.now,
  ]);
  const ordered = entries.filter((entry) => entry.keepsBalance).sort((a, b) => Number(a.accountId) - Number(b.accountId));
  for (const { accountId, amount } of ordered) await deferWrite(manager, 'UPDATE ledger_accounts SET balance = balance + ? WHERE id = ?', [amount, accountId]);
  const select = 'SELECT t.id, ?, ?, ?, ? FROM ledger_transactions t WHERE t.idempotency_key = ?';
  await deferWrite(
    manager,
    `INSERT INTO ledger_entries (transaction_id, account_id, amount, balance_after, created_at) ${entries.map(() => select).join(' UNION ALL ')}`,
    entries.flatMap((entry) => [entry.accountId, entry.amount, entry.balanceAfter, transaction.now, transaction.idempotencyKey]),
  );
}

/** A transaction posted earlier under `idempotencyKey`: its id and its entries' balances after, by account id. */
export async function postedByKey(manager: EntityManager, idempotencyKey: string): Promise<{ transactionId: string; balances: Map<string, number> } | null> {
  const rows: { id: Raw; account_id: Raw; balance_after: Raw | null }[] = await manager.query(
    `SELECT t.id, e.account_id, e.balance_after FROM ledger_transactions t
       JOIN ledger_entries e ON e.transaction_id = t.id WHERE t.idempotency_key = ?`,
    [idempotencyKey],
  );
  if (rows.length === 0) return null;
  const balances = new Map<string, number>();
  for (const row of rows) {
    const after = intOrNull(row.balance_after);
    if (after !== null) balances.set(idOf(row.account_id), after);
  }
  return { transactionId: idOf(rows[0].id), balances };
}

/** A page of an account's entries, newest first; the cursor is the last entry's id, so pages stay stable while coins arrive. */
export async function accountHistory(manager: EntityManager, accountId: string, query: { cursor?: string; limit: number }): Promise<Page<WalletTransaction>> {
  const before = decodeCursor(query.cursor, ['n']);
  const rows: { entry_id: Raw; transaction_id: Raw; kind: TransactionKind; amount: Raw; balance_after: Raw; created_at: Raw; memo: string | null }[] =
    await manager.query(
      `SELECT e.id AS entry_id, t.id AS transaction_id, t.kind, e.amount, e.balance_after, e.created_at, t.memo
         FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
        WHERE e.account_id = ? AND e.id < ? ORDER BY e.id DESC LIMIT ?`,
      [accountId, before?.[0] ?? Number.MAX_SAFE_INTEGER, query.limit + 1],
    );
  return keysetPage(
    rows,
    query.limit,
    (row) => ({
      id: idOf(row.transaction_id),
      kind: row.kind,
      amount: int(row.amount),
      balanceAfter: int(row.balance_after),
      createdAt: isoTime(row.created_at),
      memo: row.memo,
    }),
    (row) => [int(row.entry_id)],
  );
}
