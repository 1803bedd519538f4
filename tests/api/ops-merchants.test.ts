import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { apiAs, call, orFail, signIn } from '../support/client.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';

const backends = await storageBackends();

/** The merchants made for these tests, oldest first: names a search for `%`, `_` or `!` would match too widely if they were wildcards. */
const NAMES = ['100%果汁', '1000 果汁', 'a_b 咖啡', 'axb 咖啡', '山顶咖啡', 'go!go 健身', 'gogo 健身'];

describe.each(backends)("the operators' list of merchants on %s", (backend, available) => {
  let server: TestServer;
  let operator: string;
  /** The merchants made, oldest first. */
  const merchants: { id: string; name: string; username: string }[] = [];

  const list = (query: string, token = operator) => call(server, 'GET', `/api/v1/ops/merchants${query}`, { token });

  /** Walks the list page by page and answers every item, in order. */
  async function walk(query: string, limit: number): Promise<{ id: string; name: string; username: string | null; createdAt: string }[]> {
    const items = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages += 1) {
      const separator = query ? '&' : '?';
      const page = await list(`${query}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
      if (cursor === null) return items;
    }
    throw new Error('the list never ended');
  }

  const namesFound = async (q: string) => (await walk(`?q=${encodeURIComponent(q)}`, 100)).map((merchant) => merchant.name);

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, WITH_OPERATOR);
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    for (const [index, name] of NAMES.entries()) {
      const username = `shop-${index}`;
      const created = await orFail('merchant creation', apiAs(server, operator).createMerchant({ body: { name, username, password: 'merchant-password-1' } }));
      merchants.push({ id: created.merchant.id, name, username });
      server.clock.advance(60_000);
    }
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available)('answers operators only: no token, a user and a merchant get the contract auth errors', async () => {
    const user = await signIn(server, 'curious');
    const merchant = await staffToken(server, merchants[0].username, 'merchant-password-1');
    const nobody = await call(server, 'GET', '/api/v1/ops/merchants');
    expect([nobody.status, nobody.body.error.code]).toEqual([401, 'AUTH_REQUIRED']);
    for (const token of [user.token, merchant]) {
      const refused = await list('', token);
      expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
    expect((await list('')).status).toBe(200);
  });

  it.skipIf(!available)('walks every merchant once, newest first, with its first login and creation time, whatever the page size', async () => {
    const newestFirst = [...merchants].reverse();
    for (const limit of [1, 2, 3, 100]) {
      const walked = await walk('', limit);
      expect(walked.map((merchant) => merchant.id), `limit ${limit}`).toEqual(newestFirst.map((merchant) => merchant.id));
    }
    const [newest] = await walk('', 100);
    expect(newest).toEqual({ id: newestFirst[0].id, name: newestFirst[0].name, username: newestFirst[0].username, createdAt: expect.any(String) });
    const times = (await walk('', 100)).map((merchant) => Date.parse(merchant.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(times).size).toBe(NAMES.length);
  });

  it.skipIf(!available)('answers a default page of 20 with no cursor after the last merchant', async () => {
    const page = await list('');
    expect(page.body.items).toHaveLength(NAMES.length);
    expect(page.body.nextCursor).toBeNull();
  });

  it.skipIf(!available)('narrows by a part of the name, trimmed, and pages the narrowed list', async () => {
    expect(await namesFound('咖啡')).toEqual(['山顶咖啡', 'axb 咖啡', 'a_b 咖啡']);
    expect(await namesFound('  果汁 ')).toEqual(['1000 果汁', '100%果汁']);
    expect(await namesFound('没有这家')).toEqual([]);
    expect((await walk('?q=%E5%92%96%E5%95%A1', 1)).map((merchant) => merchant.name)).toEqual(['山顶咖啡', 'axb 咖啡', 'a_b 咖啡']);
  });

  it.skipIf(!available)('finds a merchant by a part of a staff login too, each merchant once', async () => {
    expect(await namesFound('shop-4')).toEqual(['山顶咖啡']);
    expect(await namesFound('shop-')).toEqual([...NAMES].reverse());
    // The login's `_` is taken as itself there too: `shop_4` is not `shop-4`.
    expect(await namesFound('shop_4')).toEqual([]);
  });

  it.skipIf(!available)('takes %, _ and the escape character in a search as themselves', async () => {
    expect(await namesFound('%')).toEqual(['100%果汁']);
    expect(await namesFound('0%')).toEqual(['100%果汁']);
    expect(await namesFound('_')).toEqual(['a_b 咖啡']);
    expect(await namesFound('a_b')).toEqual(['a_b 咖啡']);
    expect(await namesFound('!')).toEqual(['go!go 健身']);
    expect(await namesFound('o!g')).toEqual(['go!go 健身']);
  });

  it.skipIf(!available)('refuses a bad limit, cursor or search with VALIDATION_FAILED naming the field, never a 500', async () => {
    const forged = Buffer.from(JSON.stringify(['not a number'])).toString('base64url');
    const negative = Buffer.from(JSON.stringify([-1])).toString('base64url');
    const cases: [query: string, field: string][] = [
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
      ['?limit=abc', 'limit'],
      ['?limit=1.5', 'limit'],
      ['?cursor=12345', 'cursor'],
      ['?cursor=bm90IGpzb24', 'cursor'],
      [`?cursor=${forged}`, 'cursor'],
      [`?cursor=${negative}`, 'cursor'],
      ['?cursor=%2A%2A%2A', 'cursor'],
      ['?q=', 'q'],
      ['?q=%20%20%20', 'q'],
      [`?q=${'长'.repeat(81)}`, 'q'],
    ];
    for (const [query, field] of cases) {
      const answer = await list(query);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
      expect(answer.body.error.details, query).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
    }
    expect((await list(`?q=${'长'.repeat(80)}`)).status).toBe(200);
  });
});
