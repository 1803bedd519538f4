import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { decodeCursor, encodeCursor, keysetPage } from './pages.js';

describe('keyset pages', () => {
  it('gives the next page the last row’s sort key, and no cursor on the last page', () => {
    const rows = [{ id: 9 }, { id: 7 }, { id: 4 }];
    const first = keysetPage(rows, 2, (row) => String(row.id), (row) => [row.id]);
    expect(first.items).toEqual(['9', '7']);
    expect(decodeCursor(first.nextCursor!, ['n'])).toEqual([7]);
    expect(keysetPage(rows.slice(2), 2, (row) => row.id, (row) => [row.id]).nextCursor).toBeNull();
  });

  it('reads back what it wrote, numbers and strings alike', () => {
    expect(decodeCursor(encodeCursor([12, 'b']), ['n', 's'])).toEqual([12, 'b']);
    expect(encodeCursor([5, 3])).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(undefined, ['n'])).toBeNull();
  });

  it('refuses a cursor it did not give out as VALIDATION_FAILED on the cursor', () => {
    for (const cursor of ['12345', encodeCursor(['x']), encodeCursor([1, 2]), encodeCursor([-1]), encodeCursor([1.5]), encodeCursor([2 ** 60])]) {
      let caught: unknown;
      try {
        decodeCursor(cursor, ['n']);
      } catch (error) {
        caught = error;
      }
      expect(caught, cursor).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('VALIDATION_FAILED');
      expect((caught as AppError).details).toEqual([expect.objectContaining({ path: 'cursor' })]);
    }
  });
});
