import type { EntityManager } from 'typeorm';
import type { OpsUser } from '@calorie-bank/shared';
import { raiseFeedVersionsOfAuthor } from './feed-versions.js';
import { balancesOf } from './ledger.js';
import { decodeCursor, keysetPage, type Page } from './pages.js';
import { bool, idOf, int, intOrNull, isoTime, type Raw } from './rows.js';
import { containsPattern, placeholders, setClause, Where } from './sql.js';
import { readOne, type Read } from './statement-batch.js';
import { execute, forUpdate, insertIgnore } from './transaction.js';

/** A user as the use cases see them. */
export interface UserRecord {
  id: string;
  nickname: string;
  avatarUrl: string | null;
  weightKg: number | null;
  frozen: boolean;
}

/** A user row locked for the rest of the transaction, with their wallet when asked for. */
export interface LockedUser {
  frozen: boolean;
  weightKg: number | null;
  /** The wallet (also locked) and its balance; null before the first coin or when not asked for. */
  wallet: { id: string; balance: number } | null;
}

/**
 * Locks a user's row (`SELECT … FOR UPDATE`), so that one user's money-moving requests run one
 * after another; null when the user does not exist. With `withWallet`, the wallet row is locked
 * in the same statement, and the balance read is the one the next credit adds to.
 */
export function lockUser(manager: EntityManager, userId: string, options: { withWallet?: boolean } = {}): Promise<LockedUser | null> {
  return readOne(manager, userLock(manager, userId, options));
}

/** The statement of `lockUser`, for `readTogether` with the reads the lock guards. */
export function userLock(manager: EntityManager, userId: string, options: { withWallet?: boolean } = {}): Read<LockedUser | null> {
  return {
    sql: options.withWallet
      ? `SELECT u.frozen, u.weight_kg, a.id AS wallet_id, a.balance FROM users u
           LEFT JOIN ledger_accounts a ON a.kind = 'user_wallet' AND a.owner_id = ? AND a.slot = 0 WHERE u.id = ?${forUpdate(manager)}`
      : `SELECT frozen, weight_kg FROM users WHERE id = ?${forUpdate(manager)}`,
    parameters: options.withWallet ? [userId, userId] : [userId],
    parse(rows: { frozen: number | boolean; weight_kg: number | null; wallet_id?: Raw | null; balance?: Raw | null }[]) {
      const row = rows[0];
      if (!row) return null;
      const wallet = row.wallet_id === null || row.wallet_id === undefined ? null : { id: idOf(row.wallet_id), balance: int(row.balance) };
      return { frozen: bool(row.frozen), weightKg: intOrNull(row.weight_kg), wallet };
    },
  };
}

export async function findUser(manager: EntityManager, userId: string): Promise<UserRecord | null> {
  const rows: { id: Raw; nickname: string; avatar_url: string | null; weight_kg: number | null; frozen: number | boolean }[] = await manager.query(
    'SELECT id, nickname, avatar_url, weight_kg, frozen FROM users WHERE id = ?',
    [userId],
  );
  const row = rows[0];
  if (!row) return null;
  return { id: idOf(row.id), nickname: row.nickname, avatarUrl: row.avatar_url, weightKg: intOrNull(row.weight_kg), frozen: bool(row.frozen) };
}

export async function insertUser(manager: EntityManager, nickname: string, now: number): Promise<string> {
  const created = await execute(manager, 'INSERT INTO users (nickname, avatar_url, weight_kg, frozen, created_at) VALUES (?, NULL, NULL, ?, ?)', [
    nickname,
    false,
    now,
  ]);
  return created.insertId!;
}

/** Changes the given profile fields; false when the user does not exist. */
export async function updateUserProfile(
  manager: EntityManager,
  userId: string,
  changes: { nickname?: string; weightKg?: number; avatarUrl?: string | null },
): Promise<boolean> {
  const set = setClause({ nickname: changes.nickname, weight_kg: changes.weightKg, avatar_url: changes.avatarUrl });
  const updated = await execute(manager, `UPDATE users ${set.sql} WHERE id = ?`, [...set.params, userId]);
  // The name and avatar are shown on the user's posts, in cached feed pages.
  if (changes.nickname !== undefined || changes.avatarUrl !== undefined) await raiseFeedVersionsOfAuthor(manager, userId);
  // MySQL counts only rows whose values changed, so an unchanged profile also reports 0.
  return updated.affected > 0 || (await findUser(manager, userId)) !== null;
}

export async function setUserFrozen(manager: EntityManager, userId: string, frozen: boolean): Promise<void> {
  await manager.query('UPDATE users SET frozen = ? WHERE id = ?', [frozen, userId]);
}

export async function countUsers(manager: EntityManager): Promise<number> {
  const rows: { n: Raw }[] = await manager.query('SELECT COUNT(*) AS n FROM users');
  return int(rows[0].n);
}

