import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call } from '../support/client.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, offerBody, staffToken } from '../support/merchants.js';
import { png, uploadFile } from '../support/images.js';

const backends = await storageBackends();

describe.each(backends)('offer images on %s', (backend, available) => {
  let server: TestServer;
  let merchant: string;
  let operator: string;
  const mediaDir = mkdtempSync(join(tmpdir(), 'cb-media-'));

  const upload = (bytes: Buffer, name = 'offer.png', type = 'image/png', token = merchant) =>
    uploadFile(`${server.url}/api/v1/merchant/uploads`, token, bytes, name, type);

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, { ...WITH_OPERATOR, MEDIA_DIR: mediaDir });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    merchant = (await createMerchant(server, operator, 'Photo Cafe')).token;
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(mediaDir, { recursive: true, force: true });
  });

  it.skipIf(!available)('stores a real PNG, serves it immutably at its url, and shows it on the offer in review', async () => {
    const bytes = png(32);
    const uploaded = await upload(bytes);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.image).toMatchObject({ contentType: 'image/png', bytes: bytes.length, width: 32, height: 32 });
    const { url } = uploaded.body.image as { url: string };
    expect(url).toMatch(/^\/media\/[0-9a-f]{64}\.png$/);
    expect((await upload(bytes)).body.image.url).toBe(url);

    const served = await fetch(`${server.url}${url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(`${server.url}/media/${'0'.repeat(64)}.png`)).status).toBe(404);

    const offer = await call(server, 'POST', '/api/v1/merchant/offers', { token: merchant, body: offerBody(server, { imageUrl: url }) });
    expect(offer.status).toBe(201);
    expect(offer.body.offer.imageUrl).toBe(url);
    await call(server, 'POST', `/api/v1/merchant/offers/${offer.body.offer.id}/submit`, { token: merchant });
    const review = await call(server, 'GET', '/api/v1/ops/offers?status=pending', { token: operator });
    expect(review.body.items.find((item: { id: string }) => item.id === offer.body.offer.id)).toMatchObject({ imageUrl: url });
  });

  it.skipIf(!available)('refuses a text file named .png, an oversize file and a missing file in contract errors', async () => {
    const text = await upload(Buffer.from('just some words, not a picture\n'.repeat(20)), 'offer.png', 'image/png');
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');

    const huge = Buffer.concat([png(32), Buffer.alloc(2 * 1024 * 1024 + 1)]);
    const oversize = await upload(huge);
    expect(oversize.status).toBe(413);
    expect(oversize.body.error.code).toBe('PAYLOAD_TOO_LARGE');

    const json = await call(server, 'POST', '/api/v1/merchant/uploads', { token: merchant, body: { file: 'x' } });
    expect(json.status).toBe(415);
    const form = new FormData();
    form.append('note', 'no file here');
    const missing = await fetch(`${server.url}/api/v1/merchant/uploads`, { method: 'POST', headers: { authorization: `Bearer ${merchant}` }, body: form });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { details: unknown } }).error.details).toEqual([expect.objectContaining({ path: 'file' })]);

    expect((await upload(png(8))).status).toBe(400);
    expect((await upload(png(32), 'offer.png', 'image/png', operator)).status).toBe(403);
  });

  it.skipIf(!available)('takes only the urls of uploaded images for new offers', async () => {
    const external = await call(server, 'POST', '/api/v1/merchant/offers', { token: merchant, body: offerBody(server, { imageUrl: 'https://example.com/a.png' }) });
    expect(external.status).toBe(400);
    expect(external.body.error.details).toEqual([expect.objectContaining({ path: 'imageUrl' })]);
    const unknown = await call(server, 'POST', '/api/v1/merchant/offers', { token: merchant, body: offerBody(server, { imageUrl: `/media/${'a'.repeat(64)}.png` }) });
    expect(unknown.status).toBe(400);
  });

  it.skipIf(!available)('still reads offers saved with an outside image url before uploads', async () => {
    const offer = await call(server, 'POST', '/api/v1/merchant/offers', { token: merchant, body: offerBody(server) });
    await server.context.db.query('UPDATE offers SET image_url = ? WHERE id = ?', ['https://img.example.com/old.png', offer.body.offer.id]);
    const listed = await call(server, 'GET', '/api/v1/merchant/offers', { token: merchant });
    expect(listed.body.items.find((item: { id: string }) => item.id === offer.body.offer.id)).toMatchObject({ imageUrl: 'https://img.example.com/old.png' });
    const edited = await call(server, 'PATCH', `/api/v1/merchant/offers/${offer.body.offer.id}`, { token: merchant, body: { title: '新标题' } });
    expect(edited.body.offer).toMatchObject({ title: '新标题', imageUrl: 'https://img.example.com/old.png' });
  });
});
