import { z } from 'zod';
import { CalendarDate, Cursor, Id, Instant, pageLimit } from './common.js';
import { LeaderboardScope } from './leaderboards.js';

/** Likes one user may give per minute; beyond it RATE_LIMITED. */
export const LIKES_PER_MINUTE = 60;

/**
 * One board entry to like or unlike: the liked user's row on the board of `scope` on `date`.
 * Only today's and yesterday's boards take likes, never the caller's own row.
 */
export const BoardLikeRequest = z.strictObject({
  date: CalendarDate,
  scope: LeaderboardScope.default('global'),
  userId: Id,
});
/** The same entry, named in the query of `DELETE /leaderboards/daily/likes`. */
export const BoardUnlikeQuery = BoardLikeRequest;

export const BoardLikeResponse = z.object({
  like: z.object({
    date: CalendarDate,
    scope: LeaderboardScope,
    userId: Id,
    /** Likes of the entry after this call. */
    likes: z.number().int().min(0),
    likedByMe: z.boolean(),
  }),
});

export const MyLikesQuery = z.strictObject({
  date: CalendarDate.optional(),
  cursor: Cursor.optional(),
  limit: pageLimit(20, 100),
});

export const ReceivedLike = z
  .object({
    userId: Id,
    nickname: z.string(),
    avatarUrl: z.string().nullable(),
    /** The board the like was given on. */
    scope: LeaderboardScope,
    likedAt: Instant,
  })
  .meta({ id: 'ReceivedLike' });

/** Who liked the caller's entries on a day, newest first; `total` counts every page. */
export const MyLikesResponse = z.object({
  date: CalendarDate,
  total: z.number().int().min(0),
  items: z.array(ReceivedLike),
  nextCursor: z.string().nullable(),
});

export type BoardLikeRequest = z.infer<typeof BoardLikeRequest>;
export type BoardLikeResponse = z.infer<typeof BoardLikeResponse>;
export type ReceivedLike = z.infer<typeof ReceivedLike>;
export type MyLikesResponse = z.infer<typeof MyLikesResponse>;
