import type { EntityManager } from 'typeorm';
import type { OpsMerchant } from '@calorie-bank/shared';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import type { Page } from '../db/pages.js';
import {
  insertMerchant,
  insertStaffAccount,
  operatorExists,
  roleOfUsername,
  searchMerchants,
  staffByUsername,
  usernameTaken,
  type StaffRole,
} from '../db/staff.js';
import { runInTransaction } from '../db/transaction.js';
import { authInvalid, validationFailed } from '../errors.js';
import { openPool } from '../ledger/pools.js';
import { recordAudit, type Operator } from './audit.js';
import type { ServiceContext } from './context.js';

/** Wrong passwords one staff account may take, from all addresses together, per window. */
export const STAFF_ACCOUNT_FAILURES = 10;
export const STAFF_ACCOUNT_WINDOW_SECONDS = 15 * 60;

/** Runs one sign-in attempt under the guess limit of the account it names. */
export type AccountGuard = <T>(account: string, attempt: () => Promise<T>) => Promise<T>;

/** Hashing a password nobody has, so that an unknown username costs as much time as a wrong password. */
let decoyHash: Promise<string> | undefined;

/**
 * Signs a merchant or operator in. The attempt runs under `guard`, keyed by the account the name
 * matched (so spellings the database treats as equal share one budget), or by the name itself when
 * it matches none, so an unknown name is limited just like a known one and says nothing about it.
 */
export async function staffLogin(context: ServiceContext, username: string, password: string, guard: AccountGuard = (_account, attempt) => attempt()) {
  const account = await staffByUsername(context.db.manager, username);
  const key = account ? `id:${account.id}` : `name:${username.normalize('NFKC').toLowerCase()}`;
  return guard(key, async () => {
    decoyHash ??= hashPassword('decoy password that matches nothing');
    const matches = await verifyPassword(password, account?.passwordHash ?? (await decoyHash));
    if (!account || !matches) throw authInvalid('Wrong username or password');
    const merchantId = account.merchantId ?? undefined;
    const { token } = await context.tokens.issue({ subject: account.id, audience: 'staff', role: account.role, merchantId });
    return { token, role: account.role, ...(merchantId ? { merchantId } : {}) };
  });
}

async function insertStaff(manager: EntityManager, username: string, passwordHash: string, role: StaffRole, merchantId: string | null, now: number) {
  if (await usernameTaken(manager, username)) throw validationFailed(`The username ${username} is taken`, 'username');
  return insertStaffAccount(manager, { username, passwordHash, role, merchantId }, now);
}

/** What `bootstrapOperator` did: made the account, found an operator already there, or found the name held by a merchant. */
export type BootstrapOutcome = 'created' | 'operator-exists' | 'username-taken';

/**
 * Creates the first operator from OPS_BOOTSTRAP_USER/PASSWORD when no operator exists yet, or, with
 * `besideOthers` (the demo's own operator), whenever the username is free. Never throws over an
 * account that is already there, also one another process made at the same moment, so that every
 * start goes on.
 */
export async function bootstrapOperator(
  context: ServiceContext,
  username: string,
  password: string,
  options: { besideOthers?: boolean } = {},
): Promise<BootstrapOutcome> {
  const holder = async (): Promise<BootstrapOutcome | null> => {
    const role = await roleOfUsername(context.db.manager, username);
    if (role === null) return null;
    return role === 'operator' ? 'operator-exists' : 'username-taken';
  };
  if (!options.besideOthers && (await operatorExists(context.db.manager))) return 'operator-exists';
  const held = await holder();
  if (held) return held;
  const passwordHash = await hashPassword(password);
  try {
    await runInTransaction(context.db, (manager) => insertStaff(manager, username, passwordHash, 'operator', null, context.now().getTime()));
    return 'created';
  } catch (error) {
    const taken = await holder();
    if (!taken) throw error;
    return taken;
  }
}

/** An operator adds a merchant, its coin account and its first staff login. */
export async function createMerchant(context: ServiceContext, operator: Operator, input: { name: string; username: string; password: string }) {
  const passwordHash = await hashPassword(input.password);
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
    const merchantId = await insertMerchant(manager, input.name, now);
    await openPool(manager, { kind: 'merchant', ownerId: merchantId }, now);
    const staffId = await insertStaff(manager, input.username, passwordHash, 'merchant', merchantId, now);
    const created = { merchant: { id: merchantId, name: input.name }, staff: { id: staffId, username: input.username } };
    await recordAudit(manager, operator, { action: 'merchant.create', targetType: 'merchant', targetId: merchantId, after: created }, now);
    return created;
  });
}

/** Merchants for an operator to pick from, newest first, optionally by a part of the name or of a staff login. */
export function listMerchants(context: ServiceContext, query: { q?: string; cursor?: string; limit: number }): Promise<Page<OpsMerchant>> {
  return searchMerchants(context.db.manager, query);
}
