import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, type TestUser } from '../support/client.js';

const backends = await storageBackends();

/** CRC-32 as PNG chunks use it. */
function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real PNG: `size`×`size` pixels of one colour, RGB, 8 bits. */
function png(size: number, rgb: [number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

describe.each(backends)('avatars on %s', (backend, available) => {
  let server: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  const mediaDir = mkdtempSync(join(tmpdir(), 'cb-avatars-'));

  async function upload(user: TestUser, bytes: Buffer, name = 'me.png', type = 'image/png') {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
    const response = await fetch(`${server.url}/api/v1/me/avatar`, { method: 'POST', headers: { authorization: `Bearer ${user.token}` }, body: form });
    return { status: response.status, body: (await response.json()) as any };
  }

  const me = async (user: TestUser) => (await call(server, 'GET', '/api/v1/me', { token: user.token })).body.user;

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, { MEDIA_DIR: mediaDir });
    alice = await signIn(server, 'avatar-alice');
    bob = await signIn(server, 'avatar-bob');
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(mediaDir, { recursive: true, force: true });
  });

  it.skipIf(!available)("stores a real PNG as the caller's avatar, shown by /me and served at its url; nobody else's changes", async () => {
    const bytes = png(24, [10, 200, 90]);
    const uploaded = await upload(alice, bytes);
    expect(uploaded.status).toBe(200);
    const url = uploaded.body.user.avatarUrl as string;
    expect(url).toMatch(/^\/media\/[0-9a-f]{64}\.png$/);
    expect(uploaded.body.user).toMatchObject({ id: alice.id, avatarUrl: url });
    expect(await me(alice)).toMatchObject({ id: alice.id, avatarUrl: url });
    expect((await me(bob)).avatarUrl).toBeNull();

    const served = await fetch(`${server.url}${url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it.skipIf(!available)('refuses a text file named .png, a tiny image, a JSON body and a caller without a session, keeping the avatar', async () => {
    const before = (await me(bob)).avatarUrl as string | null;
    const text = await upload(bob, Buffer.from('not a picture at all\n'.repeat(20)), 'me.png', 'image/png');
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await upload(bob, png(8, [0, 0, 0]))).status).toBe(400);
    expect((await call(server, 'POST', '/api/v1/me/avatar', { token: bob.token, body: { file: 'x' } })).status).toBe(415);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png(24, [1, 2, 3]))], { type: 'image/png' }), 'me.png');
    expect((await fetch(`${server.url}/api/v1/me/avatar`, { method: 'POST', body: form })).status).toBe(401);
    expect((await me(bob)).avatarUrl).toBe(before);
  });

  it.skipIf(!available)('takes in the profile only the url of a stored image, and null to clear it', async () => {
    const external = await call(server, 'PATCH', '/api/v1/me/profile', { token: bob.token, body: { avatarUrl: 'https://example.com/a.png' } });
    expect(external.status).toBe(400);
    expect(external.body.error.details).toEqual([expect.objectContaining({ path: 'avatarUrl' })]);
    const unknown = await call(server, 'PATCH', '/api/v1/me/profile', { token: bob.token, body: { avatarUrl: `/media/${'a'.repeat(64)}.png` } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ path: 'avatarUrl' })]);
    expect((await me(bob)).avatarUrl).toBeNull();

    const stored = (await upload(alice, png(20, [200, 0, 0]))).body.user.avatarUrl as string;
    const taken = await call(server, 'PATCH', '/api/v1/me/profile', { token: bob.token, body: { avatarUrl: stored } });
    expect(taken.status).toBe(200);
    expect(taken.body.user.avatarUrl).toBe(stored);
    const cleared = await call(server, 'PATCH', '/api/v1/me/profile', { token: bob.token, body: { avatarUrl: null } });
    expect(cleared.body.user.avatarUrl).toBeNull();
    expect((await me(alice)).avatarUrl).toBe(stored);
  });
});
