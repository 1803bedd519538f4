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

/** A day's board read straight from `daily_steps`: the source of truth and the fallback. */
export class DatabaseBoard {
  constructor(private readonly db: DataSource) {}

  async top(date: string, limit: number): Promise<RankedRow[]> {
    const rows: { user_id: number | string; steps: number; nickname: string }[] = await this.db.query(
      `SELECT d.user_id, d.steps, u.nickname FROM daily_steps d JOIN users u ON u.id = d.user_id
        WHERE d.date = ? ORDER BY ${BOARD_ORDER} LIMIT ?`,
      [date, limit],
    );
    return rows.map((row) => ({ userId: String(row.user_id), nickname: row.nickname, steps: Number(row.steps) }));
  }

  /** The user's 1-based place and steps, or null if they have no steps that day. */
  async rankOf(date: string, userId: string): Promise<{ rank: number; steps: number } | null> {
    const mine: { steps: number; reached_at: number | string }[] = await this.db.query(
      'SELECT steps, reached_at FROM daily_steps WHERE date = ? AND user_id = ?',
      [date, userId],
    );
    if (mine.length === 0) return null;
    const steps = Number(mine[0].steps);
    const reachedAt = Number(mine[0].reached_at);
    const ahead: { n: number | string }[] = await this.db.query(
      `SELECT COUNT(*) AS n FROM daily_steps d WHERE d.date = ?
         AND (d.steps > ? OR (d.steps = ? AND (d.reached_at < ? OR (d.reached_at = ? AND d.user_id > ?))))`,
      [date, steps, steps, reachedAt, reachedAt, userId],
    );
    return { rank: Number(ahead[0].n) + 1, steps };
  }

  /** Every entry of the day, for rebuilding the cache; streamed in pages to bound memory. */
  async *all(date: string, pageSize = 5000): AsyncGenerator<BoardRow[]> {
    let after = 0;
    for (;;) {
      const rows: { user_id: number | string; steps: number; reached_at: number | string }[] = await this.db.query(
        'SELECT user_id, steps, reached_at FROM daily_steps WHERE date = ? AND user_id > ? ORDER BY user_id LIMIT ?',
        [date, after, pageSize],
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
