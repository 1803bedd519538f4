import { z } from 'zod';
import { Cursor, Id, Instant, lineOfText, pageLimit, plainLineBreaks, showsAsSent } from './common.js';
import { MediaUrl } from './media.js';

/** Sections of the sports content channel; an item carries one to five of them. */
export const CONTENT_TAGS = ['nba', 'cba', 'football', 'running', 'swimming', 'fitness', 'cycling', 'hiking', 'yoga', 'badminton', 'table_tennis'] as const;
export const ContentTag = z.enum(CONTENT_TAGS);

/** An article has a rich-text body; a video item plays a video from an https URL. */
export const CONTENT_KINDS = ['article', 'video'] as const;

/** The longest article body accepted, in characters of HTML before it is sanitized. */
export const MAX_CONTENT_BODY = 20_000;

/** A video URL: https only, so the player never mixes insecure content into the page. */
export const VideoUrl = z
  .string()
  .max(512)
  .url()
  .refine((url) => url.startsWith('https://'), 'must be an https:// URL');

const ContentFields = {
  title: lineOfText(80),
  coverUrl: MediaUrl.nullable().default(null),
  kind: z.enum(CONTENT_KINDS),
  /** Rich text (HTML); kept safe by the server, which drops scripts, handlers and unknown tags. */
  body: z.string().overwrite(plainLineBreaks).max(MAX_CONTENT_BODY).refine(showsAsSent, 'must not hold control characters (but tabs and line breaks) or direction marks').nullable().default(null),
  videoUrl: VideoUrl.nullable().default(null),
  tags: z.array(ContentTag).min(1).max(5),
  /** When the item appears; unset = now. */
  visibleFrom: Instant.optional(),
  /** When it disappears; null = never. */
  visibleUntil: Instant.nullable().default(null),
  membersOnly: z.boolean().default(false),
};

function hasPayload(item: { kind?: string; body?: string | null; videoUrl?: string | null }): boolean {
  if (item.kind === 'article') return typeof item.body === 'string' && item.body.trim().length > 0;
  if (item.kind === 'video') return typeof item.videoUrl === 'string';
  return true;
}

function validWindow(item: { visibleFrom?: string; visibleUntil?: string | null }): boolean {
  return !item.visibleFrom || !item.visibleUntil || Date.parse(item.visibleUntil) > Date.parse(item.visibleFrom);
}

export const CreateContentRequest = z
  .strictObject(ContentFields)
  .refine(hasPayload, { message: 'an article needs a body, a video needs a videoUrl', path: ['body'] })
  .refine(validWindow, { message: 'visibleUntil must be after visibleFrom', path: ['visibleUntil'] });

/** Any field of an item; the result must still be a whole item. */
export const UpdateContentRequest = z
  .strictObject({
    title: ContentFields.title,
    coverUrl: MediaUrl.nullable(),
    body: z.string().overwrite(plainLineBreaks).max(MAX_CONTENT_BODY).refine(showsAsSent, 'must not hold control characters (but tabs and line breaks) or direction marks').nullable(),
    videoUrl: VideoUrl.nullable(),
    tags: ContentFields.tags,
    visibleFrom: Instant,
    visibleUntil: Instant.nullable(),
    membersOnly: z.boolean(),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'change at least one field')
  .refine(validWindow, { message: 'visibleUntil must be after visibleFrom', path: ['visibleUntil'] });

/** An item as a list shows it: no body, and `locked` when it is for members and the caller is not one. */
export const ContentCard = z
  .object({
    id: Id,
    title: z.string(),
    coverUrl: z.string().nullable(),
    kind: z.enum(CONTENT_KINDS),
    tags: z.array(ContentTag),
    /** The first words of an article's text, without markup. */
    excerpt: z.string(),
    membersOnly: z.boolean(),
    locked: z.boolean(),
    likes: z.number().int().min(0),
    views: z.number().int().min(0),
    visibleFrom: Instant,
    visibleUntil: Instant.nullable(),
  })
  .meta({ id: 'ContentCard' });

/** One item: the sanitized body or the video URL, both null while `locked`. */
export const ContentDetail = ContentCard.extend({
  body: z.string().nullable(),
  videoUrl: z.string().nullable(),
  likedByMe: z.boolean(),
}).meta({ id: 'ContentDetail' });

export const ContentListQuery = z.strictObject({
  tag: ContentTag.optional(),
  cursor: Cursor.optional(),
  limit: pageLimit(20, 50),
});

export const ContentListResponse = z.object({ items: z.array(ContentCard), nextCursor: z.string().nullable() });
export const ContentChannelResponse = z.object({
  sections: z.array(z.object({ tag: ContentTag, items: z.array(ContentCard), nextCursor: z.string().nullable() })),
});
export const ContentDetailResponse = z.object({ item: ContentDetail });
export const ContentLikeResponse = z.object({ like: z.object({ itemId: Id, likes: z.number().int().min(0), likedByMe: z.boolean() }) });

/** An item as operators see it, with its whole window and payload. */
export const OpsContentItem = ContentCard.extend({ body: z.string().nullable(), videoUrl: z.string().nullable(), createdAt: Instant }).meta({
  id: 'OpsContentItem',
});
export const OpsContentQuery = z.strictObject({ cursor: Cursor.optional(), limit: pageLimit(20, 100) });
export const OpsContentResponse = z.object({ item: OpsContentItem });
export const OpsContentListResponse = z.object({ items: z.array(OpsContentItem), nextCursor: z.string().nullable() });

/** Fan membership: bought with coins for a number of days, renewed from its current end. */
export const MEMBERSHIP_PRICE_COINS = 300;
export const MEMBERSHIP_DAYS = 30;

export const Membership = z
  .object({
    active: z.boolean(),
    /** When the membership ends (or ended); null for a user who never had one. */
    endsAt: Instant.nullable(),
    priceCoins: z.number().int(),
    days: z.number().int(),
  })
  .meta({ id: 'Membership' });
export const MembershipResponse = z.object({ membership: Membership });
/** No fields: the price and the length are the programme's. */
export const BuyMembershipRequest = z.strictObject({}).optional();
export const BuyMembershipResponse = z.object({ membership: Membership, balance: z.number().int() });

export type ContentTag = z.infer<typeof ContentTag>;
export type CreateContentRequest = z.infer<typeof CreateContentRequest>;
export type UpdateContentRequest = z.infer<typeof UpdateContentRequest>;
export type ContentCard = z.infer<typeof ContentCard>;
export type ContentDetail = z.infer<typeof ContentDetail>;
export type OpsContentItem = z.infer<typeof OpsContentItem>;
export type Membership = z.infer<typeof Membership>;
