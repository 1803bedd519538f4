import type { EntityManager } from 'typeorm';
import type { OpsMerchant } from '@calorie-bank/shared';
import { decodeCursor, keysetPage, type Page } from './pages.js';
import { idOf, idOrNull, int, isoTime, type Raw } from './rows.js';
import { containsPattern, placeholders, Where } from './sql.js';
import { execute } from './transaction.js';

export type StaffRole = 'merchant' | 'operator';

/** A staff sign-in: who, their password hash, their role and merchant. */
export interface StaffAccount {
  id: string;
  passwordHash: string;
  role: StaffRole;
  merchantId: string | null;
}

export async function staffByUsername(manager: EntityManager, username: string): Promise<StaffAccount | null> {
  const rows: { id: Raw; password_hash: string; role: StaffRole; merchant_id: Raw | null }[] = await manager.query(
    'SELECT id, password_hash, role, merchant_id FROM staff_accounts WHERE username = ?',
    [username],
  );
  const row = rows[0];
  return row ? { id: idOf(row.id), passwordHash: row.password_hash, role: row.role, merchantId: idOrNull(row.merchant_id) } : null;
}

export async function usernameTaken(manager: EntityManager, username: string): Promise<boolean> {
  const rows: unknown[] = await manager.query('SELECT id FROM staff_accounts WHERE username = ?', [username]);
  return rows.length > 0;
}

/** The role of the account holding a username, or null when it is free. */
export async function roleOfUsername(manager: EntityManager, username: string): Promise<StaffRole | null> {
  const rows: { role: StaffRole }[] = await manager.query('SELECT role FROM staff_accounts WHERE username = ?', [username]);
  return rows[0]?.role ?? null;
}

/** An operator's id: the one named `username` if it is an operator, else the first operator; null when there is none. */
export async function operatorIdPreferring(manager: EntityManager, username: string): Promise<string | null> {
  const rows: { id: Raw }[] = await manager.query(
    "SELECT id FROM staff_accounts WHERE role = 'operator' ORDER BY CASE WHEN username = ? THEN 0 ELSE 1 END, id LIMIT 1",
    [username],
  );
  return rows.length > 0 ? idOf(rows[0].id) : null;
}

export async function operatorExists(manager: EntityManager): Promise<boolean> {
  const rows: unknown[] = await manager.query("SELECT id FROM staff_accounts WHERE role = 'operator'");
  return rows.length > 0;
}

export async function insertStaffAccount(
  manager: EntityManager,
  account: { username: string; passwordHash: string; role: StaffRole; merchantId: string | null },
  now: number,
): Promise<string> {
  const created = await execute(manager, 'INSERT INTO staff_accounts (username, password_hash, role, merchant_id, created_at) VALUES (?, ?, ?, ?, ?)', [
    account.username,
    account.passwordHash,
    account.role,
    account.merchantId,
    now,
  ]);
  return created.insertId!;
}

export async function insertMerchant(manager: EntityManager, name: string, now: number): Promise<string> {
  const created = await execute(manager, 'INSERT INTO merchants (name, created_at) VALUES (?, ?)', [name, now]);
  return created.insertId!;
}

/** The username of each merchant's first staff login (the lowest id), by merchant id. */
async function firstUsernames(manager: EntityManager, merchantIds: string[]): Promise<Map<string, string>> {
  if (merchantIds.length === 0) return new Map();
  const rows: { merchant_id: Raw; username: string }[] = await manager.query(
    `SELECT merchant_id, username FROM staff_accounts WHERE merchant_id IN (${placeholders(merchantIds)}) ORDER BY id`,
    merchantIds,
  );
  const usernames = new Map<string, string>();
  for (const row of rows) if (!usernames.has(idOf(row.merchant_id))) usernames.set(idOf(row.merchant_id), row.username);
  return usernames;
}

/** Merchants, newest first, optionally those whose name or a staff login's username holds `q` (its `%` and `_` taken literally). */
export async function searchMerchants(manager: EntityManager, query: { q?: string; cursor?: string; limit: number }): Promise<Page<OpsMerchant>> {
  const before = decodeCursor(query.cursor, ['n']);
  const pattern = containsPattern(query.q ?? '');
  const where = new Where()
    .and(
      "(m.name LIKE ? ESCAPE '!' OR m.id IN (SELECT s.merchant_id FROM staff_accounts s WHERE s.username LIKE ? ESCAPE '!'))",
      [pattern, pattern],
      Boolean(query.q),
    )
    .and('m.id < ?', [before?.[0]], before !== null);
  const rows: { id: Raw; name: string; created_at: Raw }[] = await manager.query(
    `SELECT m.id, m.name, m.created_at FROM merchants m ${where} ORDER BY m.id DESC LIMIT ?`,
    [...where.params, query.limit + 1],
  );
  const page = keysetPage(rows, query.limit, (row) => row, (row) => [int(row.id)]);
  const usernames = await firstUsernames(manager, page.items.map((row) => idOf(row.id)));
  return {
    items: page.items.map((row) => ({ id: idOf(row.id), name: row.name, username: usernames.get(idOf(row.id)) ?? null, createdAt: isoTime(row.created_at) })),
    nextCursor: page.nextCursor,
  };
}