/** Nicknames by user id, for boards that keep only ids. */
export async function nicknamesOf(manager: EntityManager, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows: { id: Raw; nickname: string }[] = await manager.query(`SELECT id, nickname FROM users WHERE id IN (${placeholders(userIds)})`, userIds);
  return new Map(rows.map((row) => [idOf(row.id), row.nickname]));
}

/** Which of these users are frozen. */
export async function frozenAmong(manager: EntityManager, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows: { id: Raw }[] = await manager.query(`SELECT id FROM users WHERE frozen = ? AND id IN (${placeholders(userIds)})`, [true, ...userIds]);
  return new Set(rows.map((row) => idOf(row.id)));
}

// Platform identities: who a super-app account is here.

export async function userIdForIdentity(manager: EntityManager, platform: string, platformUserId: string): Promise<string | null> {
  const rows: { user_id: Raw }[] = await manager.query('SELECT user_id FROM platform_identities WHERE platform = ? AND platform_user_id = ?', [
    platform,
    platformUserId,
  ]);
  return rows.length > 0 ? idOf(rows[0].user_id) : null;
}

/** Adds an identity; false when a concurrent sign-up took it first. */
export async function insertIdentity(
  manager: EntityManager,
  identity: { platform: string; platformUserId: string; userId: string; sessionKey: string | null; now: number },
): Promise<boolean> {
  const inserted = await execute(
    manager,
    `${insertIgnore(manager)} INTO platform_identities (platform, platform_user_id, user_id, session_key, created_at) VALUES (?, ?, ?, ?, ?)`,
    [identity.platform, identity.platformUserId, identity.userId, identity.sessionKey, identity.now],
  );
  return inserted.affected > 0;
}

export async function updateSessionKey(manager: EntityManager, platform: string, platformUserId: string, sessionKey: string): Promise<void> {
  await manager.query('UPDATE platform_identities SET session_key = ? WHERE platform = ? AND platform_user_id = ?', [sessionKey, platform, platformUserId]);
}

/** WeChat's session key for a user, needed to read their WeRun data; never leaves the server. */
export async function sessionKeyOf(manager: EntityManager, userId: string, platform: string): Promise<string | null> {
  const rows: { session_key: string | null }[] = await manager.query('SELECT session_key FROM platform_identities WHERE user_id = ? AND platform = ?', [
    userId,
    platform,
  ]);
  return rows[0]?.session_key ?? null;
}

// Operators' view of users.

interface OpsUserRow {
  id: Raw;
  nickname: string;
  frozen: number | boolean;
  created_at: Raw;
  platform: string | null;
}

// Wallets are read by a second query (see toOpsUsers): joining them on the user id would compare an integer with text.
const SELECT_OPS_USER = `SELECT u.id, u.nickname, u.frozen, u.created_at, p.platform FROM users u
  LEFT JOIN platform_identities p ON p.user_id = u.id`;

async function toOpsUsers(manager: EntityManager, rows: OpsUserRow[]): Promise<OpsUser[]> {
  const balances = await balancesOf(manager, 'user_wallet', rows.map((row) => idOf(row.id)));
  return rows.map((row) => ({
    id: idOf(row.id),
    nickname: row.nickname,
    platform: row.platform ?? '',
    frozen: bool(row.frozen),
    balance: balances.get(idOf(row.id)) ?? 0,
    createdAt: isoTime(row.created_at),
  }));
}

export async function findOpsUser(manager: EntityManager, userId: string): Promise<OpsUser | null> {
  const rows: OpsUserRow[] = await manager.query(`${SELECT_OPS_USER} WHERE u.id = ?`, [userId]);
  return rows.length > 0 ? (await toOpsUsers(manager, rows))[0] : null;
}

/** Users by id (an all-digit query) or by part of their nickname, newest first. */
export async function searchOpsUsers(manager: EntityManager, query: { q?: string; cursor?: string; limit: number }): Promise<Page<OpsUser>> {
  const after = decodeCursor(query.cursor, ['n']);
  const q = query.q?.trim();
  const where = new Where()
    .and('(u.id = ? OR u.nickname LIKE ?)', [q, `%${q}%`], Boolean(q && /^\d{1,19}$/.test(q)))
    .and("u.nickname LIKE ? ESCAPE '!'", [containsPattern(q ?? '')], Boolean(q && !/^\d{1,19}$/.test(q)))
    .and('u.id < ?', [after?.[0]], after !== null);
  const rows: OpsUserRow[] = await manager.query(`${SELECT_OPS_USER} ${where} ORDER BY u.id DESC LIMIT ?`, [...where.params, query.limit + 1]);
  const page = keysetPage(rows, query.limit, (row) => row, (row) => [int(row.id)]);
  return { items: await toOpsUsers(manager, page.items), nextCursor: page.nextCursor };
}
