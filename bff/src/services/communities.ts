import { MAX_COMMUNITIES_PER_USER, addDays, businessDate, type Community, type CreateCommunityRequest } from '@calorie-bank/shared';
import * as communities from '../db/communities.js';
import { findDay } from '../db/daily-steps.js';
import type { Page } from '../db/pages.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError, notFound } from '../errors.js';
import { recordAudit, type Operator } from './audit.js';
import type { ServiceContext } from './context.js';
import { givePlacesBackOnLeaving } from './events.js';
import { lockActiveUser, lockExistingUser } from './user-locks.js';

/** Communities, largest first, a page at a time; `joined=1` lists only the caller's. */
export function listCommunities(
  context: ServiceContext,
  userId: string | null,
  query: { cursor?: string; limit: number; joined?: '0' | '1' },
): Promise<Page<Community>> {
  return communities.listCommunities(context.db.manager, { userId, onlyJoined: query.joined === '1' && userId !== null, cursor: query.cursor, limit: query.limit });
}

/** One community, and whether the caller belongs to it. */
export async function getCommunity(context: ServiceContext, userId: string, communityId: string): Promise<{ community: Community }> {
  const community = await communities.findCommunity(context.db.manager, communityId, userId);
  if (!community) throw notFound(`Community ${communityId}`);
  return { community };
}

/**
 * Joins a community: at most `MAX_COMMUNITIES_PER_USER` at once, joining twice changes nothing.
 * The member count moves in the same transaction as the membership. Today's steps then show on
 * the community's board.
 */
export async function joinCommunity(context: ServiceContext, userId: string, communityId: string): Promise<{ community: Community }> {
  const now = context.now().getTime();
  const joined = await runInTransaction(context.db, async (manager) => {
    await lockActiveUser(manager, userId);
    // The community's row is locked before its member row is written: the member row's foreign-key
    // check takes a shared lock on it, and joiners each holding one while waiting to raise the count
    // would deadlock.
    if (!(await communities.communityExists(manager, communityId, { lock: true }))) throw notFound(`Community ${communityId}`);
    if (await communities.isMember(manager, communityId, userId)) return false;
    if ((await communities.membershipCount(manager, userId)) >= MAX_COMMUNITIES_PER_USER) {
      throw new AppError('COMMUNITY_LIMIT_REACHED', `You can belong to at most ${MAX_COMMUNITIES_PER_USER} communities; leave one first`, {
        details: { limit: MAX_COMMUNITIES_PER_USER },
      });
    }
    await communities.addMember(manager, communityId, userId, now);
    return true;
  });
  if (joined) {
    const today = businessDate(context.now(), context.config.businessTimeZone);
    const day = await findDay(context.db.manager, userId, today);
    if (day) await context.leaderboard.record({ date: today, scope: `community:${communityId}`, userId, steps: day.steps, reachedAt: day.reachedAt });
  }
  return getCommunity(context, userId, communityId);
}

/**
 * Leaves a community (leaving twice changes nothing) and its boards of today and yesterday, and
 * gives back the places the user holds at its events that have not ended, in the same transaction.
 */
export async function leaveCommunity(context: ServiceContext, userId: string, communityId: string): Promise<{ community: Community }> {
  const now = context.now().getTime();
  const left = await runInTransaction(context.db, async (manager) => {
    await lockExistingUser(manager, userId);
    if (!(await communities.communityExists(manager, communityId, { lock: true }))) throw notFound(`Community ${communityId}`);
    const removed = await communities.removeMember(manager, communityId, userId);
    // Also when the user was no member: places kept by one who left before leaving gave them back.
    await givePlacesBackOnLeaving(manager, communityId, userId, now);
    return removed;
  });
  if (left) {
    const today = businessDate(context.now(), context.config.businessTimeZone);
    for (const date of [today, addDays(today, -1)]) await context.leaderboard.remove(date, `community:${communityId}`, userId);
  }
  return getCommunity(context, userId, communityId);
}

/** An operator opens a community, logged in the audit log with it. */
export async function createCommunity(context: ServiceContext, operator: Operator, body: CreateCommunityRequest): Promise<{ community: Community }> {
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
    const communityId = await communities.insertCommunity(manager, body, now);
    const community = (await communities.findCommunity(manager, communityId, null))!;
    await recordAudit(manager, operator, { action: 'community.create', targetType: 'community', targetId: community.id, after: community }, now);
    return { community };
  });
}
