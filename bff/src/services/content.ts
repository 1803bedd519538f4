import {
  businessDate,
  CONTENT_TAGS,
  type ContentCard,
  type ContentDetail,
  type ContentTag,
  type CreateContentRequest,
  type OpsContentItem,
  type UpdateContentRequest,
} from '@calorie-bank/shared';
import * as content from '../db/content.js';
import type { Page } from '../db/pages.js';
import { runInTransaction } from '../db/transaction.js';
import { findUser } from '../db/users.js';
import { authInvalid, notFound, userFrozen, validationFailed } from '../errors.js';
import { recordAudit, type Operator } from './audit.js';
import { awardForContentView } from './collectible-awards.js';
import { excerptOf, sanitizeArticle } from './content-html.js';
import type { ServiceContext } from './context.js';
import { isMember } from './membership.js';
import { checkOfferImage } from './uploads.js';

/** Items shown per section of the channel page before "more". */
const SECTION_ITEMS = 4;

const iso = (ms: number) => new Date(ms).toISOString();

/** The longest teaser of a locked item's text: a members-only article's words are for members. */
const LOCKED_TEASER_CHARACTERS = 30;

/**
 * What a non-member sees of a members-only item's text: its first third, at most
 * LOCKED_TEASER_CHARACTERS, and an ellipsis; the stored excerpt of a short article is its whole text.
 */
export function lockedTeaser(excerpt: string): string {
  const text = Array.from(excerpt.endsWith('…') ? excerpt.slice(0, -1) : excerpt);
  const shown = Math.min(LOCKED_TEASER_CHARACTERS, Math.floor(text.length / 3));
  return shown === 0 ? '' : `${text.slice(0, shown).join('').trimEnd()}…`;
}

function cardOf(item: content.ContentRecord, member: boolean): ContentCard {
  const locked = item.membersOnly && !member;
  return {
    id: item.id,
    title: item.title,
    coverUrl: item.coverUrl,
    kind: item.kind,
    tags: item.tags,
    excerpt: locked ? lockedTeaser(item.excerpt) : item.excerpt,
    membersOnly: item.membersOnly,
    locked,
    likes: item.likes,
    views: item.views,
    visibleFrom: iso(item.visibleFrom),
    visibleUntil: item.visibleUntil === null ? null : iso(item.visibleUntil),
  };
}

function opsItemOf(item: content.ContentRecord): OpsContentItem {
  return { ...cardOf(item, true), body: item.body, videoUrl: item.videoUrl, createdAt: iso(item.createdAt) };
}

function isVisible(item: content.ContentRecord, now: number): boolean {
  return item.visibleFrom <= now && (item.visibleUntil === null || item.visibleUntil > now);
}

/** The channel: each tag's newest visible items, tags without items left out. */
export async function contentChannel(context: ServiceContext, userId: string) {
  const now = context.now().getTime();
  const member = await isMember(context, userId);
  const pages = await Promise.all(CONTENT_TAGS.map((tag) => content.visibleContent(context.db.manager, { tag, now, limit: SECTION_ITEMS })));
  const sections = CONTENT_TAGS.map((tag, index) => ({ tag, items: pages[index].items.map((item) => cardOf(item, member)), nextCursor: pages[index].nextCursor }));
  return { sections: sections.filter((section) => section.items.length > 0) };
}

/** Visible items of one tag (or all), newest first, one page at a time. */
export async function listContent(context: ServiceContext, userId: string, query: { tag?: ContentTag; cursor?: string; limit: number }): Promise<Page<ContentCard>> {
  const now = context.now().getTime();
  const [page, member] = await Promise.all([content.visibleContent(context.db.manager, { ...query, now }), isMember(context, userId)]);
  return { items: page.items.map((item) => cardOf(item, member)), nextCursor: page.nextCursor };
}

/**
 * One visible item. Its body and video are answered only to members when it is members-only; the
 * caller's view is counted once a day (one keyed insert and one counter update), and a watched
 * item may award a collectible.
 */
export async function contentDetail(context: ServiceContext, userId: string, itemId: string): Promise<{ item: ContentDetail }> {
  const now = context.now().getTime();
  const found = await content.findContent(context.db.manager, itemId);
  if (!found || !isVisible(found, now)) throw notFound('This content item');
  const member = found.membersOnly ? await isMember(context, userId) : true;
  const locked = found.membersOnly && !member;
  if (!locked) {
    const date = businessDate(context.now(), context.config.businessTimeZone);
    const counted = await runInTransaction(context.db, (manager) => content.recordContentView(manager, itemId, userId, date));
    if (counted) found.views += 1;
    await awardForContentView(context, userId, itemId);
  }
  const { likedByMe } = await content.contentLikeState(context.db.manager, itemId, userId);
  return {
    item: { ...cardOf(found, member), body: locked ? null : found.body, videoUrl: locked ? null : found.videoUrl, likedByMe },
  };
}

async function visibleItem(context: ServiceContext, itemId: string): Promise<void> {
  const found = await content.findContent(context.db.manager, itemId);
  if (!found || !isVisible(found, context.now().getTime())) throw notFound('This content item');
}

/** Likes an item once; the like row and the counter change in one transaction, so counts stay exact. */
export async function likeContent(context: ServiceContext, userId: string, itemId: string) {
  await visibleItem(context, itemId);
  const user = await findUser(context.db.manager, userId);
  if (!user) throw authInvalid('This account no longer exists');
  if (user.frozen) throw userFrozen();
  const now = context.now().getTime();
  await runInTransaction(context.db, (manager) => content.addContentLike(manager, itemId, userId, now));
  return { like: { itemId, ...(await content.contentLikeState(context.db.manager, itemId, userId)) } };
}

