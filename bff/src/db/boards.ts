import type { DataSource } from 'typeorm';
import { campaignExists } from './campaigns.js';
import { communityExists } from './communities.js';
import { idOf, int, type Raw } from './rows.js';
import { nicknamesOf } from './users.js';

export interface BoardRow {
  userId: string;
  steps: number;
  reachedAt: number;
}

export interface RankedRow {
  userId: string;
  nickname: string;
  steps: number;
}

/** The same ordering the Redis score encodes (see leaderboard/score.ts). */
const BOARD_ORDER = 'd.steps DESC, d.reached_at ASC, d.user_id DESC';

/**
 * Where a scope's entries of a day live, as SQL over a table aliased `d` with `user_id`, `date`,
 * `steps` and `reached_at`: the global board is every day row, a community's board the day rows
 * of its current members, a campaign's board the days the campaign applied to.
 */
function scoped(scope: string, date: string): { from: string; where: string; params: unknown[] } {
  const [kind, id] = scope.split(':');
  if (kind === 'community') {
    return {
      from: 'daily_steps d JOIN community_members m ON m.user_id = d.user_id AND m.community_id = ?',
      where: 'd.date = ?',
      params: [id, date],
    };
  }
  if (kind === 'campaign') return { from: 'campaign_days d', where: 'd.campaign_id = ? AND d.date = ?', params: [id, date] };
  return { from: 'daily_steps d', where: 'd.date = ?', params: [date] };
}

/** A day's board read straight from `daily_steps`: the source of truth and the fallback. */
export class DatabaseBoard {
  constructor(private readonly db: DataSource) {}

  async top(date: string, scope: string, limit: number): Promise<RankedRow[]> {
    const { from, where, params } = scoped(scope, date);
    const rows: { user_id: Raw; steps: Raw; nickname: string }[] = await this.db.query(
      `SELECT d.user_id, d.steps, u.nickname FROM ${from} JOIN users u ON u.id = d.user_id
        WHERE ${where} ORDER BY ${BOARD_ORDER} LIMIT ?`,
      [...params, limit],
    );
    return rows.map((row) => ({ userId: idOf(row.user_id), nickname: row.nickname, steps: int(row.steps) }));
  }

  /** The user's 1-based place and steps, or null if they have no steps that day. */
  async rankOf(date: string, scope: string, userId: string): Promise<{ rank: number; steps: number } | null> {
    const { from, where, params } = scoped(scope, date);
    const mine: { steps: Raw; reached_at: Raw }[] = await this.db.query(
      `SELECT d.steps, d.reached_at FROM ${from} WHERE ${where} AND d.user_id = ?`,
      [...params, userId],
    );
    if (mine.length === 0) return null;
    const steps = int(mine[0].steps);
    const reachedAt = int(mine[0].reached_at);
    const ahead: { n: Raw }[] = await this.db.query(
      `SELECT COUNT(*) AS n FROM ${from} WHERE ${where}
         AND (d.steps > ? OR (d.steps = ? AND (d.reached_at < ? OR (d.reached_at = ? AND d.user_id > ?))))`,
      [...params, steps, steps, reachedAt, reachedAt, userId],
    );
    return { rank: int(ahead[0].n) + 1, steps };
  }

  /** Whether the user has an entry on the board of `scope` on `date`. */
  async hasEntry(date: string, scope: string, userId: string): Promise<boolean> {
    const { from, where, params } = scoped(scope, date);
    const rows: unknown[] = await this.db.query(`SELECT 1 AS found FROM ${from} WHERE ${where} AND d.user_id = ?`, [...params, userId]);
    return rows.length > 0;
  }

  /** Every entry of the day, for rebuilding the cache; streamed in pages to bound memory. */
  async *all(date: string, scope: string, pageSize = 5000): AsyncGenerator<BoardRow[]> {
    const { from, where, params } = scoped(scope, date);
    let after = 0;
    for (;;) {
      const rows: { user_id: Raw; steps: Raw; reached_at: Raw }[] = await this.db.query(
        `SELECT d.user_id, d.steps, d.reached_at FROM ${from} WHERE ${where} AND d.user_id > ? ORDER BY d.user_id LIMIT ?`,
        [...params, after, pageSize],
      );
      if (rows.length === 0) return;
      yield rows.map((row) => ({ userId: idOf(row.user_id), steps: int(row.steps), reachedAt: int(row.reached_at) }));
      after = int(rows[rows.length - 1].user_id);
      if (rows.length < pageSize) return;
    }
  }

  nicknames(userIds: string[]): Promise<Map<string, string>> {
    return nicknamesOf(this.db.manager, userIds);
  }

  /** Whether a scope names a board that exists: the global one, or an existing community's or campaign's. */
  async scopeExists(scope: string): Promise<boolean> {
    const [kind, id] = scope.split(':');
    if (kind === 'community') return communityExists(this.db.manager, id);
    if (kind === 'campaign') return campaignExists(this.db.manager, id);
    return true;
  }
}
