import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBERSHIP_PRICE_COINS } from '@calorie-bank/shared';
import { availableServices } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps, type TestUser } from '../support/client.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { createCampaign } from '../support/campaigns.js';
import { buyMembership, buySeries, defineSeries, publish, uploadOpsImage } from '../support/content.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';

const services = await availableServices();
const CROWD = 300;
const EDITION = 50;

describe.skipIf(!(services.mysql && services.redis))('collectibles, memberships and content likes under concurrency on MariaDB', () => {
  let server: TestServer;
  let operator: string;
  let artwork: string;
  const users: TestUser[] = [];

  async function serialsOf(seriesId: string): Promise<{ serials: number[]; holders: number }> {
    const rows: { serial: number | string; user_id: number | string }[] = await server.context.db.query('SELECT serial, user_id FROM collectibles WHERE series_id = ? ORDER BY serial', [seriesId]);
    return { serials: rows.map((row) => Number(row.serial)), holders: new Set(rows.map((row) => String(row.user_id))).size };
  }

  async function balances(): Promise<Map<string, number>> {
    const rows: { owner_id: string; balance: number | string }[] = await server.context.db.query("SELECT owner_id, balance FROM ledger_accounts WHERE kind = 'user_wallet'");
    return new Map(rows.map((row) => [row.owner_id, Number(row.balance)]));
  }

  beforeAll(async () => {
    // Hundreds of requests queue for 20 pooled connections; this test is about exactness, so it waits longer than the default.
    server = await startTestServer('mysql+redis', { ...WITH_OPERATOR, RATE_LIMIT_SYNCS_PER_MINUTE: '100000', DATABASE_TIMEOUT_MS: '30000' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    artwork = await uploadOpsImage(server, operator);
    for (let index = 0; index < CROWD; index += 1) users.push(await signIn(server, `claimer-${index}`));
  }, 120_000);
  afterAll(async () => server?.stop());

  it('awards a series of 50 to exactly 50 of 300 users syncing 10,000 steps at once, serials 1..50 once each', async () => {
    const campaign = await createCampaign(server, operator, { name: '万步挑战', multiplierPercent: 100, thresholds: [{ steps: 10_000, coins: 10 }], budgetCoins: 1_000_000 });
    const series = await defineSeries(server, operator, { name: '万步限定', artworkUrl: artwork, editionSize: EDITION, rule: { kind: 'steps', campaignId: campaign.id, steps: 10_000 } });
    const answers = await Promise.all(users.map((user) => syncSteps(server, user, 10_000)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(CROWD);
    const { serials, holders } = await serialsOf(series.id);
    expect(serials).toEqual(Array.from({ length: EDITION }, (_, index) => index + 1));
    expect(holders).toBe(EDITION);
    const [row] = await server.context.db.query('SELECT issued FROM collectible_series WHERE id = ?', [series.id]);
    expect(Number(row.issued)).toBe(EDITION);
    // 300 base coins and the campaign's 10 each.
    expect([...(await balances()).values()].every((balance) => balance === 310)).toBe(true);
  }, 120_000);

  it('sells a series of 50 to exactly 50 of 300 concurrent buyers, charging only them', async () => {
    const series = await defineSeries(server, operator, { name: '限量球衣', artworkUrl: artwork, editionSize: EDITION, rule: { kind: 'purchase', priceCoins: 100 } });
    const before = await balances();
    const answers = await Promise.all(users.map((user) => buySeries(server, user, series.id)));
    const codes = answers.map((answer) => (answer.status === 201 ? 'SOLD' : answer.body.error.code));
    expect(codes.filter((code) => code === 'SOLD')).toHaveLength(EDITION);
    expect(codes.filter((code) => code === 'OUT_OF_STOCK')).toHaveLength(CROWD - EDITION);
    const { serials, holders } = await serialsOf(series.id);
    expect(serials).toEqual(Array.from({ length: EDITION }, (_, index) => index + 1));
    expect(holders).toBe(EDITION);

    const after = await balances();
    const buyers = new Set(answers.flatMap((answer, index) => (answer.status === 201 ? [users[index].id] : [])));
    for (const user of users) expect(after.get(user.id)).toBe(before.get(user.id)! - (buyers.has(user.id) ? 100 : 0));
    for (const answer of answers.filter((item) => item.status === 201)) expect(answer.body.balance).toBe(210);
    const [platform] = await server.context.db.query("SELECT balance FROM ledger_accounts WHERE kind = 'platform' AND owner_id = 'collectibles'");
    expect(Number(platform.balance)).toBe(EDITION * 100);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  }, 120_000);

  it('charges a membership once for 20 concurrent purchases under one Idempotency-Key', async () => {
    const wallets = await balances();
    const fan = users.find((user) => wallets.get(user.id)! >= MEMBERSHIP_PRICE_COINS)!;
    const before = wallets.get(fan.id)!;
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 20 }, () => buyMembership(server, fan, key)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect((await balances()).get(fan.id)).toBe(before - MEMBERSHIP_PRICE_COINS);
    const [charges] = await server.context.db.query("SELECT COUNT(*) AS n FROM ledger_transactions WHERE kind = 'membership'");
    expect(Number(charges.n)).toBe(1);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  }, 60_000);

  it('keeps the like count exact while 300 users like at once and half of them take it back at once', async () => {
    const item = await publish(server, operator, { title: '总决赛集锦', kind: 'video', videoUrl: 'https://video.example.com/finals.mp4', tags: ['nba'] });
    const id = item.body.item.id;
    const like = (user: TestUser) => call(server, 'POST', `/api/v1/content/${id}/likes`, { token: user.token });
    const unlike = (user: TestUser) => call(server, 'DELETE', `/api/v1/content/${id}/likes`, { token: user.token });
    const liked = await Promise.all([...users.map(like), ...users.slice(0, 100).map(like)]);
    expect(liked.filter((answer) => answer.status !== 200).map((answer) => answer.body)).toEqual([]);
    const count = async () => (await call(server, 'GET', `/api/v1/content/${id}`, { token: users[0].token })).body.item.likes;
    expect(await count()).toBe(CROWD);
    const mixed = await Promise.all([...users.slice(0, 150).map(unlike), ...users.slice(0, 150).map(unlike), ...users.slice(150).map(like)]);
    expect(mixed.filter((answer) => answer.status !== 200).map((answer) => answer.body)).toEqual([]);
    expect(await count()).toBe(CROWD - 150);
    const [rows] = await server.context.db.query('SELECT COUNT(*) AS n FROM content_likes WHERE item_id = ?', [id]);
    expect(Number(rows.n)).toBe(CROWD - 150);
  }, 60_000);
});
