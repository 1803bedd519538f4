import { z } from 'zod';
import { blockOfText, Cursor, Id, Instant, pageLimit, plainLineBreaks, showsAsSent, showsSomething } from './common.js';
import { MediaUrl } from './media.js';
import { MAX_COMMENT_TEXT, MAX_POST_IMAGES, MAX_POST_TEXT } from '../rules/posts.js';

export { COMMENTS_PER_MINUTE, HOT_WINDOW_MS, MAX_COMMENT_TEXT, MAX_POST_IMAGES, MAX_POST_TEXT, POSTS_PER_MINUTE, REPLIES_PER_COMMENT } from '../rules/posts.js';

/** Text counted in code points, so that one emoji or CJK character is one character. */
const text = (max: number) =>
  z
    .string()
    .overwrite(plainLineBreaks)
    .trim()
    .min(1, 'must not be empty')
    .refine((value) => [...value].length <= max, `must be at most ${max} characters`)
    .refine(showsAsSent, 'must not hold control characters (but tabs and line breaks) or direction marks')
    // An empty value is already refused by `min`: one reason per mistake.
    .refine((value) => value === '' || showsSomething(value), 'must hold a character that shows');

/** visible: in feeds; held: a filtered word sent it to review first; hidden: by an operator; deleted. */
export const POST_STATUSES = ['visible', 'held', 'hidden', 'deleted'] as const;
export const FEED_SORTS = ['new', 'hot'] as const;

export const PostCardInput = z.strictObject({ kind: z.enum(['event', 'offer']), id: Id });

export const PostCard = z
  .object({
    kind: z.enum(['event', 'offer']),
    id: Id,
    title: z.string(),
    /** Event: its start; offer: its price in coins, as text the card shows. */
    subtitle: z.string(),
    startsAt: Instant.nullable(),
    priceCoins: z.number().int().nullable(),
    imageUrl: z.string().nullable(),
  })
  .meta({ id: 'PostCard' });

export const PostAuthor = z
  .object({
    kind: z.enum(['user', 'merchant']),
    id: Id,
    name: z.string(),
    avatarUrl: z.string().nullable(),
  })
  .meta({ id: 'PostAuthor' });

export const Post = z
  .object({
    id: Id,
    communityId: Id,
    communityName: z.string(),
    author: PostAuthor,
    text: z.string(),
    images: z.array(z.string()),
    card: PostCard.nullable(),
    likes: z.number().int().min(0),
    comments: z.number().int().min(0),
    likedByMe: z.boolean(),
    /** Whether the caller may delete it: its author, a moderator of its community. */
    canDelete: z.boolean(),
    status: z.enum(POST_STATUSES),
    createdAt: Instant,
  })
  .meta({ id: 'Post' });

export const CreatePostRequest = z.strictObject({
  text: text(MAX_POST_TEXT),
  images: z.array(MediaUrl).max(MAX_POST_IMAGES, `at most ${MAX_POST_IMAGES} images`).default([]),
  card: PostCardInput.nullable().optional(),
});
export const MerchantPostRequest = z.strictObject({
  text: text(MAX_POST_TEXT),
  images: z.array(MediaUrl).max(MAX_POST_IMAGES, `at most ${MAX_POST_IMAGES} images`).default([]),
  /** One of this merchant's live offers, shown as a card. */
  offerId: Id.optional(),
});

export const FeedQuery = z.strictObject({
  sort: z.enum(FEED_SORTS).default('new'),
  cursor: Cursor.optional(),
  limit: pageLimit(20, 50),
});
/** A merchant's own posts, newest first. */
export const MerchantPostsQuery = z.strictObject({ cursor: Cursor.optional(), limit: pageLimit(20, 50) });
export const FeedResponse = z.object({ items: z.array(Post), nextCursor: z.string().nullable() });
export const PostResponse = z.object({ post: Post });
export const PostDeletedResponse = z.object({ id: Id, status: z.literal('deleted') });

export const PostLikeResponse = z.object({ like: z.object({ postId: Id, likes: z.number().int().min(0), likedByMe: z.boolean() }) });

export const Reply = z
  .object({
    id: Id,
    postId: Id,
    parentId: Id.nullable(),
    author: PostAuthor,
    text: z.string(),
    canDelete: z.boolean(),
    createdAt: Instant,
  })
  .meta({ id: 'Reply' });
export const Comment = Reply.extend({ replies: z.array(Reply), replyCount: z.number().int().min(0) }).meta({ id: 'Comment' });

export const CreateCommentRequest = z.strictObject({ text: text(MAX_COMMENT_TEXT), replyTo: Id.optional() });
export const CommentsQuery = z.strictObject({ cursor: Cursor.optional(), limit: pageLimit(20, 50) });
export const CommentsResponse = z.object({ items: z.array(Comment), nextCursor: z.string().nullable(), total: z.number().int().min(0) });
export const CommentResponse = z.object({ comment: Reply, comments: z.number().int().min(0) });

export const REPORT_REASONS = ['spam', 'abuse', 'porn', 'illegal', 'other'] as const;
export const ReportRequest = z.strictObject({ reason: z.enum(REPORT_REASONS), note: blockOfText(200).optional() });
export const ReportResponse = z.object({ reported: z.literal(true) });

export const PostImageResponse = z.object({ image: z.object({ url: MediaUrl, width: z.number().int(), height: z.number().int() }) });

export type Post = z.infer<typeof Post>;
export type PostAuthor = z.infer<typeof PostAuthor>;
export type PostCard = z.infer<typeof PostCard>;
export type Reply = z.infer<typeof Reply>;
export type Comment = z.infer<typeof Comment>;
export type CreatePostRequest = z.infer<typeof CreatePostRequest>;
export type FeedQuery = z.infer<typeof FeedQuery>;
export type PostStatus = (typeof POST_STATUSES)[number];
