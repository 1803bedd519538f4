/**
 * One page of a keyset-paginated list, from rows fetched with `LIMIT limit + 1`: the extra row
 * only says that another page follows, and the cursor is the key of the page's last row.
 */
export function keysetPage<Row, Item>(
  rows: Row[],
  limit: number,
  present: (row: Row) => Item,
  keyOf: (row: Row) => number | string,
): { items: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { items: page.map(present), nextCursor: rows.length > limit ? String(keyOf(page[page.length - 1])) : null };
}
