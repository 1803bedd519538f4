import type { Context } from 'koa';
import { describe, expect, it } from 'vitest';
import { DailyLeaderboardQuery } from '@calorie-bank/shared';
import { AppError } from '../errors.js';
import { queryParser } from './define.js';

/** Just what the parser reads of a request: the raw query string and Koa's parse of it. */
function requestFor(querystring: string): Context {
  return { querystring, query: Object.fromEntries(new URLSearchParams(querystring)) } as unknown as Context;
}

describe('queryParser', () => {
  it('answers a repeated query string with its own copy of the same result', () => {
    const parse = queryParser(DailyLeaderboardQuery);
    const first = parse(requestFor('limit=50'));
    expect(first).toEqual({ scope: 'global', limit: 50 });
    (first as { limit: number }).limit = 1;
    const second = parse(requestFor('limit=50'));
    expect(second).toEqual({ scope: 'global', limit: 50 });
    expect(second).not.toBe(parse(requestFor('limit=50')));
    expect(parse(requestFor('limit=7&scope=community%3A3'))).toEqual({ scope: 'community:3', limit: 7 });
  });

  it('refuses an invalid query string every time it is asked', () => {
    const parse = queryParser(DailyLeaderboardQuery);
    for (const text of ['limit=0', 'limit=0', 'scope=nowhere', 'scope=nowhere', 'limit=5&extra=1']) {
      expect(() => parse(requestFor(text))).toThrow(AppError);
    }
  });
});
