import type { DataSource } from 'typeorm';

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

/** The same ordering the Redis score encodes (see score.ts). */
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
    const rows: { user_id: number | string; steps: number; nickname: string }[] = await this.db.query(
      `SELECT d.user_id, d.steps, u.nickname FROM ${from} JOIN users u ON u.id = d.user_id
        WHERE ${where} ORDER BY ${BOARD_ORDER} LIMIT ?`,
      [...params, limit],
    );
    return rows.map((row) => ({ userId: String(row.user_id), nickname: row.nickname, steps: Number(row.steps) }));
  }

  /** The user's 1-based place and steps, or null if they have no steps that day. */
  async rankOf(date: string, scope: string, userId: string): Promise<{ rank: number; steps: number } | null> {
    const { from, where, params } = scoped(scope, date);
    const mine: { steps: number; reached_at: number | string }[] = await this.db.query(
      `SELECT d.steps, d.reached_at FROM ${from} WHERE ${where} AND d.user_id = ?`,
      [...params, userId],
    );
    if (mine.length === 0) return null;
    const steps = Number(mine[0].steps);
    const reachedAt = Number(mine[0].reached_at);
    const ahead: { n: number | string }[] = await this.db.query(
      `SELECT COUNT(*) AS n FROM ${from} WHERE ${where}
         AND (d.steps > ? OR (d.steps = ? AND (d.reached_at < ? OR (d.reached_at = ? AND d.user_id > ?))))`,
      [...params, steps, steps, reachedAt, reachedAt, userId],
    );
    return { rank: Number(ahead[0].n) + 1, steps };
  }

  /** Every entry of the day, for rebuilding the cache; streamed in pages to bound memory. */
  async *all(date: string, scope: string, pageSize = 5000): AsyncGenerator<BoardRow[]> {
    const { from, where, params } = scoped(scope, date);
    let after = 0;
    for (;;) {
      const rows: { user_id: number | string; steps: number; reached_at: number | string }[] = await this.db.query(
        `SELECT d.user_id, d.steps, d.reached_at FROM ${from} WHERE ${where} AND d.user_id > ? ORDER BY d.user_id LIMIT ?`,
        [...params, after, pageSize],
      );
      if (rows.length === 0) return;
      yield rows.map((row) => ({ userId: String(row.user_id), steps: Number(row.steps), reachedAt: Number(row.reached_at) }));
      after = Number(rows[rows.length - 1].user_id);
      if (rows.length < pageSize) return;
    }
  }

  async nicknames(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows: { id: number | string; nickname: string }[] = await this.db.query(
      `SELECT id, nickname FROM users WHERE id IN (${userIds.map(() => '?').join(', ')})`,
      userIds,
    );
    return new Map(rows.map((row) => [String(row.id), row.nickname]));
  }
}
