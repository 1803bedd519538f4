import { createRequire } from 'node:module';
import { Mint } from 'mint-filter';
import type * as OpenCC from 'opencc-js/t2cn';
import type { WordAction } from '@calorie-bank/shared';

/**
 * opencc-js (its Traditional-to-Simplified entry and dictionaries) loads with the first word list
 * or text the filter reads, not at start: most processes serve syncs and boards and never need it.
 */
const require = createRequire(import.meta.url);
let simplify: ((text: string) => string) | undefined;

const entriesOf = (dictionary: OpenCC.DictLike): readonly (readonly string[])[] =>
  typeof dictionary === 'string' ? dictionary.split('|').map((entry) => entry.split(' ')) : dictionary;
/** A dictionary that turns single characters into single characters, without phrases. */
const isCharacterDictionary = (dictionary: OpenCC.DictLike) => entriesOf(dictionary).every(([from]) => [...from].length === 1);

/**
 * Traditional characters, as written in Taiwan, Hong Kong or elsewhere, as mainland Simplified
 * ones, one character at a time: Hong Kong's variant forms become OpenCC's standard Traditional
 * ones, which become Simplified. Phrase dictionaries are left out, so that a word folds the same
 * on its own as anywhere in a text.
 */
function loadSimplifier(): (text: string) => string {
  const { ConverterFactory, Locale } = require('opencc-js/t2cn') as typeof OpenCC;
  return ConverterFactory(...[...Locale.from.hk, ...Locale.to.cn].map((group) => group.filter(isCharacterDictionary)));
}

/**
 * Text as the filter compares it: NFKC folds full-width letters, digits and punctuation into
 * their plain forms, case is folded, and everything that is not a letter or a digit (spaces,
 * zero-width characters, dots or stars put between the characters of a word) is dropped, as are
 * the letters that fonts draw as nothing (the Hangul fillers). Traditional Chinese characters
 * become Simplified ones, so `賭博` is `赌博`.
 */
export function normaliseForFilter(text: string): string {
  return (simplify ??= loadSimplifier())(
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]|\p{Default_Ignorable_Code_Point}/gu, ''),
  );
}

interface TrieNode {
  depth: number;
  word: boolean;
  children: Record<string, TrieNode>;
  fail?: TrieNode;
}

interface Match {
  word: string;
  start: number;
  end: number;
}

export interface FilterVerdict {
  /** Words that refuse the text. */
  blocked: string[];
  /** Words that send the text to an operator before it is shown. */
  review: string[];
}

export interface WordEntry {
  word: string;
  action: WordAction;
}

/**
 * A compiled sensitive-word list: mint-filter's Aho–Corasick automaton over every word, read
 * with its failure links followed to the root so that a word ending inside a longer candidate
 * is found too (mint-filter's own `filter` stops at the deepest node and would miss it). A
 * blocked word found inside an allowed word ("fine" words that contain one) does not count.
 */
export class WordFilter {
  private readonly automaton: Mint;
  private readonly actions = new Map<string, WordAction>();

  constructor(entries: WordEntry[]) {
    for (const entry of entries) {
      const word = normaliseForFilter(entry.word);
      if (word) this.actions.set(word, entry.action);
    }
    this.automaton = new Mint([...this.actions.keys()]);
  }

  private matches(text: string): Match[] {
    const root = this.automaton.root as unknown as TrieNode;
    const found: Match[] = [];
    let node: TrieNode | undefined = root;
    // Code units, as mint-filter builds its trie.
    const chars = text.split('');
    for (let index = 0; index < chars.length; index += 1) {
      const key = chars[index];
      while (node && !node.children[key]) node = node.fail;
      node = node?.children[key] ?? root;
      for (let out: TrieNode | undefined = node; out && out !== root; out = out.fail) {
        if (out.word) {
          const start = index + 1 - out.depth;
          found.push({ word: chars.slice(start, index + 1).join(''), start, end: index + 1 });
        }
      }
    }
    return found;
  }

  /** What the list says of `text`: the blocked and review words it contains, each once. */
  check(text: string): FilterVerdict {
    if (this.actions.size === 0) return { blocked: [], review: [] };
    const found = this.matches(normaliseForFilter(text));
    const allowed = found.filter((match) => this.actions.get(match.word) === 'allow');
    const excused = (match: Match) => allowed.some((fine) => fine.start <= match.start && fine.end >= match.end);
    const blocked = new Set<string>();
    const review = new Set<string>();
    for (const match of found) {
      const action = this.actions.get(match.word);
      if (action === 'allow' || excused(match)) continue;
      (action === 'block' ? blocked : review).add(match.word);
    }
    return { blocked: [...blocked], review: [...review] };
  }
}
