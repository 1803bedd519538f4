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

  it('folds traditional characters, Hong Kong\'s variant forms among them, into simplified ones and leaves simplified text as it is', () => {
    expect(normaliseForFilter('賭 博．代開發票，臺灣 枱 衞生')).toBe('赌博代开发票台湾台卫生');
    expect(normaliseForFilter('什么著名皇后，头发')).toBe('什么著名皇后头发');
  });

  it('changes nothing in text it normalised already, as words stored normalised are normalised again when the list compiles', () => {
    for (const text of ['賭 博．代開發票', 'ＦｕＣｋ 乾杯', '法\u200b輪 兼職刷單', '什麼 溫 温 綫 線']) {
      expect(normaliseForFilter(normaliseForFilter(text))).toBe(normaliseForFilter(text));
    }
  });

  it('matches a word listed in traditional characters in either form, as one word with the action given last', () => {
    const filter = new WordFilter([
      { word: '辦證', action: 'review' },
      { word: '办证', action: 'block' },
    ]);
    expect(filter.check('代办证件')).toEqual({ blocked: ['办证'], review: [] });
    expect(filter.check('代辦證件')).toEqual({ blocked: ['办证'], review: [] });
  });

  it('passes everything when the list is empty', () => {
    expect(new WordFilter([]).check('赌博')).toEqual({ blocked: [], review: [] });
  });
});
