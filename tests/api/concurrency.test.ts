import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { alipaySyncBody, call, signIn } from '../support/client.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';

const backends = await storageBackends();

describe.each(backends)('concurrent syncs on %s', (backend, available) => {
  let server: TestServer;
  beforeAll(async () => {
    if (available) server = await startTestServer(backend, { RATE_LIMIT_SYNCS_PER_MINUTE: '1000' });
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available)('credits 50 concurrent syncs of one payload once', async () => {
    const user = await signIn(server, 'racer');
    const body = alipaySyncBody(server, { count: '15000' });
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => call(server, 'POST', '/api/v1/steps/sync', { token: user.token, body })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
    const credited = answers.map((answer) => answer.body.credited);
    expect(credited.filter((amount) => amount > 0)).toEqual([450]);
    expect(credited.reduce((sum, amount) => sum + amount, 0)).toBe(450);
    const me = await call(server, 'GET', '/api/v1/me', { token: user.token });
    expect(me.body.wallet.balance).toBe(450);
    const history = await call(server, 'GET', '/api/v1/wallet/transactions', { token: user.token });
    expect(history.body.items).toHaveLength(1);
  });

  it.skipIf(!available)('ends concurrent syncs of different counts at the highest, paid exactly once', async () => {
    const user = await signIn(server, 'sprinter');
    const counts = Array.from({ length: 30 }, (_, index) => 1_000 + index * 700);
    const shuffled = [...counts].sort(() => Math.random() - 0.5);
    const answers = await Promise.all(
      shuffled.map((count) =>
        call(server, 'POST', '/api/v1/steps/sync', { token: user.token, body: alipaySyncBody(server, { count: String(count) }) }),
      ),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const best = Math.max(...counts);
    const worth = Math.min(Math.floor((best * 60 * 5) / 10_000), 600);
    expect(answers.reduce((sum, answer) => sum + answer.body.credited, 0)).toBe(worth);
    const me = await call(server, 'GET', '/api/v1/me', { token: user.token });
    expect(me.body.today).toMatchObject({ steps: best, coins: worth });
    expect(me.body.wallet.balance).toBe(worth);
    const board = await call(server, 'GET', '/api/v1/leaderboards/daily', { token: user.token });
    expect(board.body.me.steps).toBe(best);
  });

  it.skipIf(!available)('keeps many users syncing at once independent and the ledger balanced', async () => {
    const users = await Promise.all(Array.from({ length: 20 }, (_, index) => signIn(server, `crowd-${index}`)));
    const answers = await Promise.all(
      users.flatMap((user, index) => [
        call(server, 'POST', '/api/v1/steps/sync', { token: user.token, body: alipaySyncBody(server, { count: String(2_000 + index) }) }),
        call(server, 'POST', '/api/v1/steps/sync', { token: user.token, body: alipaySyncBody(server, { count: String(4_000 + index) }) }),
      ]),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    for (const [index, user] of users.entries()) {
      const me = await call(server, 'GET', '/api/v1/me', { token: user.token });
      expect(me.body.wallet.balance).toBe(Math.floor(((4_000 + index) * 60 * 5) / 10_000));
    }
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });
});
