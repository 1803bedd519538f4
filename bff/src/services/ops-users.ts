import type { EntityManager } from 'typeorm';
import type { FlaggedSync, OpsUser } from '@calorie-bank/shared';
import { forUpdate, runInTransaction } from '../db/transaction.js';
import { AppError, notFound } from '../errors.js';
import { accountBalances, ensureAccount, mintAccount, walletBalance } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import { recordAudit, type Operator } from './audit.js';
import type { ServiceContext } from './context.js';
import { keysetPage } from './pages.js';

interface OpsUserRow {
  id: number | string;
  nickname: string;
  frozen: number | boolean;
  created_at: number | string;
  platform: string | null;
}

// Wallets are read by a second query (see presentUsers): a join on the cast user id would compare in the connection's collation against the column's.
const SELECT_USER = `SELECT u.id, u.nickname, u.frozen, u.created_at, p.platform FROM users u
  LEFT JOIN platform_identities p ON p.user_id = u.id`;

async function presentUsers(manager: EntityManager, rows: OpsUserRow[]): Promise<OpsUser[]> {
  const balances = await accountBalances(manager, 'user_wallet', rows.map((row) => String(row.id)));
  return rows.map((row) => ({
    id: String(row.id),
    nickname: row.nickname,
    platform: row.platform ?? '',
    frozen: Boolean(row.frozen),
    balance: balances.get(String(row.id)) ?? 0,
    createdAt: new Date(Number(row.created_at)).toISOString(),
  }));
}

async function findUser(manager: EntityManager, userId: string): Promise<OpsUser> {
  const rows: OpsUserRow[] = await manager.query(`${SELECT_USER} WHERE u.id = ?`, [userId]);
  if (rows.length === 0) throw notFound(`User ${userId}`);
  return (await presentUsers(manager, rows))[0];
}

/** Users by id (an all-digit query) or by part of their nickname, newest first. */
export async function searchUsers(
  context: ServiceContext,
  query: { q?: string; cursor?: string; limit: number },
): Promise<{ items: OpsUser[]; nextCursor: string | null }> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const q = query.q?.trim();
  if (q && /^\d{1,19}$/.test(q)) {
    conditions.push('(u.id = ? OR u.nickname LIKE ?)');
    params.push(q, `%${q}%`);
  } else if (q) {
    conditions.push("u.nickname LIKE ? ESCAPE '!'");
    params.push(`%${q.replace(/[!%_]/g, (c) => `!${c}`)}%`);
  }
  if (query.cursor) {
    conditions.push('u.id < ?');
    params.push(query.cursor);
  }
  const rows: OpsUserRow[] = await context.db.query(
    `${SELECT_USER} ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY u.id DESC LIMIT ?`,
    [...params, query.limit + 1],
  );
  const page = keysetPage(rows, query.limit, (row) => row, (row) => row.id);
  return { items: await presentUsers(context.db.manager, page.items), nextCursor: page.nextCursor };
}

/** Freezes or unfreezes a user with a reason, logged with the state before and after. */
export async function setFrozen(
  context: ServiceContext,
  operator: Operator,
  userId: string,
  frozen: boolean,
  reason: string,
): Promise<{ user: OpsUser }> {
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
    const locked: unknown[] = await manager.query(`SELECT id FROM users WHERE id = ?${forUpdate(manager)}`, [userId]);
    if (locked.length === 0) throw notFound(`User ${userId}`);
    const before = await findUser(manager, userId);
    await manager.query('UPDATE users SET frozen = ? WHERE id = ?', [frozen, userId]);
    const user = await findUser(manager, userId);
    await recordAudit(
      manager,
      operator,
      { action: frozen ? 'user.freeze' : 'user.unfreeze', targetType: 'user', targetId: userId, reason, before: { frozen: before.frozen }, after: { frozen } },
      now,
    );
    return { user };
  });
}

/**
 * Credits (from the mint) or debits (back to the mint) a user's wallet with a reason. The
 * operator's Idempotency-Key names the ledger transaction, so a retry changes nothing; the same
 * key for a different adjustment is refused.
 */
export async function adjustBalance(
  context: ServiceContext,
  operator: Operator,
  key: string,
  body: { userId: string; amount: number; reason: string },
): Promise<{ transactionId: string; userId: string; amount: number; balance: number }> {
  const now = context.now().getTime();
  const idempotencyKey = `adjust:${operator.id}:${key}`;
  return runInTransaction(context.db, async (manager) => {
    const users: unknown[] = await manager.query(`SELECT id FROM users WHERE id = ?${forUpdate(manager)}`, [body.userId]);
    if (users.length === 0) throw notFound(`User ${body.userId}`);
    const wallet = await ensureAccount(manager, 'user_wallet', body.userId, now);
    const memo = `${body.amount > 0 ? '+' : ''}${body.amount} ${body.reason}`.slice(0, 255);
    const posted = await postTransaction(manager, {
      idempotencyKey,
      kind: 'adjustment',
      memo,
      postings: [
        { account: await mintAccount(manager), amount: -body.amount },
        { account: wallet, amount: body.amount },
      ],
      now,
    });
    if (!posted.created) {
      const earlier: { memo: string | null }[] = await manager.query('SELECT memo FROM ledger_transactions WHERE id = ?', [posted.transactionId]);
      if (earlier[0]?.memo !== memo || !posted.balances.has(wallet.id)) throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different adjustment');
    } else {
      await recordAudit(
        manager,
        operator,
        { action: 'user.adjust', targetType: 'user', targetId: body.userId, reason: body.reason, after: { amount: body.amount, transactionId: posted.transactionId } },
        now,
      );
    }
    return { transactionId: posted.transactionId, userId: body.userId, amount: body.amount, balance: await walletBalance(manager, body.userId) };
  });
}

/** Syncs for operators to review, newest first: those the replay detector flagged, and implausible counts. */
export async function listFlaggedSyncs(context: ServiceContext, query: { cursor?: string; limit: number }): Promise<{ items: FlaggedSync[]; nextCursor: string | null }> {
  const rows: {
    id: number | string;
    user_id: number | string;
    nickname: string;
    date: string | null;
    steps: number | null;
    outcome: 'accepted' | 'rejected';
    reason: string | null;
    credited: number;
    created_at: number | string;
  }[] = await context.db.query(
    `SELECT s.id, s.user_id, u.nickname, s.date, s.steps, s.outcome, s.reason, s.credited, s.created_at
       FROM step_sync_attempts s JOIN users u ON u.id = s.user_id
      WHERE (s.flagged = ? OR s.reason = 'STEPS_IMPLAUSIBLE') ${query.cursor ? 'AND s.id < ?' : ''}
      ORDER BY s.id DESC LIMIT ?`,
    [true, ...(query.cursor ? [query.cursor] : []), query.limit + 1],
  );
  return keysetPage(
    rows,
    query.limit,
    (row) => ({
      id: String(row.id),
      userId: String(row.user_id),
      nickname: row.nickname,
      date: row.date,
      steps: row.steps === null ? null : Number(row.steps),
      outcome: row.outcome,
      reason: row.reason,
      credited: Number(row.credited),
      createdAt: new Date(Number(row.created_at)).toISOString(),
    }),
    (row) => row.id,
  );
}
