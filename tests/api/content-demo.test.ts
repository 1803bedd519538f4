import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn } from '../support/client.js';
import { seedDemoData } from '../../bff/src/demo.js';

/** `npm start` demo data: the channel, the membership and the collection are not empty on a fresh start. */
describe('demo content and collectibles', () => {
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
});
