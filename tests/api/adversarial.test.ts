import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, ERROR_STATUS, type ApiRoute } from '@calorie-bank/shared';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { alipaySyncBody, signIn, syncSteps } from '../support/client.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, liveOffer, offerBody, staffToken } from '../support/merchants.js';
import { createCampaign, createCommunity } from '../support/campaigns.js';
import { badRequests, type BadRequest } from '../support/bad-requests.js';

const backends = await storageBackends();
/** Requests per route and backend: about 400 in all per backend by default, well under a minute; ADVERSARIAL_RUNS digs deeper. */
const RUNS_PER_ROUTE = Number(process.env.ADVERSARIAL_RUNS ?? 8);
const SEED = 20261130;

interface Fixture {
  tokens: Record<Exclude<ApiRoute['auth'], false>, string>;
  ids: string[];
  bodies: Record<string, Record<string, unknown>>;
}

async function buildFixture(server: TestServer): Promise<Fixture> {
  const user = await signIn(server, 'adversary');
  await syncSteps(server, user, 12_000);
  const victim = await signIn(server, 'bystander');
  const operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
  const merchant = await createMerchant(server, operator, '对手测试店');
  const offer = await liveOffer(server, merchant.token, operator, { totalStock: 1000, perUserLimit: 100, priceCoins: 1 });
  const community = await createCommunity(server, operator);
  const campaign = await createCampaign(server, operator);
  const now = server.clock.at.getTime();
  const at = (hours: number) => new Date(now + hours * 3_600_000).toISOString();
  return {
    tokens: { user: user.token, merchant: merchant.token, operator },
    ids: [victim.id, offer, community, campaign.id],
    bodies: {
      login: { authCode: 'x' },
      updateProfile: { nickname: '走路的人', weightKg: 70 },
      syncSteps: alipaySyncBody(server, { count: '100' }),
      checkInAtEvent: { code: '123456' },
      staffLogin: { username: OPERATOR.username, password: 'wrong password' },
      createOffer: offerBody(server),
      updateOffer: { title: '新标题' },
      markVoucherUsed: { code: 'ABCDEFGHJKMNPQRS' },
      createMerchant: { name: '店', username: 'shop-fuzz', password: 'long enough password' },
      rejectOffer: { reason: 'no' },
      createCampaign: { name: '活动', startDate: server.clock.today, endDate: server.clock.today, multiplierPercent: 150, budgetCoins: 100 },
      updateCampaign: { name: '活动二' },
      createCommunity: { name: '群', category: 'hiking' },
      createEvent: { title: '活动', place: '公园', startsAt: at(24), endsAt: at(26), capacity: 5 },
      freezeUser: { reason: 'fuzz' },
      unfreezeUser: { reason: 'fuzz' },
      createAdjustment: { userId: victim.id, amount: 1, reason: 'fuzz' },
      settleDay: { date: '2026-06-01' },
    },
  };
}

async function send(server: TestServer, route: ApiRoute, token: string | undefined, request: BadRequest) {
  const search = new URLSearchParams(request.query).toString();
  const headers: Record<string, string> = { ...request.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.url}/api/v1${request.path}${search ? `?${search}` : ''}`, {
    method: route.method.toUpperCase(),
    headers,
    body: request.body,
  });
  const text = await response.text();
  return { status: response.status, text, contentType: response.headers.get('content-type') ?? '' };
}

/** Why an answer breaks the contract, or null when it keeps it. */
function breach(answer: { status: number; text: string; contentType: string }): string | null {
  if (answer.status >= 500 && answer.status !== 503) return `status ${answer.status}`;
  if (answer.status < 400) return null;
  if (!answer.contentType.startsWith('application/json')) return `content-type ${answer.contentType}`;
  let body: { error?: { code?: string; message?: unknown } };
  try {
    body = JSON.parse(answer.text);
  } catch {
    return 'a body that is not JSON';
  }
  const code = body.error?.code as keyof typeof ERROR_STATUS | undefined;
  if (!code || ERROR_STATUS[code] !== answer.status || typeof body.error?.message !== 'string') return 'not the contract error JSON';
  return null;
}

describe.each(backends)('generated bad input on every route on %s', (backend, available) => {
  let server: TestServer;
  let fixture: Fixture;

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, { ...WITH_OPERATOR, RATE_LIMIT_SYNCS_PER_MINUTE: '100000' });
    fixture = await buildFixture(server);
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available)('never answers 500 and answers every error in the contract JSON', { timeout: 120_000 }, async () => {
    const breaches: string[] = [];
    for (const [index, [name, route]] of (Object.entries(API_ROUTES) as [string, ApiRoute][]).entries()) {
      const token = route.auth ? fixture.tokens[route.auth] : undefined;
      const requests = fc.sample(badRequests(route, fixture.ids, fixture.bodies[name] ?? {}), { numRuns: RUNS_PER_ROUTE, seed: SEED + index });
      for (const request of requests) {
        const answer = await send(server, route, token, request);
        const wrong = breach(answer);
        if (wrong) breaches.push(`${route.method.toUpperCase()} ${request.path} ${JSON.stringify(request.query).slice(0, 200)} ${String(request.body).slice(0, 200)} → ${wrong}: ${answer.text.slice(0, 200)}`);
      }
    }
    expect(breaches).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
