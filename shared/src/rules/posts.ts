/** Limits of community posts, shared by the BFF's schemas and the mini-program's composer (no zod here: the mini-program bundles it). */

/** The longest post or comment text, in characters (code points). */
export const MAX_POST_TEXT = 1000;
export const MAX_COMMENT_TEXT = 500;
/** The most images one post carries. */
export const MAX_POST_IMAGES = 9;
/** Posts and comments one user may write per minute by default; beyond it RATE_LIMITED. */
export const POSTS_PER_MINUTE = 5;
export const COMMENTS_PER_MINUTE = 20;
/** "Hot this week" ranks the posts of the last seven days by their likes. */
export const HOT_WINDOW_MS = 7 * 24 * 3600_000;
/** Replies shown under each comment of a page; `replyCount` says how many there are. */
export const REPLIES_PER_COMMENT = 50;

/** Text length as the limits count it: code points, so one emoji or CJK character is one. */
export function textLength(text: string): number {
  return [...text.trim()].length;
}
