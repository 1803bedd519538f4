import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps, type TestUser } from '../support/client.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, staffToken } from '../support/merchants.js';
import { createCampaign, createCommunity } from '../support/campaigns.js';
import { buySeries, collectionOf, defineSeries, publish, uploadOpsImage } from '../support/content.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { POOL, entryCode, liveVenue } from '../support/venues.js';

const backends = await storageBackends();

describe.each(backends)('digital collectibles on %s', (backend, available) => {
  let server: TestServer;
  let operator: string;
  let artwork: string;
  const post = (user: TestUser, path: string, body?: unknown) => call(server, 'POST', `/api/v1${path}`, { token: user.token, body });

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, { ...WITH_OPERATOR, RATE_LIMIT_SYNCS_PER_MINUTE: '10000' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    artwork = await uploadOpsImage(server, operator, [234, 179, 8]);
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available)('sells numbered serials for coins, once per user, idempotently, and never past the edition', async () => {
    const series = await defineSeries(server, operator, { name: '金色跑鞋', artworkUrl: artwork, editionSize: 2, rule: { kind: 'purchase', priceCoins: 100 } });
    const [first, second, third] = await Promise.all(['buyer-1', 'buyer-2', 'buyer-3'].map((name) => signIn(server, name)));
    for (const user of [first, second, third]) await syncSteps(server, user, 10_000); // 300 coins each

    const bought = await buySeries(server, first, series.id, 'collectible-key-1');
    expect(bought.status).toBe(201);
    expect(bought.body).toMatchObject({ collectible: { seriesId: series.id, serial: 1, editionSize: 2, obtainedBy: 'purchase', transferable: false }, balance: 200 });
    expect((await buySeries(server, first, series.id, 'collectible-key-1')).body).toEqual(bought.body);
    expect((await buySeries(server, first, series.id)).body.error.code).toBe('COLLECTIBLE_ALREADY_OWNED');
    expect((await buySeries(server, second, series.id)).body.collectible.serial).toBe(2);
    const late = await buySeries(server, third, series.id);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('OUT_OF_STOCK');

    const listed = await call(server, 'GET', '/api/v1/collectibles/series', { token: first.token });
    expect(listed.body.items.find((item: { id: string }) => item.id === series.id)).toMatchObject({ issued: 2, editionSize: 2, mySerial: 1 });
    const wallet = await call(server, 'GET', '/api/v1/wallet/transactions?limit=1', { token: third.token });
    expect(wallet.body.items[0].kind).toBe('step_reward');
    const [platform] = await server.context.db.query("SELECT balance FROM ledger_accounts WHERE kind = 'platform' AND owner_id = 'collectibles'");
    expect(Number(platform.balance)).toBe(200);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it.skipIf(!available)('awards a series for reaching a step threshold during a campaign, once, and refuses to sell it', async () => {
    const campaign = await createCampaign(server, operator, { name: '万步挑战', budgetCoins: 100_000 });
    const series = await defineSeries(server, operator, { name: '万步徽章', artworkUrl: artwork, editionSize: 50, rule: { kind: 'steps', campaignId: campaign.id, steps: 10_000 } });
    const walker = await signIn(server, 'award-walker');
    await syncSteps(server, walker, 9_999);
    expect(await collectionOf(server, walker)).toEqual([]);
    await syncSteps(server, walker, 10_000);
    await syncSteps(server, walker, 12_000);
    expect(await collectionOf(server, walker)).toEqual([expect.objectContaining({ seriesId: series.id, serial: 1, editionSize: 50, obtainedBy: 'steps', transferable: false })]);
    expect((await buySeries(server, walker, series.id)).body.error.code).toBe('COLLECTIBLE_NOT_FOR_SALE');

    const bad = await call(server, 'POST', '/api/v1/ops/collectibles/series', { token: operator, body: { name: 'x', artworkUrl: artwork, editionSize: 5, rule: { kind: 'steps', campaignId: '999999', steps: 1 } } });
    expect(bad.status).toBe(404);
    const ended = await call(server, 'POST', `/api/v1/ops/collectibles/series/${series.id}/end`, { token: operator });
    expect(ended.body.series.status).toBe('ended');
    const lateWalker = await signIn(server, 'late-walker');
    await syncSteps(server, lateWalker, 10_000);
    expect(await collectionOf(server, lateWalker)).toEqual([]);
  });

  it.skipIf(!available)('awards for watching a content item, checking in at an event and finishing venue visits', async () => {
    const video = await publish(server, operator, { title: '泳姿教学', kind: 'video', videoUrl: 'https://video.example.com/swim.mp4', tags: ['swimming'] });
    const watched = await defineSeries(server, operator, { name: '观影纪念', artworkUrl: artwork, editionSize: 10, rule: { kind: 'content_view', contentId: video.body.item.id } });
    const community = await createCommunity(server, operator);
    const startsAt = server.clock.at.getTime() + 10 * 60_000;
    const event = await call(server, 'POST', `/api/v1/ops/communities/${community}/events`, {
      token: operator,
      body: { title: '晨跑', place: '西湖', startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + 3_600_000).toISOString(), capacity: 10 },
    });
    const attended = await defineSeries(server, operator, { name: '晨跑到场', artworkUrl: artwork, editionSize: 10, rule: { kind: 'event_checkin', eventId: event.body.event.id } });
    const visited = await defineSeries(server, operator, { name: '泳池常客', artworkUrl: artwork, editionSize: 10, rule: { kind: 'venue_visits', visits: 2 } });

    const fan = await signIn(server, 'all-rounder');
    await syncSteps(server, fan, 10_000);
    expect((await call(server, 'GET', `/api/v1/content/${video.body.item.id}`, { token: fan.token })).status).toBe(200);
    expect((await post(fan, `/communities/${community}/join`)).status).toBe(200);
    expect((await post(fan, `/events/${event.body.event.id}/signup`)).status).toBe(200);
    expect((await post(fan, `/events/${event.body.event.id}/checkin`, { code: event.body.event.checkinCode })).status).toBe(200);

    const shop = await createMerchant(server, operator, '游泳馆');
    const { facilityIds: [pool] } = await liveVenue(server, shop, operator, [POOL]);
    for (let visit = 1; visit <= 2; visit += 1) {
      const entered = await call(server, 'POST', '/api/v1/merchant/gate/enter', { token: shop.token, body: { facilityId: pool, code: await entryCode(server, fan.token) } });
      expect(entered.status).toBe(201);
      server.clock.advance(20 * 60_000);
      expect((await call(server, 'POST', '/api/v1/merchant/gate/exit', { token: shop.token, body: { visitId: entered.body.visit.id } })).status).toBe(200);
      if (visit === 1) expect((await collectionOf(server, fan)).map((item) => item.seriesId)).not.toContain(visited.id);
    }
    const held = await collectionOf(server, fan);
    expect(held.map((item) => [item.seriesId, item.serial, item.obtainedBy]).sort()).toEqual(
      [
        [watched.id, 1, 'content_view'],
        [attended.id, 1, 'event_checkin'],
        [visited.id, 1, 'venue_visits'],
      ].sort(),
    );
    const one = await call(server, 'GET', `/api/v1/me/collectibles/${(held[0] as unknown as { id: string }).id}`, { token: fan.token });
    expect(one.body.collectible).toMatchObject({ transferable: false, artworkUrl: artwork });
    const other = await signIn(server, 'not-the-holder');
    expect((await call(server, 'GET', `/api/v1/me/collectibles/${(held[0] as unknown as { id: string }).id}`, { token: other.token })).status).toBe(404);
  });
});
