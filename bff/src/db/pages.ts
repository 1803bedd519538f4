import { validationFailed } from '../errors.js';

/** One page of a list and the cursor of the next one (null on the last page). */
export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

/** The sort key of a list's last row: what the next page continues after. */
export type SortKey = (string | number)[];

/**
 * An opaque cursor: the base64url of the JSON sort key. Clients pass it back unchanged; the
 * format may change without breaking them.
 */
export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The sort key inside a cursor, checked against the list's key shape ('n' an integer, 's' a
 * string); a cursor that is not one of ours answers VALIDATION_FAILED, never a database error.
 */
export function decodeCursor(cursor: string | undefined, shape: ('n' | 's')[]): SortKey | null {
  if (cursor === undefined || cursor === '') return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const fits =
    Array.isArray(key) &&
    key.length === shape.length &&
    key.every((part, index) =>
      shape[index] === 'n' ? Number.isSafeInteger(part) && (part as number) >= 0 : typeof part === 'string' && part.length <= 64,
    );
  if (!fits) throw validationFailed('cursor is not one this list gave out', [{ path: 'cursor', message: 'must be a cursor from a previous page' }]);
  return key as SortKey;
}

/**
 * One page from rows fetched with `LIMIT limit + 1`: the extra row only says that another page
 * follows, and the cursor is the sort key of the page's last row.
 */
export function keysetPage<Row, Item>(rows: Row[], limit: number, present: (row: Row) => Item, keyOf: (row: Row) => SortKey): Page<Item> {
  const page = rows.slice(0, limit);
  return { items: page.map(present), nextCursor: rows.length > limit ? encodeCursor(keyOf(page[page.length - 1])) : null };
}
