import { call } from './client.js';
import type { TestServer } from './harness.js';

export const OPERATOR = { username: 'ops-admin', password: 'operator-password-1' };

/** Harness environment that creates the first operator. */
export const WITH_OPERATOR = { OPS_BOOTSTRAP_USER: OPERATOR.username, OPS_BOOTSTRAP_PASSWORD: OPERATOR.password };

export async function staffToken(server: TestServer, username: string, password: string): Promise<string> {
  const answer = await call(server, 'POST', '/api/v1/staff/login', { body: { username, password } });
  if (answer.status !== 200) throw new Error(`staff login failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.token;
}

/** An operator creates a merchant; answers the merchant's id and a signed-in merchant token. */
export async function createMerchant(server: TestServer, operatorToken: string, name: string) {
  const username = `m-${name.toLowerCase().replace(/[^a-z0-9]/g, '')}-${Math.random().toString(36).slice(2, 6)}`;
  const password = 'merchant-password-1';
  const created = await call(server, 'POST', '/api/v1/ops/merchants', { token: operatorToken, body: { name, username, password } });
  if (created.status !== 201) throw new Error(`merchant creation failed: ${created.status} ${JSON.stringify(created.body)}`);
  return { id: created.body.merchant.id as string, token: await staffToken(server, username, password) };
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
  const created = await call(server, 'POST', '/api/v1/merchant/offers', { token: merchantToken, body: offerBody(server, overrides) });
  if (created.status !== 201) throw new Error(`offer creation failed: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.offer.id as string;
  await call(server, 'POST', `/api/v1/merchant/offers/${id}/submit`, { token: merchantToken });
  const approved = await call(server, 'POST', `/api/v1/ops/offers/${id}/approve`, { token: operatorToken });
  if (approved.status !== 200) throw new Error(`approval failed: ${approved.status} ${JSON.stringify(approved.body)}`);
  return id;
}
