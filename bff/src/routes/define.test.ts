import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import Koa, { type Context, type Middleware } from 'koa';
import { describe, expect, it } from 'vitest';
import { API_ROUTES, DailyLeaderboardQuery } from '@calorie-bank/shared';
import { AppError } from '../errors.js';
import type { Guards } from '../http/auth.js';
import { contractRouter, queryParser } from './define.js';

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

describe('contractRouter', () => {
  it("refuses a path parameter that is not an id before the route's own middleware sees it", async () => {
    const pass: Middleware = (ctx, next) => {
      ctx.state.principal = { userId: '1' };
      return next();
    };
    const guards = Object.fromEntries(['user', 'merchant', 'operator', 'staff'].map((name) => [name, pass])) as unknown as Guards;
    const { router, mount } = contractRouter(guards);
    const keys: string[] = [];
    mount(API_ROUTES.checkInAtEvent, [(ctx, next) => (keys.push(ctx.params.id), next())], ({ params }) => ({ id: params.id }) as never);
    const app = new Koa();
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        ctx.status = 400;
        ctx.body = { code: (error as AppError).code, field: ((error as AppError).details as { path: string }[] | undefined)?.[0]?.path };
      }
    });
    // What the body parser would have read: a well-formed check-in code.
    app.use((ctx, next) => {
      (ctx.request as { body?: unknown }).body = { code: '123456' };
      return next();
    });
    app.use(router.routes());
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
      for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999999', 'x'.repeat(500)]) {
        const answer = await fetch(`${base}/${id}/checkin`, { method: 'POST' });
        expect(answer.status).toBe(400);
        expect(await answer.json()).toEqual({ code: 'VALIDATION_FAILED', field: 'id' });
      }
      expect(keys).toEqual([]);
      expect((await fetch(`${base}/42/checkin`, { method: 'POST' })).status).toBe(200);
      expect(keys).toEqual(['42']);
    } finally {
      server.close();
    }
  });
});
