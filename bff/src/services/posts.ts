import { HOT_WINDOW_MS, type CreatePostRequest, type Post, type PostCard } from '@calorie-bank/shared';
import { communityExists, findCommunity, isMember } from '../db/communities.js';
import { findEvent } from '../db/events.js';
import { moderatedAmong, openCase } from '../db/moderation.js';
import { findOffer } from '../db/offers.js';
import * as posts from '../db/posts.js';
import type { Page } from '../db/pages.js';
import { runInTransaction } from '../db/transaction.js';
import { findUser, lockUser } from '../db/users.js';
import { JsonText } from '../http/json-text.js';
import { AppError, authInvalid, forbidden, notFound, userFrozen, validationFailed } from '../errors.js';
import type { ServiceContext } from './context.js';
import { checkOfferImage } from './uploads.js';
import { screenText } from './word-list.js';

/** Who acts on a post: a signed-in user or a merchant's staff (on the merchant's behalf). */
export type Actor = { userId: string } | { merchantId: string };

/** A stored post as `viewerId` sees it: whether they may delete it (its author, or a moderator of its community). */
export function present(post: posts.PostRecord, viewerId: string | null): Post {
  const { authorUserId: _author, merchantId: _merchant, viewerModerates, ...shown } = post;
  const canDelete = viewerId !== null && (post.authorUserId === viewerId || viewerModerates);
  return { ...shown, canDelete };
}

/** A signed-in user who may write: refuses one that is gone or frozen. */
export async function activeUser(context: ServiceContext, userId: string): Promise<void> {
  const user = await findUser(context.db.manager, userId);
  if (!user) throw authInvalid('This account no longer exists');
  if (user.frozen) throw userFrozen();
}

async function checkImages(context: ServiceContext, images: string[]): Promise<void> {
  for (const [index, url] of images.entries()) await checkOfferImage(context, url, `images.${index}`);
}

/** The card of one of the community's events that has not ended. */
async function eventCard(context: ServiceContext, communityId: string, eventId: string): Promise<PostCard> {
  const event = await findEvent(context.db.manager, eventId, '0');
  if (!event || event.communityId !== communityId || event.status !== 'scheduled' || Date.parse(event.endsAt) < context.now().getTime()) {
    throw validationFailed("Pick one of this community's upcoming events", 'card.id');
  }
  return { kind: 'event', id: event.id, title: event.title, subtitle: event.place, startsAt: event.startsAt, priceCoins: null, imageUrl: null };
}

/** The card of one of the merchant's live offers. */
async function offerCard(context: ServiceContext, merchantId: string, offerId: string): Promise<PostCard> {
  const offer = await findOffer(context.db.manager, offerId);
  if (!offer || offer.merchantId !== merchantId) throw notFound(`Offer ${offerId}`);
  const now = context.now().getTime();
  if (offer.status !== 'live' || Date.parse(offer.validFrom) > now || Date.parse(offer.validUntil) < now) {
    throw new AppError('OFFER_NOT_AVAILABLE', 'Only a live offer can be shown on a post');
  }
  return { kind: 'offer', id: offer.id, title: offer.title, subtitle: offer.merchantName, startsAt: null, priceCoins: offer.priceCoins, imageUrl: offer.imageUrl };
}

/**
 * Writes a post: text through the sensitive-word list (a blocked word refuses it, a review word
 * holds it for an operator), images that were uploaded here, and an optional card.
 */
async function writePost(
  context: ServiceContext,
  author: Actor,
  communityId: string,
  input: { text: string; images: string[]; card: PostCard | null },
): Promise<Post> {
  const review = await screenText(context, input.text, 'text');
  const now = context.now().getTime();
  const status = review.length > 0 ? 'held' : 'visible';
  const postId = await runInTransaction(context.db, async (manager) => {
    // The author's row first, as a rename takes it before it raises the feeds of the author's
    // communities: the raise and the insert's foreign-key check below then never wait for a
    // rename that waits for this post's community.
    if ('userId' in author) {
      const locked = await lockUser(manager, author.userId);
      if (!locked) throw authInvalid('This account no longer exists');
      if (locked.frozen) throw userFrozen();
    }
    const id = await posts.insertPost(
      manager,
      {
        communityId,
        authorUserId: 'userId' in author ? author.userId : null,
        merchantId: 'merchantId' in author ? author.merchantId : null,
        text: input.text,
        images: input.images,
        card: input.card,
        status,
      },
      now,
    );
    if (review.length > 0) await openCase(manager, { targetType: 'post', targetId: id, postId: id, communityId, matchedWords: review }, now);
    return id;
  });
  const viewer = 'userId' in author ? author.userId : null;
  return present((await posts.findPost(context.db.manager, postId, viewer))!, viewer);
}

/** A member posts to their community, optionally with one of its events as a card. */
export async function createPost(context: ServiceContext, userId: string, communityId: string, body: CreatePostRequest): Promise<{ post: Post }> {
  if (!(await findCommunity(context.db.manager, communityId, null))) throw notFound(`Community ${communityId}`);
  await activeUser(context, userId);
  if (!(await isMember(context.db.manager, communityId, userId))) throw new AppError('NOT_A_MEMBER', 'Join the community to post in it');
  await checkImages(context, body.images);
  let card: PostCard | null = null;
  if (body.card?.kind === 'offer') throw validationFailed("Only a merchant's staff can show an offer on a post", 'card.kind');
  if (body.card) card = await eventCard(context, communityId, body.card.id);
  return { post: await writePost(context, { userId }, communityId, { text: body.text, images: body.images, card }) };
}

