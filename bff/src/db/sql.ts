import type { EntityManager } from 'typeorm';

/**
 * Dialect helpers shared by the access modules: the one place that knows how MySQL and SQLite
 * spell a list of placeholders or a filter built from optional parts.
 */

/** `?, ?, ?` for a list of values in `IN (...)`; callers must not pass an empty list. */
export function placeholders(values: readonly unknown[]): string {
  if (values.length === 0) throw new Error('an IN list needs at least one value');
  return values.map(() => '?').join(', ');
}

/** A filter assembled from optional conditions, each with its own parameters. */
export class Where {
  private readonly conditions: string[] = [];
  readonly params: unknown[] = [];

  /** Adds `condition` (with `?` placeholders for `params`) unless `when` is false. */
  and(condition: string, params: unknown[] = [], when = true): this {
    if (when) {
      this.conditions.push(condition);
      this.params.push(...params);
    }
    return this;
  }

  /** `WHERE a AND b`, or nothing when no condition was added. */
  toString(): string {
    return this.conditions.length > 0 ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

/** A `LIKE … ESCAPE '!'` pattern that finds `text` anywhere, its `%`, `_` and `!` matched as themselves. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** `SET a = ?, b = ?` from column → value pairs; an `undefined` value leaves its column alone. */
export function setClause(values: Record<string, unknown>): { sql: string; params: unknown[] } {
  const entries = Object.entries(values).filter(([, value]) => value !== undefined);
  return { sql: `SET ${entries.map(([column]) => `${column} = ?`).join(', ')}`, params: entries.map(([, value]) => value) };
}

/** Whether the connection is MySQL/MariaDB (row locks, server-side isolation levels). */
export function isMysql(manager: EntityManager): boolean {
  return manager.connection.options.type === 'mysql';
}

/** The cheapest statement that proves the database answers. */
export async function pingDatabase(manager: EntityManager): Promise<void> {
  await manager.query('SELECT 1');
}