export async function unlikeContent(context: ServiceContext, userId: string, itemId: string) {
  await visibleItem(context, itemId);
  await runInTransaction(context.db, (manager) => content.removeContentLike(manager, itemId, userId));
  return { like: { itemId, ...(await content.contentLikeState(context.db.manager, itemId, userId)) } };
}

/** The payload fields an item keeps for its kind, the body sanitized; an article without text left is refused. */
function payloadOf(kind: 'article' | 'video', body: string | null, videoUrl: string | null) {
  if (kind === 'video') {
    if (!videoUrl) throw validationFailed('A video item needs a videoUrl', 'videoUrl');
    return { body: null, excerpt: '', videoUrl };
  }
  const safe = body ? sanitizeArticle(body) : '';
  if (!safe) throw validationFailed('The article has no text left after unsafe markup was removed', 'body');
  return { body: safe, excerpt: excerptOf(safe), videoUrl: null };
}

/** An operator publishes an item, logged in the audit log. */
export async function publishContent(context: ServiceContext, operator: Operator, input: CreateContentRequest): Promise<{ item: OpsContentItem }> {
  await checkOfferImage(context, input.coverUrl, 'coverUrl');
  const now = context.now().getTime();
  const write: content.ContentWrite = {
    title: input.title,
    coverUrl: input.coverUrl,
    kind: input.kind,
    ...payloadOf(input.kind, input.body, input.videoUrl),
    tags: input.tags,
    membersOnly: input.membersOnly,
    visibleFrom: input.visibleFrom ? Date.parse(input.visibleFrom) : now,
    visibleUntil: input.visibleUntil ? Date.parse(input.visibleUntil) : null,
  };
  if (write.visibleUntil !== null && write.visibleUntil <= write.visibleFrom) throw validationFailed('visibleUntil must be after visibleFrom', 'visibleUntil');
  const item = await runInTransaction(context.db, async (manager) => {
    const id = await content.insertContent(manager, write, now);
    await recordAudit(manager, operator, { action: 'content.publish', targetType: 'content', targetId: id, after: { title: write.title, tags: write.tags } }, now);
    return (await content.findContent(manager, id))!;
  });
  return { item: opsItemOf(item) };
}

/** An operator edits an item (an ended window takes it down), logged in the audit log. */
export async function updateContent(context: ServiceContext, operator: Operator, itemId: string, input: UpdateContentRequest): Promise<{ item: OpsContentItem }> {
  await checkOfferImage(context, input.coverUrl, 'coverUrl');
  const now = context.now().getTime();
  const item = await runInTransaction(context.db, async (manager) => {
    // Locked, as a take-down locks it: an edit read before a take-down committed would write the old window back.
    const before = await content.findContent(manager, itemId, { lock: true });
    if (!before) throw notFound('This content item');
    const touchesPayload = input.body !== undefined || input.videoUrl !== undefined;
    const payload = touchesPayload ? payloadOf(before.kind, input.body ?? before.body, input.videoUrl ?? before.videoUrl) : {};
    const visibleFrom = input.visibleFrom ? Date.parse(input.visibleFrom) : before.visibleFrom;
    const visibleUntil = input.visibleUntil === undefined ? before.visibleUntil : input.visibleUntil === null ? null : Date.parse(input.visibleUntil);
    if (visibleUntil !== null && visibleUntil <= visibleFrom) throw validationFailed('visibleUntil must be after visibleFrom', 'visibleUntil');
    await content.updateContentRow(
      manager,
      itemId,
      { title: input.title, coverUrl: input.coverUrl, tags: input.tags, membersOnly: input.membersOnly, visibleFrom, visibleUntil, ...payload },
      now,
    );
    await recordAudit(manager, operator, { action: 'content.update', targetType: 'content', targetId: itemId, before: { title: before.title }, after: input }, now);
    return (await content.findContent(manager, itemId))!;
  });
  return { item: opsItemOf(item) };
}

/**
 * Takes an item down now by this server's clock: a visible item's window ends now; a scheduled
 * one is given a window that closed as it opened, so that it never shows (its window's end may not
 * precede its start). An item whose window has already ended is left as it is. The audit keeps
 * the window it had.
 */
export async function takeDownContent(context: ServiceContext, operator: Operator, itemId: string): Promise<{ item: OpsContentItem }> {
  const now = context.now().getTime();
  const item = await runInTransaction(context.db, async (manager) => {
    const before = await content.findContent(manager, itemId, { lock: true });
    if (!before) throw notFound('This content item');
    if (before.visibleUntil !== null && before.visibleUntil <= now) return before;
    const window = before.visibleFrom >= now ? { visibleFrom: now - 1, visibleUntil: now } : { visibleFrom: before.visibleFrom, visibleUntil: now };
    await content.updateContentRow(manager, itemId, window, now);
    await recordAudit(
      manager,
      operator,
      {
        action: 'content.take_down',
        targetType: 'content',
        targetId: itemId,
        before: { title: before.title, visibleFrom: new Date(before.visibleFrom).toISOString(), visibleUntil: before.visibleUntil === null ? null : new Date(before.visibleUntil).toISOString() },
        after: { visibleFrom: new Date(window.visibleFrom).toISOString(), visibleUntil: new Date(window.visibleUntil).toISOString() },
      },
      now,
    );
    return (await content.findContent(manager, itemId))!;
  });
  return { item: opsItemOf(item) };
}

export async function listOpsContent(context: ServiceContext, query: { cursor?: string; limit: number }): Promise<Page<OpsContentItem>> {
  const page = await content.allContent(context.db.manager, query);
  return { items: page.items.map(opsItemOf), nextCursor: page.nextCursor };
}
