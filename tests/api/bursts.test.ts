import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableServices } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps, type TestUser } from '../support/client.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { createCommunity } from '../support/campaigns.js';

const services = await availableServices();

/**
 * Many honest requests on one row at the same moment, on MariaDB: each is answered for what it is,
 * never with a 503 the BFF's own locking caused, and right answers never lock anyone out.
 */
describe.skipIf(!(services.mysql && services.redis))('bursts of honest requests on MariaDB', () => {
  let server: TestServer;
  let operator: string;
  const post = (token: string, path: string, body?: unknown) => call(server, 'POST', `/api/v1${path}`, { token, body });

  beforeAll(async () => {
    server = await startTestServer('mysql+redis', { ...WITH_OPERATOR, RATE_LIMIT_LOGINS_PER_MINUTE: '1000', DATABASE_TIMEOUT_MS: '30000' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
  }, 120_000);
  afterAll(async () => server?.stop());

  it('lets 60 people join one community at once, then 30 leave while 30 more join, with an exact count', async () => {
    const community = await createCommunity(server, operator, '并发加入群');
    const crowd: TestUser[] = [];
    for (let index = 0; index < 90; index += 1) crowd.push(await signIn(server, `joiner-${index}`));
    const joined = await Promise.all(crowd.slice(0, 60).map((user) => post(user.token, `/communities/${community}/join`)));
    expect(joined.map((answer) => answer.status)).toEqual(Array(60).fill(200));
    const mixed = await Promise.all([
      ...crowd.slice(0, 30).map((user) => post(user.token, `/communities/${community}/leave`)),
      ...crowd.slice(60).map((user) => post(user.token, `/communities/${community}/join`)),
    ]);
    expect(mixed.map((answer) => answer.status)).toEqual(Array(60).fill(200));
    const seen = await call(server, 'GET', `/api/v1/communities/${community}`, { token: crowd[45].token });
    expect(seen.body.community).toMatchObject({ memberCount: 60, joined: true });
  });

  it('answers twenty likes of one entry sent at once by one user, ending liked once', async () => {
    const [walker, fan] = [await signIn(server, 'burst-walker'), await signIn(server, 'burst-fan')];
    await syncSteps(server, walker, 9_000);
    const entry = { date: server.clock.today, userId: walker.id };
    const likes = await Promise.all(Array.from({ length: 20 }, () => post(fan.token, '/leaderboards/daily/likes', entry)));
    expect(likes.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    const board = await call(server, 'GET', '/api/v1/leaderboards/daily?limit=10', { token: walker.token });
    expect(board.body.me).toMatchObject({ steps: 9_000, likes: 1 });
  });

  it('answers operators adding overlapping sensitive words at once, half in traditional characters, each word listed once with the last action', async () => {
    const words = ['并发词甲', '并发词乙', '并发词丙'];
    const traditional = ['並發詞甲', '並發詞乙', '並發詞丙'];
    const edits = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        post(operator, '/ops/sensitive-words', { words: index % 2 ? traditional : [...words].reverse(), action: index % 3 ? 'review' : 'block' }),
      ),
    );
    expect(edits.map((answer) => answer.status)).toEqual(Array(20).fill(201));
    const versions = edits.map((answer) => answer.body.version as number);
    expect(new Set(versions).size).toBe(20);
    const listed = await call(server, 'GET', '/api/v1/ops/sensitive-words?limit=100', { token: operator });
    const ours = (listed.body.items as { word: string }[]).filter((item) => [...words, ...traditional].includes(item.word));
    expect(ours.map((item) => item.word).sort()).toEqual([...words].sort());
  });

  it('does not lock out a staff account whose right password arrived thirty times at once', async () => {
    const username = `burst-${Math.random().toString(36).slice(2, 8)}`;
    const created = await post(operator, '/ops/merchants', { name: '并发登录商家', username, password: 'merchant-password-1' });
    expect(created.status).toBe(201);
    const logins = await Promise.all(Array.from({ length: 30 }, () => call(server, 'POST', '/api/v1/staff/login', { body: { username, password: 'merchant-password-1' } })));
    expect(logins.filter((answer) => answer.status === 200).length).toBeGreaterThan(0);
    expect(logins.every((answer) => answer.status === 200 || answer.body.error.code === 'RATE_LIMITED')).toBe(true);
    // Nobody guessed wrong: the next sign-in goes through.
    expect((await call(server, 'POST', '/api/v1/staff/login', { body: { username, password: 'merchant-password-1' } })).status).toBe(200);
  });
});
