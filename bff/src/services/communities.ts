import type { EntityManager } from 'typeorm';
import { MAX_COMMUNITIES_PER_USER, addDays, businessDate, type Community, type CreateCommunityRequest } from '@calorie-bank/shared';
import { execute, forUpdate, runInTransaction } from '../db/transaction.js';
import { AppError, authInvalid, notFound, userFrozen } from '../errors.js';
import { recordAudit, type Operator } from './audit.js';
import type { ServiceContext } from './context.js';

interface CommunityRow {
  id: number | string;
  name: string;
  description: string;
  category: Community['category'];
  member_count: number;
}

function presentCommunity(row: CommunityRow, joined: boolean): Community {
  return {
    id: String(row.id),
    name: row.name,
    description: row.description,
    category: row.category,
    memberCount: Number(row.member_count),
    joined,
  };
}

async function findCommunity(manager: EntityManager, id: string): Promise<CommunityRow> {
  const rows: CommunityRow[] = await manager.query('SELECT * FROM communities WHERE id = ?', [id]);
  if (rows.length === 0) throw notFound(`Community ${id}`);
  return rows[0];
}

export async function isMember(manager: EntityManager, communityId: string, userId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query('SELECT 1 AS one FROM community_members WHERE community_id = ? AND user_id = ?', [communityId, userId]);
  return rows.length > 0;
}

/**
 * Communities, largest first, a page at a time (the cursor is an offset: sizes change while a
 * list is read, so a page may repeat or skip a community, which a discovery list can live with).
 */
export async function listCommunities(
  context: ServiceContext,
  userId: string | null,
  query: { cursor?: string; limit: number; joined?: '0' | '1' },
): Promise<{ items: Community[]; nextCursor: string | null }> {
  const offset = Number(query.cursor ?? 0);
  const onlyJoined = query.joined === '1' && userId !== null;
  const rows: (CommunityRow & { joined: number | string | null })[] = await context.db.query(
    `SELECT c.*, m.user_id AS joined FROM communities c
       LEFT JOIN community_members m ON m.community_id = c.id AND m.user_id = ?
      ${onlyJoined ? 'WHERE m.user_id IS NOT NULL' : ''}
      ORDER BY c.member_count DESC, c.id ASC LIMIT ? OFFSET ?`,
    [userId ?? 0, query.limit + 1, offset],
  );
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((row) => presentCommunity(row, row.joined !== null)),
    nextCursor: rows.length > query.limit ? String(offset + query.limit) : null,
  };
}

export async function getCommunity(context: ServiceContext, userId: string, id: string): Promise<{ community: Community }> {
  const row = await findCommunity(context.db.manager, id);
  return { community: presentCommunity(row, await isMember(context.db.manager, id, userId)) };
}

/**
 * Locks the user's row, so that one user's joins, sign-ups and check-ins run one at a time and
 * their limits hold; answers whether the user is frozen.
 */
export async function lockUser(manager: EntityManager, userId: string): Promise<{ frozen: boolean }> {
  const rows: { frozen: number | boolean }[] = await manager.query(`SELECT frozen FROM users WHERE id = ?${forUpdate(manager)}`, [userId]);
  if (rows.length === 0) throw authInvalid('This account no longer exists');
  return { frozen: Boolean(rows[0].frozen) };
}

/**
 * Joins a community: at most `MAX_COMMUNITIES_PER_USER` at once, joining twice changes nothing.
 * The member count moves in the same transaction as the membership. Today's steps then show on
 * the community's board.
 */
export async function joinCommunity(context: ServiceContext, userId: string, communityId: string): Promise<{ community: Community }> {
  const now = context.now().getTime();
  const joined = await runInTransaction(context.db, async (manager) => {
    const user = await lockUser(manager, userId);
    if (user.frozen) throw userFrozen();
    await findCommunity(manager, communityId);
    if (await isMember(manager, communityId, userId)) return false;
    const [{ n }]: { n: number | string }[] = await manager.query('SELECT COUNT(*) AS n FROM community_members WHERE user_id = ?', [userId]);
    if (Number(n) >= MAX_COMMUNITIES_PER_USER) {
      throw new AppError('COMMUNITY_LIMIT_REACHED', `You can belong to at most ${MAX_COMMUNITIES_PER_USER} communities; leave one first`, {
        details: { limit: MAX_COMMUNITIES_PER_USER },
      });
    }
    await manager.query('INSERT INTO community_members (community_id, user_id, joined_at) VALUES (?, ?, ?)', [communityId, userId, now]);
    await manager.query('UPDATE communities SET member_count = member_count + 1 WHERE id = ?', [communityId]);
    return true;
  });
  if (joined) {
    const today = businessDate(context.now(), context.config.businessTimeZone);
    const days: { steps: number; reached_at: number | string }[] = await context.db.query(
      'SELECT steps, reached_at FROM daily_steps WHERE user_id = ? AND date = ?',
      [userId, today],
    );
    if (days.length > 0) {
      await context.leaderboard.record({ date: today, scope: `community:${communityId}`, userId, steps: Number(days[0].steps), reachedAt: Number(days[0].reached_at) });
    }
  }
  return getCommunity(context, userId, communityId);
}

/** Leaves a community (leaving twice changes nothing) and its boards of today and yesterday. */
export async function leaveCommunity(context: ServiceContext, userId: string, communityId: string): Promise<{ community: Community }> {
  const left = await runInTransaction(context.db, async (manager) => {
    await lockUser(manager, userId);
    await findCommunity(manager, communityId);
    const removed = await execute(manager, 'DELETE FROM community_members WHERE community_id = ? AND user_id = ?', [communityId, userId]);
    if (removed.affected === 0) return false;
    await manager.query('UPDATE communities SET member_count = member_count - 1 WHERE id = ?', [communityId]);
    return true;
  });
  if (left) {
    const today = businessDate(context.now(), context.config.businessTimeZone);
    for (const date of [today, addDays(today, -1)]) await context.leaderboard.remove(date, `community:${communityId}`, userId);
  }
  return getCommunity(context, userId, communityId);
}

export async function createCommunity(context: ServiceContext, operator: Operator, body: CreateCommunityRequest): Promise<{ community: Community }> {
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
    const inserted = await execute(
      manager,
      'INSERT INTO communities (name, description, category, member_count, created_at) VALUES (?, ?, ?, 0, ?)',
      [body.name, body.description, body.category, now],
    );
    const community = presentCommunity(await findCommunity(manager, inserted.insertId!), false);
    await recordAudit(manager, operator, { action: 'community.create', targetType: 'community', targetId: community.id, after: community }, now);
    return { community };
  });
}
