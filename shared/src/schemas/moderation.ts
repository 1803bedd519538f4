import { z } from 'zod';
import { Cursor, Id, Instant, lineOfText, pageLimit } from './common.js';
import { PostAuthor } from './posts.js';

/** block: refused when written; review: published only after an operator restores it; allow: a fine word that contains a blocked one. */
export const WORD_ACTIONS = ['block', 'review', 'allow'] as const;
export const MODERATION_STATUSES = ['open', 'closed'] as const;
export const MODERATION_ACTIONS = ['hide', 'restore', 'warn', 'freeze'] as const;

export const ModerationCase = z
  .object({
    id: Id,
    targetType: z.enum(['post', 'comment']),
    targetId: Id,
    postId: Id,
    communityId: Id,
    author: PostAuthor,
    text: z.string(),
    images: z.array(z.string()),
    /** Where the item stands now: visible, held, hidden or deleted. */
    targetStatus: z.string(),
    /** Why it is in the queue: reports from users and/or words the filter matched. */
    reports: z.number().int().min(0),
    reasons: z.array(z.string()),
    matchedWords: z.array(z.string()),
    /** Warnings the author has had, all time. */
    authorWarnings: z.number().int().min(0),
    authorFrozen: z.boolean(),
    status: z.enum(MODERATION_STATUSES),
    lastAction: z.enum(MODERATION_ACTIONS).nullable(),
    openedAt: Instant,
  })
  .meta({ id: 'ModerationCase' });

export const ModerationQuery = z.strictObject({
  status: z.enum(MODERATION_STATUSES).default('open'),
  cursor: Cursor.optional(),
  limit: pageLimit(20, 100),
});
export const ModerationQueueResponse = z.object({ items: z.array(ModerationCase), nextCursor: z.string().nullable(), open: z.number().int().min(0) });
export const ModerationActionRequest = z.strictObject({ reason: lineOfText(200) });
export const ModerationCaseResponse = z.object({ case: ModerationCase });

export const SensitiveWord = z
  .object({ id: Id, word: z.string(), action: z.enum(WORD_ACTIONS), createdAt: Instant })
  .meta({ id: 'SensitiveWord' });
export const SensitiveWordsQuery = z.strictObject({ cursor: Cursor.optional(), limit: pageLimit(100, 500) });
export const SensitiveWordsResponse = z.object({ version: z.number().int(), items: z.array(SensitiveWord), nextCursor: z.string().nullable() });
export const AddSensitiveWordsRequest = z.strictObject({
  words: z.array(lineOfText(40)).min(1).max(200),
  action: z.enum(WORD_ACTIONS).default('block'),
});
export const SensitiveWordsChangedResponse = z.object({ version: z.number().int(), added: z.number().int().min(0) });

/** An open case on a visible post or comment of a community, as its moderators see it. */
export const CommunityReport = z
  .object({
    id: Id,
    targetType: z.enum(['post', 'comment']),
    targetId: Id,
    postId: Id,
    author: PostAuthor,
    text: z.string(),
    images: z.array(z.string()),
    /** How many users reported it, and for which reasons (none for an item only the word filter matched). */
    reports: z.number().int().min(0),
    reasons: z.array(z.string()),
    openedAt: Instant,
  })
  .meta({ id: 'CommunityReport' });
export const CommunityReportsQuery = z.strictObject({ cursor: Cursor.optional(), limit: pageLimit(20, 100) });
export const CommunityReportsResponse = z.object({ items: z.array(CommunityReport), nextCursor: z.string().nullable() });

/** A warning an operator gave the caller, with the operator's reason. */
export const UserWarning = z.object({ id: Id, reason: z.string(), createdAt: Instant }).meta({ id: 'UserWarning' });
/** How many unseen warnings `GET /me/warnings` lists at most (newest first). */
export const MAX_LISTED_WARNINGS = 20;
export const MyWarningsResponse = z.object({
  /** Warnings not yet marked seen, newest first. */
  items: z.array(UserWarning),
  /** Whether the caller is frozen: they cannot post, comment, like or upload. */
  frozen: z.boolean(),
});
export const SeenWarningsRequest = z.strictObject({ ids: z.array(Id).min(1).max(MAX_LISTED_WARNINGS) });
export const SeenWarningsResponse = z.object({ seen: z.number().int().min(0) });

export const ModeratorRequest = z.strictObject({ userId: Id });
export const ModeratorsResponse = z.object({ items: z.array(PostAuthor) });

export type ModerationCase = z.infer<typeof ModerationCase>;
export type CommunityReport = z.infer<typeof CommunityReport>;
export type UserWarning = z.infer<typeof UserWarning>;
export type SensitiveWord = z.infer<typeof SensitiveWord>;
export type WordAction = (typeof WORD_ACTIONS)[number];
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];
