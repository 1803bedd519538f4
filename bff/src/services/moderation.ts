import type { EntityManager } from 'typeorm';
import type { CommunityReport, ModerationAction, ModerationCase, PostAuthor } from '@calorie-bank/shared';
import * as comments from '../db/comments.js';
import { communityExists, isMember } from '../db/communities.js';
import * as moderation from '../db/moderation.js';
import * as posts from '../db/posts.js';
import { runInTransaction } from '../db/transaction.js';
import { findUser, lockUser, setUserFrozen } from '../db/users.js';
import { AppError, forbidden, notFound, validationFailed } from '../errors.js';
import { recordAudit, type Operator } from './audit.js';
import type { ServiceContext } from './context.js';
import { deleteComment } from './comments.js';
import { deletePost } from './posts.js';

/** The queue: open cases oldest first, with how many are open. */
export async function moderationQueue(context: ServiceContext, query: { status: 'open' | 'closed'; cursor?: string; limit: number }) {
  const [page, open] = await Promise.all([moderation.listCases(context.db.manager, query), moderation.openCaseCount(context.db.manager)]);
  return { ...page, open };
}

/** Sets the item's status (never bringing a deleted one back) and keeps its post's comment count exact. */
async function setTargetStatus(manager: EntityManager, item: moderation.CaseRecord, to: 'visible' | 'hidden'): Promise<{ before: string; after: string }> {
  if (item.targetType === 'post') {
    const post = (await posts.lockPost(manager, item.postId))!;
    if (post.status === 'deleted') return { before: post.status, after: post.status };
    await posts.setPostStatus(manager, item.postId, to, 0);
    return { before: post.status, after: to };
  }
  await posts.lockPost(manager, item.postId);
  const comment = (await comments.findComment(manager, item.targetId))!;
  if (comment.status === 'deleted') return { before: comment.status, after: comment.status };
  await comments.setCommentStatus(manager, item.targetId, to);
  await posts.recountComments(manager, item.postId);
  return { before: comment.status, after: to };
}

async function authorOf(manager: EntityManager, item: moderation.CaseRecord): Promise<string> {
  if (item.targetType === 'comment') return (await comments.findComment(manager, item.targetId))!.authorUserId;
  const post = (await posts.lockPost(manager, item.postId))!;
  if (post.authorUserId === null) throw validationFailed("A merchant's post: warn or pause the merchant through its account manager instead", 'targetId');
  return post.authorUserId;
}

/**
 * An operator's decision on a case. hide: the item leaves every feed and count at once; restore:
 * it shows again; warn: the author gets a warning (the case stays open for a decision on the
 * item); freeze: the author is frozen and the item hidden. Each is a line in the audit log,
 * written in the same transaction.
 */
export async function moderate(
  context: ServiceContext,
  operator: Operator,
  caseId: string,
  action: ModerationAction,
  reason: string,
): Promise<{ case: ModerationCase }> {
  const now = context.now().getTime();
  await runInTransaction(context.db, async (manager) => {
    const item = await moderation.lockCase(manager, caseId);
    if (!item) throw notFound(`Case ${caseId}`);
    let before: unknown = null;
    let after: unknown = null;
    if (action === 'hide' || action === 'restore') {
      const change = await setTargetStatus(manager, item, action === 'hide' ? 'hidden' : 'visible');
      before = { status: change.before };
      after = { status: change.after };
    } else {
      const userId = await authorOf(manager, item);
      if (action === 'warn') {
        await moderation.insertWarning(manager, { userId, caseId, reason }, now);
        after = { warnedUserId: userId };
      } else {
        const user = await lockUser(manager, userId);
        await setUserFrozen(manager, userId, true);
        const change = await setTargetStatus(manager, item, 'hidden');
        before = { frozen: user?.frozen ?? false, status: change.before };
        after = { frozen: true, status: change.after, userId };
      }
    }
    await moderation.closeCase(manager, caseId, action, action === 'warn' && item.status === 'open', now);
    await recordAudit(manager, operator, { action: `moderation.${action}`, targetType: item.targetType, targetId: item.targetId, reason, before, after }, now);
    // A comment recount must see comments committed while this waited for the post's lock.
  }, { isolation: 'READ COMMITTED' });
  return { case: (await moderation.findCase(context.db.manager, caseId))! };
}

/** An operator deletes any post, audited. */
export function opsDeletePost(context: ServiceContext, operator: Operator, postId: string) {
  return deletePost(context, postId, 'operator', (manager, before, now) =>
    recordAudit(manager, operator, { action: 'post.delete', targetType: 'post', targetId: postId, before: { status: before }, after: { status: 'deleted' } }, now),
  );
}

/** An operator deletes any comment (its replies leave with it), audited. */
export function opsDeleteComment(context: ServiceContext, operator: Operator, commentId: string) {
  return deleteComment(context, 'operator', commentId, (manager, before, now) =>
    recordAudit(manager, operator, { action: 'comment.delete', targetType: 'comment', targetId: commentId, before: { status: before }, after: { status: 'deleted' } }, now),
  );
}

/**
 * A moderator's list: the open cases on the community's posts and comments that are still up,
 * oldest first, without what only operators see (the author's warnings and frozen state).
 */
export async function communityReports(
  context: ServiceContext,
  userId: string,
  communityId: string,
  page: { cursor?: string; limit: number },
): Promise<{ items: CommunityReport[]; nextCursor: string | null }> {
  const manager = context.db.manager;
  if (!(await communityExists(manager, communityId))) throw notFound(`Community ${communityId}`);
  if (!(await isMember(manager, communityId, userId))) throw new AppError('NOT_A_MEMBER', 'Only members of the community moderate it');
  if (!(await moderation.moderatedAmong(manager, userId, [communityId])).has(communityId)) throw forbidden('Only moderators of the community see its reports');
  const cases = await moderation.listCommunityCases(manager, communityId, page);
  return {
    items: cases.items.map((item) => ({
      id: item.id,
      targetType: item.targetType,
      targetId: item.targetId,
      postId: item.postId,
      author: item.author,
      text: item.text,
      images: item.images,
      reports: item.reports,
      reasons: item.reasons,
      openedAt: item.openedAt,
    })),
    nextCursor: cases.nextCursor,
  };
}

export async function listModerators(context: ServiceContext, communityId: string): Promise<{ items: PostAuthor[] }> {
  if (!(await communityExists(context.db.manager, communityId))) throw notFound(`Community ${communityId}`);
  return { items: await moderation.listModerators(context.db.manager, communityId) };
}

/** Gives a member the moderator role of their community, or takes it back; audited. */
export async function setModerator(context: ServiceContext, operator: Operator, communityId: string, userId: string, moderator: boolean) {
  const now = context.now().getTime();
  await runInTransaction(context.db, async (manager) => {
    if (!(await communityExists(manager, communityId))) throw notFound(`Community ${communityId}`);
    if (!(await findUser(manager, userId))) throw notFound(`User ${userId}`);
    if (moderator && !(await isMember(manager, communityId, userId))) throw new AppError('NOT_A_MEMBER', 'Only a member of the community can moderate it');
    const changed = moderator ? await moderation.addModerator(manager, communityId, userId, now) : await moderation.removeModerator(manager, communityId, userId);
    if (!moderator && !changed) throw notFound(`Moderator ${userId} of community ${communityId}`);
    if (changed) {
      await recordAudit(
        manager,
        operator,
        { action: moderator ? 'community.moderator_add' : 'community.moderator_remove', targetType: 'community', targetId: communityId, after: { userId } },
        now,
      );
    }
  });
  return listModerators(context, communityId);
}
