import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { ApiCallError, apiRequest, createApiCaller, type ApiRequest } from './caller.js';
import { renderEndpointTable } from './render-endpoints.js';

describe('typed API caller', () => {
  it('runs on an endpoint table regenerated from API_ROUTES', () => {
    const committed = readFileSync(new URL('./endpoints.ts', import.meta.url), 'utf8');
    expect(committed, 'run `npm run generate:endpoints`').toBe(renderEndpointTable());
  });

  it('fills path parameters, appends the query in the order given without empty values, and lower-cases header names', () => {
    expect(apiRequest('me')).toEqual({ route: 'me', auth: 'user', method: 'GET', path: '/me', headers: {} });
    expect(apiRequest('listCommunities', { query: { limit: 20, joined: '1', cursor: null } }).path).toBe('/communities?limit=20&joined=1');
    expect(apiRequest('dailyLeaderboard', { query: { date: '2026-06-15', limit: 10, scope: 'community:3' } }).path).toBe(
      '/leaderboards/daily?date=2026-06-15&limit=10&scope=community%3A3',
    );
    expect(apiRequest('opsStats', { query: {} }).path).toBe('/ops/stats');
    expect(apiRequest('redeemOffer', { params: { id: '42' }, headers: { 'Idempotency-Key': 'key-12345678' } })).toEqual({
      route: 'redeemOffer',
      auth: 'user',
      method: 'POST',
      path: '/offers/42/redeem',
      headers: { 'idempotency-key': 'key-12345678' },
    });
    expect(apiRequest('staffLogin', { body: { username: 'ops', password: 'secret' } })).toMatchObject({
      auth: false,
      method: 'POST',
      path: '/staff/login',
      body: { username: 'ops', password: 'secret' },
    });
  });

  it('answers the body of a success and throws the contract error of a failure', async () => {
    const transport = vi.fn(async (request: ApiRequest) =>
      request.route === 'me'
        ? { status: 200, body: { user: { id: '1' } } }
        : { status: 409, body: { error: { code: 'OUT_OF_STOCK', message: 'Sold out' } } },
    );
    const api = createApiCaller(transport);
    await expect(api.me()).resolves.toEqual({ user: { id: '1' } });
    const failure = await api.redeemOffer({ params: { id: '7' }, headers: { 'Idempotency-Key': 'key-12345678' } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiCallError);
    expect(failure).toMatchObject({ code: 'OUT_OF_STOCK', status: 409, message: 'Sold out', body: { error: { code: 'OUT_OF_STOCK', message: 'Sold out' } } });
  });

  it('types calls by the contract', () => {
    // Checked by the type checker, never run.
    const typed = (api: ReturnType<typeof createApiCaller>) => {
      // @ts-expect-error a path parameter is required
      void api.getOffer();
      // @ts-expect-error the Idempotency-Key header is required
      void api.redeemOffer({ params: { id: '1' } });
      // @ts-expect-error limit is a number
      void api.listOffers({ query: { limit: 'twenty' } });
      // @ts-expect-error the body is required
      void api.syncSteps();
      void api.walletTransactions({ query: { limit: 20, cursor: null } });
      return api.me().then((answer) => answer.wallet.balance satisfies number);
    };
    expect(typed).toBeTypeOf('function');
  });
});
