import type { EntityManager } from 'typeorm';
import { REPLIES_PER_COMMENT, type Comment, type Reply } from '@calorie-bank/shared';
import * as comments from '../db/comments.js';
import { isMember } from '../db/communities.js';
import { addReport, moderatedAmong, openCase } from '../db/moderation.js';
import * as posts from '../db/posts.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError, forbidden, notFound, validationFailed } from '../errors.js';
import type { ServiceContext } from './context.js';
import { activeUser } from './posts.js';
import { screenText } from './word-list.js';

function presentReply(comment: comments.CommentRecord, viewerId: string, postAuthorId: string | null, moderator: boolean): Reply {
  const { authorUserId, status: _status, ...shown } = comment;
  return { ...shown, canDelete: authorUserId === viewerId || postAuthorId === viewerId || moderator };
}

/** A visible post's comments, oldest first, each with its first replies; `total` is the post's stored count. */
export async function listComments(
  context: ServiceContext,
  viewerId: string,
  postId: string,
  page: { cursor?: string; limit: number },
): Promise<{ items: Comment[]; nextCursor: string | null; total: number }> {
  const manager = context.db.manager;
  const post = await posts.findPost(manager, postId, viewerId);
  if (!post || post.status !== 'visible') throw notFound(`Post ${postId}`);
  const moderator = post.viewerModerates;
  const top = await comments.topLevelComments(manager, postId, page);
  const { replies, counts } = await comments.repliesOf(manager, top.items.map((comment) => comment.id), REPLIES_PER_COMMENT);
  const items = top.items.map((comment) => ({
    ...presentReply(comment, viewerId, post.authorUserId, moderator),
    replies: (replies.get(comment.id) ?? []).map((reply) => presentReply(reply, viewerId, post.authorUserId, moderator)),
    replyCount: counts.get(comment.id) ?? 0,
  }));
  return { items, nextCursor: top.nextCursor, total: post.comments };
}

/**
 * Comments on a visible post of a community the user belongs to, or replies to one of its
 * visible top-level comments. The post's row is locked first, so the stored count moves with the
 * comment rows however many write at once.
 */
export async function createComment(
  context: ServiceContext,
  userId: string,
  postId: string,
  body: { text: string; replyTo?: string },
): Promise<{ comment: Reply; comments: number }> {
  await activeUser(context, userId);
  const review = await screenText(context, body.text, 'text');
  const now = context.now().getTime();
  const status = review.length > 0 ? 'held' : 'visible';
  const { id, count, postAuthor } = await runInTransaction(context.db, async (manager) => {
    const post = await posts.lockPost(manager, postId);
    if (!post || post.status !== 'visible') throw notFound(`Post ${postId}`);
    if (!(await isMember(manager, post.communityId, userId))) throw new AppError('NOT_A_MEMBER', 'Join the community to comment on its posts');
    if (body.replyTo) {
      const parent = await comments.findComment(manager, body.replyTo);
      if (!parent || parent.postId !== postId || parent.status !== 'visible') throw validationFailed('The comment replied to is not on this post', 'replyTo');
      if (parent.parentId !== null) throw validationFailed('Reply to the comment itself: replies are one level deep', 'replyTo');
    }
    const inserted = await comments.insertComment(manager, { postId, parentId: body.replyTo ?? null, authorUserId: userId, text: body.text, status }, now);
    if (status === 'visible') await posts.addToCommentCount(manager, postId, 1);
    else await openCase(manager, { targetType: 'comment', targetId: inserted, postId, communityId: post.communityId, matchedWords: review }, now);
    const counts = await posts.postCounts(manager, postId, userId);
    return { id: inserted, count: counts.comments, postAuthor: post.authorUserId };
  });
  const comment = (await comments.findComment(context.db.manager, id))!;
  return { comment: presentReply(comment, userId, postAuthor, false), comments: count };
}

/**
 * Deletes a comment (its replies leave the count with it): its author, the post's author, a
 * moderator, or an operator (`audit` writes the operator's line in the same transaction).
 */
export async function deleteComment(
  context: ServiceContext,
  by: { userId: string } | 'operator',
  commentId: string,
  audit?: (manager: EntityManager, before: string, now: number) => Promise<void>,
): Promise<{ id: string; status: 'deleted' }> {
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
    const found = await comments.findComment(manager, commentId);
    // A reply left with its deleted comment: gone for everyone, as the comment is.
    if (!found || found.status === 'deleted' || (await parentStatus(manager, found)) === 'deleted') throw notFound(`Comment ${commentId}`);
    const post = await posts.lockPost(manager, found.postId);
    if (!post || post.status === 'deleted') throw notFound(`Comment ${commentId}`);
    if (by !== 'operator') {
      const { userId } = by;
      const allowed =
        found.authorUserId === userId || post.authorUserId === userId || (await moderatedAmong(manager, userId, [post.communityId])).has(post.communityId);
      if (!allowed) throw forbidden("Only the comment's author, the post's author or a moderator may delete it");
    }
    await comments.setCommentStatus(manager, commentId, 'deleted');
    await posts.recountComments(manager, found.postId);
    await audit?.(manager, found.status, now);
    return { id: commentId, status: 'deleted' as const };
    // The recount must see comments committed while this waited for the post's lock.
  }, { isolation: 'READ COMMITTED' });
}

/** Reports a post or comment to the operators: the item's case opens (once per reporter). */
export async function reportItem(
  context: ServiceContext,
  userId: string,
  target: { type: 'post' | 'comment'; id: string },
  body: { reason: string; note?: string },
): Promise<{ reported: true }> {
  const now = context.now().getTime();
  await runInTransaction(context.db, async (manager) => {
    let postId = target.id;
    let author: string | null = null;
    if (target.type === 'comment') {
      const comment = await comments.findComment(manager, target.id);
      // A reply is shown only under a visible comment: one that nobody can see cannot be reported.
      if (!comment || comment.status !== 'visible' || ((await parentStatus(manager, comment)) ?? 'visible') !== 'visible') throw notFound(`Comment ${target.id}`);
      postId = comment.postId;
      author = comment.authorUserId;
    }
    const post = await posts.findPost(manager, postId, null);
    if (!post || post.status !== 'visible') throw notFound(`${target.type === 'post' ? 'Post' : 'Comment'} ${target.id}`);
    if ((target.type === 'post' ? post.authorUserId : author) === userId) throw forbidden(`You cannot report your own ${target.type}; delete it instead`);
    const added = await addReport(manager, { targetType: target.type, targetId: target.id, reporterId: userId, reason: body.reason, note: body.note ?? null }, now);
    if (added) await openCase(manager, { targetType: target.type, targetId: target.id, postId, communityId: post.communityId }, now);
  });
  return { reported: true };
}

/** The status of the comment that `comment` replies to; null for a top-level comment. */
async function parentStatus(manager: EntityManager, comment: { parentId: string | null }): Promise<string | null> {
  if (comment.parentId === null) return null;
  return (await comments.findComment(manager, comment.parentId))?.status ?? 'deleted';
}