/** A merchant posts to a community, optionally with one of its live offers as a card. */
export async function createMerchantPost(
  context: ServiceContext,
  merchantId: string,
  communityId: string,
  body: { text: string; images: string[]; offerId?: string },
): Promise<{ post: Post }> {
  if (!(await findCommunity(context.db.manager, communityId, null))) throw notFound(`Community ${communityId}`);
  await checkImages(context, body.images);
  const card = body.offerId ? await offerCard(context, merchantId, body.offerId) : null;
  return { post: await writePost(context, { merchantId }, communityId, { text: body.text, images: body.images, card }) };
}

function presentPage(page: Page<posts.PostRecord>, viewerId: string): Page<Post> {
  return { items: page.items.map((post) => present(post, viewerId)), nextCursor: page.nextCursor };
}

/**
 * A community's visible posts, newest first or hot this week. The first `new` page is the
 * community's shared page with the posts' counts and the viewer's likes and rights on it
 * (feed/feed-pages.ts); later pages and hot pages (ordered by likes, which move without a feed
 * version) are read.
 */
export async function communityFeed(
  context: ServiceContext,
  viewerId: string,
  communityId: string,
  query: { sort: 'new' | 'hot'; cursor?: string; limit: number },
): Promise<Page<Post> | JsonText> {
  const since = context.now().getTime() - HOT_WINDOW_MS;
  if (!query.cursor && query.sort === 'new') {
    const text = await context.feedPages.firstPage({ communityId, viewerId, limit: query.limit }, () => posts.feedPage(context.db.manager, { communityId }, '0', { ...query, since }));
    if (text === null) throw notFound(`Community ${communityId}`);
    return new JsonText(text);
  }
  const page = await posts.feedPage(context.db.manager, { communityId }, viewerId, { ...query, since });
  // A page with posts proves the community exists; only an empty one needs asking.
  if (page.items.length === 0 && !(await communityExists(context.db.manager, communityId))) throw notFound(`Community ${communityId}`);
  return presentPage(page, viewerId);
}

/** The visible posts of every community the viewer belongs to. */
export async function joinedFeed(context: ServiceContext, viewerId: string, query: { sort: 'new' | 'hot'; cursor?: string; limit: number }): Promise<Page<Post>> {
  const since = context.now().getTime() - HOT_WINDOW_MS;
  return presentPage(await posts.feedPage(context.db.manager, { memberId: viewerId }, viewerId, { ...query, since }), viewerId);
}

/** A merchant's posts that are not deleted, newest first; each one it may delete. */
export async function merchantPosts(context: ServiceContext, merchantId: string, query: { cursor?: string; limit: number }): Promise<Page<Post>> {
  const page = await posts.feedPage(context.db.manager, { merchantId }, '0', { ...query, sort: 'new', since: 0 });
  return { items: page.items.map((post) => ({ ...present(post, null), canDelete: true })), nextCursor: page.nextCursor };
}

/** One visible post (its author also sees theirs while it is held for review). */
export async function getPost(context: ServiceContext, viewerId: string, postId: string): Promise<{ post: Post }> {
  const post = await posts.findPost(context.db.manager, postId, viewerId);
  if (!post || !(post.status === 'visible' || (post.status === 'held' && post.authorUserId === viewerId))) throw notFound(`Post ${postId}`);
  return { post: present(post, viewerId) };
}

/**
 * Deletes a post for good: its author, a moderator of its community, its merchant or an
 * operator (`by: 'operator'`, who is audited by the caller's route). Deleting it again is NOT_FOUND.
 */
export async function deletePost(
  context: ServiceContext,
  postId: string,
  by: Actor | 'operator',
  audit?: (manager: import('typeorm').EntityManager, before: string, now: number) => Promise<void>,
): Promise<{ id: string; status: 'deleted' }> {
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
    const post = await posts.lockPost(manager, postId);
    if (!post || post.status === 'deleted') throw notFound(`Post ${postId}`);
    if (by !== 'operator') {
      const allowed =
        'merchantId' in by
          ? post.merchantId === by.merchantId
          : post.authorUserId === by.userId || (await moderatedAmong(manager, by.userId, [post.communityId])).has(post.communityId);
      if (!allowed) {
        if ('merchantId' in by) throw notFound(`Post ${postId}`);
        throw forbidden("Only the post's author or a moderator of the community may delete it");
      }
    }
    await posts.setPostStatus(manager, postId, 'deleted', now);
    await audit?.(manager, post.status, now);
    return { id: postId, status: 'deleted' as const };
  });
}

/** Likes a visible post of a community the user belongs to; a repeat changes nothing. */
export async function likePost(context: ServiceContext, userId: string, postId: string, like: boolean) {
  if (like) await activeUser(context, userId);
  const now = context.now().getTime();
  await runInTransaction(context.db, async (manager) => {
    // The post's row lock orders the likes of one post, so the stored count moves with its rows.
    const post = await posts.lockPost(manager, postId);
    if (!post || post.status !== 'visible') throw notFound(`Post ${postId}`);
    if (like) {
      if (!(await isMember(manager, post.communityId, userId))) throw new AppError('NOT_A_MEMBER', 'Join the community to like its posts');
      await posts.addPostLike(manager, postId, userId, now);
    } else {
      await posts.removePostLike(manager, postId, userId);
    }
  });
  const counts = await posts.postCounts(context.db.manager, postId, userId);
  return { like: { postId, likes: counts.likes, likedByMe: counts.likedByMe } };
}
