/**
 * How a leaderboard entry is packed into one Redis sorted-set score.
 *
 * Scores are IEEE doubles, exact for integers below 2^53. The high 17 bits hold the day's steps
 * (at most 131,071, so the implausible limit is capped there) and the low 36 bits hold the time
 * the count was reached, stored inverted so that reaching a count earlier gives a larger score:
 *
 *   score = steps × 2^36 + (2^36 − 1 − msSinceBase)
 *
 * `msSinceBase` counts milliseconds from 14 hours before the day's midnight UTC (the earliest
 * midnight of any time zone), and 2^36 ms is about 795 days, far beyond the two days a date
 * can be synced. Higher steps always win; equal steps rank the earlier user higher; exactly
 * equal scores fall back to Redis' reverse-lexicographic member order, which the database
 * fallback copies by ranking the higher user id first.
 */

const TIME_BITS = 2 ** 36;
export const MAX_BOARD_STEPS = 131_071;

function dayBase(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - 14 * 3600_000;
}

export function encodeScore(date: string, steps: number, reachedAt: number): number {
  if (!Number.isSafeInteger(steps) || steps < 0 || steps > MAX_BOARD_STEPS) throw new RangeError(`steps out of range: ${steps}`);
  const offset = Math.min(Math.max(reachedAt - dayBase(date), 0), TIME_BITS - 1);
  return steps * TIME_BITS + (TIME_BITS - 1 - offset);
}

export function stepsFromScore(score: number): number {
  return Math.floor(score / TIME_BITS);
}

/** Members are zero-padded user ids so that Redis' tie order is the numeric order. */
export function memberFor(userId: string): string {
  return userId.padStart(12, '0');
}

export function userIdFromMember(member: string): string {
  return member.replace(/^0+/, '');
}
