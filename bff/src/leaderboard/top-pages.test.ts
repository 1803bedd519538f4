import { describe, expect, it } from 'vitest';
import { encodeScore, memberFor } from './score.js';
import { TopPage, unpackTop } from './top-pages.js';

const entries = [
  { rank: 1, userId: '7', nickname: '跑者"七"', steps: 12_000, likes: 3 },
  { rank: 2, userId: '42', nickname: 'ann', steps: 9_000, likes: 0 },
  { rank: 3, userId: '5', nickname: 'ben', steps: 8_000, likes: 1 },
];

describe('a shared top page', () => {
  const page = new TopPage(17, 1_000, entries);
  const parsed = (bytes: Buffer) => JSON.parse(bytes.toString('utf8')) as { userId: string; likedByMe: boolean }[];

  it('answers the first entries as JSON, none liked by a reader who liked none of them', () => {
    expect(parsed(page.entriesJson(2, ''))).toEqual(entries.slice(0, 2).map((entry) => ({ ...entry, likedByMe: false })));
    expect(parsed(page.entriesJson(50, ',99,'))).toHaveLength(3);
  });

  it("marks exactly the entries the reader liked, within the limit asked", () => {
    expect(parsed(page.entriesJson(3, ',5,99,7,')).map((entry) => entry.likedByMe)).toEqual([true, false, true]);
    expect(parsed(page.entriesJson(2, ',5,')).map((entry) => entry.likedByMe)).toEqual([false, false]);
    // The shared bytes are not changed by one reader's marks.
    expect(parsed(page.entriesJson(3, '')).every((entry) => !entry.likedByMe)).toBe(true);
  });

  it('round-trips through the form stored in Redis', () => {
    const again = TopPage.parse(page.serialize())!;
    expect([again.version, again.builtAt, again.entries]).toEqual([17, 1_000, entries]);
    expect(again.entriesJson(3, ',42,').equals(page.entriesJson(3, ',42,'))).toBe(true);
    expect(TopPage.parse('garbage')).toBeNull();
  });

  it('unpacks the packed top of the board script, skipping the readiness marker', () => {
    const score = encodeScore('2026-06-15', 9_000, Date.parse('2026-06-15T02:00:00Z'));
    const packed = `${memberFor('42')} ${score} 4 ~ready -1 0`;
    expect(unpackTop(packed, 10)).toEqual([{ userId: '42', steps: 9_000, likes: 4 }]);
    expect(unpackTop(packed, 0)).toEqual([]);
    expect(unpackTop('', 5)).toEqual([]);
  });
});
