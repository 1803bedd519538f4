/**
 * Conversions from what the drivers return to domain values, used by every access module's row
 * mapper: mysql2 returns BIGINT and COUNT(*) as strings and booleans as 0/1, SQLite numbers.
 */

export type Raw = number | string | bigint;

/** Row ids travel as decimal strings, so that they never lose precision. */
export function idOf(value: Raw): string {
  return String(value);
}

export function idOrNull(value: Raw | null): string | null {
  return value === null ? null : String(value);
}

/** Coins, steps, counts and epoch milliseconds: safe integers. */
export function int(value: Raw | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

export function intOrNull(value: Raw | null): number | null {
  return value === null ? null : Number(value);
}

/** An epoch-milliseconds column as an ISO 8601 instant. */
export function isoTime(value: Raw): string {
  return new Date(Number(value)).toISOString();
}

export function isoTimeOrNull(value: Raw | null): string | null {
  return value === null ? null : isoTime(value);
}

export function bool(value: number | boolean | string): boolean {
  return value === true || Number(value) === 1;
}

/** A JSON text column. */
export function json<T>(value: string | null): T | null {
  return value === null ? null : (JSON.parse(value) as T);
}
