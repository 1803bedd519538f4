import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/harness.js';
import { apiAs, call, orFail, signIn, syncSteps } from '../support/client.js';
import { entryCode } from '../support/venues.js';
import { staffToken } from '../support/merchants.js';
import { DEMO_STAFF, seedDemoData } from '../../bff/src/demo.js';

/** `npm start` demo data: the channel, the membership, the collection and the venue are not empty on a fresh start. */
describe('demo content, collectibles and venue', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    // What `npm start` runs once the server is up (bff/src/main.ts).
    await seedDemoData(server.context, server.sandbox!);
  });
  afterAll(async () => server?.stop());

  it('seeds a video, an article and a members-only item, and series whose step award the demo hikers already hold', async () => {
    const visitor = await signIn(server, 'demo-visitor');
    const channel = await call(server, 'GET', '/api/v1/content/channel', { token: visitor.token });
    const byTag = Object.fromEntries(channel.body.sections.map((section: { tag: string; items: { kind: string; locked: boolean }[] }) => [section.tag, section.items]));
    expect(byTag.nba).toEqual([expect.objectContaining({ kind: 'video', locked: false })]);
    expect(byTag.running).toEqual([expect.objectContaining({ kind: 'article', locked: false })]);
    expect(byTag.swimming).toEqual([expect.objectContaining({ kind: 'article', membersOnly: true, locked: true })]);

    const series = await call(server, 'GET', '/api/v1/collectibles/series', { token: visitor.token });
    const awarded = series.body.items.find((item: { rule: { kind: string } }) => item.rule.kind === 'steps');
    // The hiking campaign's members with 10,000 steps or more: 山野徒步客 and 晨跑小林.
    expect(awarded).toMatchObject({ editionSize: 100, issued: 2, mySerial: null });
    expect(series.body.items.map((item: { rule: { kind: string } }) => item.rule.kind).sort()).toEqual(['content_view', 'purchase', 'steps']);
  });

  it('seeds a live venue with a walk-in pool and a table-tennis hall with slots, whose gate the demo merchant runs', async () => {
    const visitor = await signIn(server, 'demo-swimmer');
    const { items } = await orFail('venues', apiAs(server, visitor.token).listVenues({}));
    expect(items).toHaveLength(1);
    const { venue } = await orFail('venue', apiAs(server, visitor.token).getVenue({ params: { id: items[0].id } }));
    expect(venue.facilities.map((facility) => [facility.kind, facility.activity])).toEqual([
      ['walk_in', 'swimming'],
      ['booking', 'table_tennis'],
    ]);
    const [pool, hall] = venue.facilities;
    expect(pool.pricePerPeriod).toBeGreaterThan(0);
    expect(hall.slots.length).toBeGreaterThan(0);
    expect(hall.slots.every((slot) => slot.placesLeft > 0 && slot.priceCoins > 0)).toBe(true);

    // The demo merchant signs in with the printed credentials and lets the visitor swim (the clock starts at 10:00, within the hours).
    await syncSteps(server, visitor, 10_000);
    const gate = apiAs(server, await staffToken(server, DEMO_STAFF.merchant.username, DEMO_STAFF.merchant.password));
    const entered = await orFail('entry', gate.gateEnter({ body: { facilityId: pool.id, code: await entryCode(server, visitor.token) } }));
    expect(entered.visit.holdCoins).toBe(pool.holdCoins);
    expect((await orFail('exit', gate.gateExit({ body: { visitId: entered.visit.id } }))).visit.fee).toBe(pool.pricePerPeriod);
  });
});
