import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, type TestUser } from '../support/client.js';
import { png, uploadFile } from '../support/images.js';

const backends = await storageBackends();

describe.each(backends)('avatars on %s', (backend, available) => {
  let server: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  const mediaDir = mkdtempSync(join(tmpdir(), 'cb-avatars-'));

  const upload = (user: TestUser, bytes: Buffer, name = 'me.png', type = 'image/png') =>
    uploadFile(`${server.url}/api/v1/me/avatar`, user.token, bytes, name, type);

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
