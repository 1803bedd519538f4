import type { EntityManager } from 'typeorm';
import type { Community } from '@calorie-bank/shared';
import { decodeCursor, keysetPage, type Page } from './pages.js';
import { idOf, int, type Raw } from './rows.js';
import { placeholders, Where } from './sql.js';
import { execute, forUpdate } from './transaction.js';

interface CommunityRow {
  id: Raw;
  name: string;
  description: string;
  category: Community['category'];
  member_count: Raw;
}

interface ViewerRow extends CommunityRow {
  joined: Raw | null;
  moderator: Raw | null;
}

function toCommunity(row: ViewerRow): Community {
  return {
    id: idOf(row.id),
    name: row.name,
    description: row.description,
    category: row.category,
    memberCount: int(row.member_count),
    joined: row.joined !== null,
    moderator: row.moderator !== null,
  };
}

// The viewer's membership, and their moderator role, which counts only while they are a member.
const VIEWER_JOINS = `LEFT JOIN community_members m ON m.community_id = c.id AND m.user_id = ?
  LEFT JOIN community_moderators cmod ON cmod.community_id = c.id AND cmod.user_id = m.user_id`;

/** A community as `userId` sees it (null: as staff, who join nothing). */
export async function findCommunity(manager: EntityManager, communityId: string, userId: string | null): Promise<Community | null> {
  const rows: ViewerRow[] = await manager.query(`SELECT c.*, m.user_id AS joined, cmod.user_id AS moderator FROM communities c ${VIEWER_JOINS} WHERE c.id = ?`, [
    userId ?? 0,
    communityId,
  ]);
  return rows.length === 0 ? null : toCommunity(rows[0]);
}

export async function communityExists(manager: EntityManager, communityId: string, options: { lock?: boolean } = {}): Promise<boolean> {
  const rows: unknown[] = await manager.query(`SELECT id FROM communities WHERE id = ?${options.lock ? forUpdate(manager) : ''}`, [communityId]);
  return rows.length > 0;
}

/** The first of `ids` that names no community, or null when all exist. */
export async function missingCommunity(manager: EntityManager, ids: string[]): Promise<string | null> {
  if (ids.length === 0) return null;
  const rows: { id: Raw }[] = await manager.query(`SELECT id FROM communities WHERE id IN (${placeholders(ids)})`, ids);
  const found = new Set(rows.map((row) => idOf(row.id)));
  return ids.find((id) => !found.has(id)) ?? null;
}

/**
 * Communities, largest first (ties by id), a page at a time; the cursor is the last community's
 * size and id. Sizes change while a list is read, so a community that grows past the cursor may
 * be missed or shown twice, which a discovery list can live with.
 */
export async function listCommunities(
  manager: EntityManager,
  query: { userId: string | null; onlyJoined: boolean; cursor?: string; limit: number },
): Promise<Page<Community>> {
  const after = decodeCursor(query.cursor, ['n', 'n']);
  const where = new Where()
    .and('m.user_id IS NOT NULL', [], query.onlyJoined)
    .and('(c.member_count < ? OR (c.member_count = ? AND c.id > ?))', [after?.[0], after?.[0], after?.[1]], after !== null);
  const rows: ViewerRow[] = await manager.query(
    `SELECT c.*, m.user_id AS joined, cmod.user_id AS moderator FROM communities c ${VIEWER_JOINS}
      ${where} ORDER BY c.member_count DESC, c.id ASC LIMIT ?`,
    [query.userId ?? 0, ...where.params, query.limit + 1],
  );
  return keysetPage(rows, query.limit, toCommunity, (row) => [int(row.member_count), int(row.id)]);
}

export async function insertCommunity(manager: EntityManager, community: { name: string; description: string; category: string }, now: number): Promise<string> {
  const inserted = await execute(manager, 'INSERT INTO communities (name, description, category, member_count, created_at) VALUES (?, ?, ?, 0, ?)', [
    community.name,
    community.description,
    community.category,
    now,
  ]);
  return inserted.insertId!;
}

/** Ids of communities that have members: the ones with a board to settle. */
export async function communitiesWithMembers(manager: EntityManager): Promise<string[]> {
  const rows: { id: Raw }[] = await manager.query('SELECT id FROM communities WHERE member_count > 0 ORDER BY id');
  return rows.map((row) => idOf(row.id));
}

// Memberships.

export async function isMember(manager: EntityManager, communityId: string, userId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query('SELECT 1 AS one FROM community_members WHERE community_id = ? AND user_id = ?', [communityId, userId]);
  return rows.length > 0;
}

/** The communities a user belongs to. */
export async function communitiesOf(manager: EntityManager, userId: string): Promise<Set<string>> {
  const rows: { community_id: Raw }[] = await manager.query('SELECT community_id FROM community_members WHERE user_id = ?', [userId]);
  return new Set(rows.map((row) => idOf(row.community_id)));
}

export async function membershipCount(manager: EntityManager, userId: string): Promise<number> {
  const [{ n }]: { n: Raw }[] = await manager.query('SELECT COUNT(*) AS n FROM community_members WHERE user_id = ?', [userId]);
  return int(n);
}

/** Adds a member and counts them, in the caller's transaction. */
export async function addMember(manager: EntityManager, communityId: string, userId: string, now: number): Promise<void> {
  await manager.query('INSERT INTO community_members (community_id, user_id, joined_at) VALUES (?, ?, ?)', [communityId, userId, now]);
  await manager.query('UPDATE communities SET member_count = member_count + 1 WHERE id = ?', [communityId]);
}

/** Removes a member and uncounts them; false when they were not one. */
export async function removeMember(manager: EntityManager, communityId: string, userId: string): Promise<boolean> {
  const removed = await execute(manager, 'DELETE FROM community_members WHERE community_id = ? AND user_id = ?', [communityId, userId]);
  if (removed.affected === 0) return false;
  await manager.query('UPDATE communities SET member_count = member_count - 1 WHERE id = ?', [communityId]);
  return true;
}
