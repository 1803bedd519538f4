import type { EntityManager } from 'typeorm';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { execute, runInTransaction } from '../db/transaction.js';
import { AppError, authInvalid } from '../errors.js';
import { ensureAccount } from '../ledger/accounts.js';
import { recordAudit, type Operator } from './audit.js';
import type { ServiceContext } from './context.js';

/** Hashing a password nobody has, so that an unknown username costs as much time as a wrong password. */
let decoyHash: Promise<string> | undefined;

export async function staffLogin(context: ServiceContext, username: string, password: string) {
  const rows: { id: number | string; password_hash: string; role: 'merchant' | 'operator'; merchant_id: number | string | null }[] =
    await context.db.query('SELECT id, password_hash, role, merchant_id FROM staff_accounts WHERE username = ?', [username]);
  const account = rows[0];
  decoyHash ??= hashPassword('decoy password that matches nothing');
  const matches = await verifyPassword(password, account?.password_hash ?? (await decoyHash));
  if (!account || !matches) throw authInvalid('Wrong username or password');
  const merchantId = account.merchant_id === null ? undefined : String(account.merchant_id);
  const { token } = await context.tokens.issue({ subject: String(account.id), audience: 'staff', role: account.role, merchantId });
  return { token, role: account.role, ...(merchantId ? { merchantId } : {}) };
}

async function insertStaff(manager: EntityManager, username: string, passwordHash: string, role: 'merchant' | 'operator', merchantId: string | null, now: number) {
  const taken: unknown[] = await manager.query('SELECT id FROM staff_accounts WHERE username = ?', [username]);
  if (taken.length > 0) throw new AppError('VALIDATION_FAILED', `The username ${username} is taken`);
  const created = await execute(
    manager,
    'INSERT INTO staff_accounts (username, password_hash, role, merchant_id, created_at) VALUES (?, ?, ?, ?, ?)',
    [username, passwordHash, role, merchantId, now],
  );
  return created.insertId!;
}

/** Creates the first operator from OPS_BOOTSTRAP_USER/PASSWORD when no operator exists yet. */
export async function bootstrapOperator(context: ServiceContext, username: string, password: string): Promise<boolean> {
  const operators: unknown[] = await context.db.query("SELECT id FROM staff_accounts WHERE role = 'operator'");
  if (operators.length > 0) return false;
  const passwordHash = await hashPassword(password);
  await runInTransaction(context.db, (manager) => insertStaff(manager, username, passwordHash, 'operator', null, context.now().getTime()));
  return true;
}

/** An operator adds a merchant, its coin account and its first staff login. */
export async function createMerchant(context: ServiceContext, operator: Operator, input: { name: string; username: string; password: string }) {
  const passwordHash = await hashPassword(input.password);
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
    const merchant = await execute(manager, 'INSERT INTO merchants (name, created_at) VALUES (?, ?)', [input.name, now]);
    const merchantId = merchant.insertId!;
    await ensureAccount(manager, 'merchant', merchantId, now);
    const staffId = await insertStaff(manager, input.username, passwordHash, 'merchant', merchantId, now);
    const created = { merchant: { id: merchantId, name: input.name }, staff: { id: staffId, username: input.username } };
    await recordAudit(manager, operator, { action: 'merchant.create', targetType: 'merchant', targetId: merchantId, after: created }, now);
    return created;
  });
}
