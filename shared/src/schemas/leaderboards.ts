import { z } from 'zod';
import { CalendarDate, Id, isId, pageLimit } from './common.js';

/** `global`, `community:<id>` or `campaign:<id>`. */
export const LeaderboardScope = z
  .string()
  .regex(/^(global|community:[1-9]\d{0,18}|campaign:[1-9]\d{0,18})$/, { message: 'must be global, community:<id> or campaign:<id>', abort: true })
  .refine((scope) => scope === 'global' || isId(scope.slice(scope.indexOf(':') + 1)), 'names an id past the largest id');

export const DailyLeaderboardQuery = z.strictObject({
  date: CalendarDate.optional(),
  scope: LeaderboardScope.default('global'),
  limit: pageLimit(50, 1000),
});

export const LeaderboardEntry = z.object({
  rank: z.number().int().min(1),
  userId: Id,
  nickname: z.string(),
  steps: z.number().int(),
});

/** A board entry as the board answers it: with its likes of the day and whether the caller gave one. */
export const LikedLeaderboardEntry = LeaderboardEntry.extend({
  likes: z.number().int().min(0),
  likedByMe: z.boolean(),
  /** A fan member: shown with a badge beside the name. */
  member: z.boolean().optional(),
});

export const DailyLeaderboardResponse = z.object({
  date: CalendarDate,
  scope: LeaderboardScope,
  entries: z.array(LikedLeaderboardEntry),
  me: z.object({ rank: z.number().int().min(1), steps: z.number().int(), likes: z.number().int().min(0) }).nullable(),
  source: z.enum(['cache', 'database']),
});

export type DailyLeaderboardQuery = z.infer<typeof DailyLeaderboardQuery>;
export type LeaderboardEntry = z.infer<typeof LeaderboardEntry>;
export type LikedLeaderboardEntry = z.infer<typeof LikedLeaderboardEntry>;
export type DailyLeaderboardResponse = z.infer<typeof DailyLeaderboardResponse>;
