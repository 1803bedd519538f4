import type { EntityManager } from 'typeorm';
import { idOf, int, type Raw } from './rows.js';
import { deferWrite, type Read } from './statement-batch.js';

/** A user's day: the best count so far, when it was reached, and the coins it has paid. */
export interface DayRecord {
  steps: number;
  /** Epoch ms the count was first reached: the leaderboards' tie-break. */
  reachedAt: number;
  calories: number;
  coinsCredited: number;
  bonusCoins: number;
}

/** A user's day, read in the caller's transaction (the caller holds the user's row lock when it will write). */
export async function findDay(manager: EntityManager, userId: string, date: string): Promise<DayRecord | null> {
  const rows: { steps: Raw; reached_at: Raw; calories: Raw; coins_credited: Raw; bonus_coins: Raw }[] = await manager.query(
    'SELECT steps, reached_at, calories, coins_credited, bonus_coins FROM daily_steps WHERE user_id = ? AND date = ?',
    [userId, date],
  );
  const row = rows[0];
  if (!row) return null;
  return { steps: int(row.steps), reachedAt: int(row.reached_at), calories: int(row.calories), coinsCredited: int(row.coins_credited), bonusCoins: int(row.bonus_coins) };
}

/**
 * A user's day and the communities they belong to, in one statement (a sync needs both, and each
 * statement is a round trip): a plain read, made after the caller locked the user's row.
 */
export function dayWithCommunities(userId: string, date: string): Read<{ day: DayRecord | null; communityIds: Set<string> }> {
  // One row for the day (kind 0, if any) and one per community (kind 1): no list is cut to a
  // length limit, as GROUP_CONCAT's is on MySQL, TiDB and OceanBase.
  return {
    sql: `SELECT 0 AS kind, d.steps AS a, d.reached_at AS b, d.calories AS c, d.coins_credited AS e, d.bonus_coins AS f
            FROM daily_steps d WHERE d.user_id = ? AND d.date = ?
          UNION ALL
          SELECT 1 AS kind, m.community_id AS a, NULL AS b, NULL AS c, NULL AS e, NULL AS f
            FROM community_members m WHERE m.user_id = ?`,
    parameters: [userId, date, userId],
    parse(rows: { kind: Raw; a: Raw; b: Raw | null; c: Raw | null; e: Raw | null; f: Raw | null }[]) {
      let day: DayRecord | null = null;
      const communityIds = new Set<string>();
      for (const row of rows) {
        if (int(row.kind) === 1) communityIds.add(idOf(row.a));
        else day = { steps: int(row.a), reachedAt: int(row.b), calories: int(row.c), coinsCredited: int(row.e), bonusCoins: int(row.f) };
      }
      return { day, communityIds };
    },
  };
}

/** Writes a day's count and base coins: inserts the day's first row, or updates the existing one. */
export async function saveDay(
  manager: EntityManager,
  day: { userId: string; date: string; steps: number; reachedAt: number; calories: number; coinsCredited: number; exists: boolean },
  now: number,
): Promise<void> {
  if (!day.exists) {
    await deferWrite(
      manager,
      'INSERT INTO daily_steps (user_id, date, steps, reached_at, calories, coins_credited, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [day.userId, day.date, day.steps, day.reachedAt, day.calories, day.coinsCredited, now],
    );
  } else {
    await deferWrite(
      manager,
      'UPDATE daily_steps SET steps = ?, reached_at = ?, calories = ?, coins_credited = ?, updated_at = ? WHERE user_id = ? AND date = ?',
      [day.steps, day.reachedAt, day.calories, day.coinsCredited, now, day.userId, day.date],
    );
  }
}

export async function setBonusCoins(manager: EntityManager, userId: string, date: string, bonusCoins: number): Promise<void> {
  await deferWrite(manager, 'UPDATE daily_steps SET bonus_coins = ? WHERE user_id = ? AND date = ?', [bonusCoins, userId, date]);
}

/** How many users synced on a date, and their steps in all. */
export async function dayTotals(manager: EntityManager, date: string): Promise<{ users: number; steps: number }> {
  const rows: { users: Raw; steps: Raw }[] = await manager.query('SELECT COUNT(*) AS users, COALESCE(SUM(steps), 0) AS steps FROM daily_steps WHERE date = ?', [
    date,
  ]);
  return { users: int(rows[0].users), steps: int(rows[0].steps) };
}
