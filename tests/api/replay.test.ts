import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn } from '../support/client.js';

describe('replayed Alipay payloads', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { REPLAY_FLAG_MAX_USERS: '3', REPLAY_FLAG_MIN_STEPS: '20000' });
  });
  afterAll(async () => server?.stop());

  async function flaggedSyncsOf(steps: number): Promise<number> {
    const rows = await server.context.db.query(
      "SELECT COUNT(*) AS n FROM step_sync_attempts WHERE outcome = 'accepted' AND flagged = ? AND steps = ?",
      [true, steps],
    );
    return Number(rows[0].n);
  }

  it('credits every user but flags a high-count payload once it serves more than the allowed number of users', async () => {
    // Equal counts on equal dates encrypt alike: this one captured payload is what every account replays.
    const captured = { countDate: server.clock.today, response: server.sandbox!.runDataResponse({ countDate: server.clock.today, count: '31337' }) };
    const users = await Promise.all(['r1', 'r2', 'r3', 'r4', 'r5'].map((name) => signIn(server, name)));
    for (const [index, user] of users.entries()) {
      const answer = await call(server, 'POST', '/api/v1/steps/sync', { token: user.token, body: captured });
      expect(answer.status).toBe(200);
      expect(answer.body.credited).toBe(600);
      expect(await flaggedSyncsOf(31337)).toBe(index < 3 ? 0 : index + 1);
    }
  });

  it('does not flag low counts that honest users share all the time', async () => {
    const shared = { countDate: server.clock.today, response: server.sandbox!.runDataResponse({ countDate: server.clock.today, count: '4321' }) };
    for (const name of ['l1', 'l2', 'l3', 'l4', 'l5']) {
      const user = await signIn(server, name);
      expect((await call(server, 'POST', '/api/v1/steps/sync', { token: user.token, body: shared })).status).toBe(200);
    }
    expect(await flaggedSyncsOf(4321)).toBe(0);
  });
});
