import type { API_ROUTES, RouteBody } from '@calorie-bank/shared';
import { apiAs, callRoute, orFail } from './client.js';
import type { TestServer } from './harness.js';

export const OPERATOR = { username: 'ops-admin', password: 'operator-password-1' };

/** Harness environment that creates the first operator. */
export const WITH_OPERATOR = { OPS_BOOTSTRAP_USER: OPERATOR.username, OPS_BOOTSTRAP_PASSWORD: OPERATOR.password };

export async function staffToken(server: TestServer, username: string, password: string): Promise<string> {
  return (await orFail('staff login', apiAs(server).staffLogin({ body: { username, password } }))).token;
}

/** An operator creates a merchant; answers the merchant's id and a signed-in merchant token. */
export async function createMerchant(server: TestServer, operatorToken: string, name: string) {
  const username = `m-${name.toLowerCase().replace(/[^a-z0-9]/g, '')}-${Math.random().toString(36).slice(2, 6)}`;
  const password = 'merchant-password-1';
  const created = await orFail('merchant creation', apiAs(server, operatorToken).createMerchant({ body: { name, username, password } }));
  return { id: created.merchant.id, token: await staffToken(server, username, password) };
}

export function offerBody(server: TestServer, overrides: Record<string, unknown> = {}) {
  const now = server.clock.at.getTime();
  return {
    title: '山顶咖啡 5 元券',
    description: '徒步到山顶，来一杯咖啡',
    imageUrl: null,
    kind: 'coupon',
    priceCoins: 100,
    totalStock: 50,
    perUserLimit: 1,
    validFrom: new Date(now - 86_400_000).toISOString(),
    validUntil: new Date(now + 30 * 86_400_000).toISOString(),
    voucherTtlSeconds: 7 * 86_400,
    ...overrides,
  };
}

/** A merchant creates and submits an offer, and the operator approves it: answers the live offer's id. */
export async function liveOffer(server: TestServer, merchantToken: string, operatorToken: string, overrides: Record<string, unknown> = {}) {
  const body = offerBody(server, overrides) as RouteBody<(typeof API_ROUTES)['createOffer']>;
  const { id } = (await orFail('offer creation', apiAs(server, merchantToken).createOffer({ body }))).offer;
  await callRoute(server, 'submitOffer', { token: merchantToken, params: { id } });
  await orFail('approval', apiAs(server, operatorToken).approveOffer({ params: { id } }));
  return id;
}
