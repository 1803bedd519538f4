import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WordAction } from '@calorie-bank/shared';
import { normaliseForFilter, WordFilter } from './word-filter.js';

interface Golden {
  words: { word: string; action: WordAction }[];
  cases: { name: string; text: string; blocked: string[]; review: string[] }[];
}

const golden = JSON.parse(readFileSync(new URL('./word-filter-cases.json', import.meta.url), 'utf8')) as Golden;
const filter = new WordFilter(golden.words);

describe('the sensitive-word filter on its golden cases', () => {
  it.each(golden.cases.map((entry) => [entry.name, entry] as const))('%s', (_, entry) => {
    const verdict = filter.check(entry.text);
    expect([...verdict.blocked].sort()).toEqual([...entry.blocked].sort());
    expect([...verdict.review].sort()).toEqual([...entry.review].sort());
  });
});

describe('normalising text for the filter', () => {
  it('folds full-width forms and case and drops what is not a letter or digit', () => {
    expect(normaliseForFilter('ＡＢＣ　１２３，好 的')).toBe('abc123好的');
  });

  it('passes everything when the list is empty', () => {
    expect(new WordFilter([]).check('赌博')).toEqual({ blocked: [], review: [] });
  });
});
