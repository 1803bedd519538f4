import type { EntityManager } from 'typeorm';
import { idOf, idOrNull, type Raw } from './rows.js';
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
