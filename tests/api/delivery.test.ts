import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/harness.js';

/** A stand-in H5 build laid out as Taro writes one (miniapp/config/index.ts): hashed scripts and styles, an index page. */
function fakeH5Build(): string {
  const root = mkdtempSync(join(tmpdir(), 'cb-h5-'));
  mkdirSync(join(root, 'js'));
  mkdirSync(join(root, 'css'));
  mkdirSync(join(root, 'static/images'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Calorie Bank</title><script src="/js/app.75746374.js"></script>');
  writeFileSync(join(root, 'js/app.75746374.js'), `window.app = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `step ${i}`))};\n`);
  writeFileSync(join(root, 'css/app.757463740deb9e521a53.css'), '.ring { color: #f60; }\n'.repeat(100));
  writeFileSync(join(root, 'static/images/me.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  // The build's brotli and gzip copies of a script (miniapp/config/precompress.ts); their text differs, to tell which was sent.
  const precompressed = 'window.vendor = "precompressed";\n'.repeat(64);
  writeFileSync(join(root, 'js/909.0a0b0c0d.js'), precompressed.replace('precompressed', 'plain'));
  writeFileSync(join(root, 'js/909.0a0b0c0d.js.br'), brotliCompressSync(precompressed));
  writeFileSync(join(root, 'js/909.0a0b0c0d.js.gz'), gzipSync(precompressed.replace('precompressed', 'gzipped')));
  return root;
}

describe('compression, caching and the API document', () => {
  let server: TestServer;
  const h5 = fakeH5Build();
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

  beforeAll(async () => {
    server = await startTestServer('sqlite', { H5_DIST: h5 });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(h5, { recursive: true, force: true });
  });

  it('compresses a hashed script with brotli or gzip and lets browsers keep it for a year', async () => {
    // fetch decodes the body itself; what arrived encoded is in content-encoding.
    for (const encoding of ['br', 'gzip']) {
      const response = await get('/js/app.75746374.js', { 'accept-encoding': encoding });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-encoding')).toBe(encoding);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('content-type')).toMatch(/javascript/);
      expect(await response.text()).toMatch(/^window\.app = /);
    }
    expect((await get('/css/app.757463740deb9e521a53.css')).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get('/js/app.75746374.js', { 'accept-encoding': 'identity' })).headers.get('content-encoding')).toBeNull();
  });

  it("sends the build's brotli or gzip copy of a file as it is, and says the answer varies by encoding", async () => {
    const brotli = await get('/js/909.0a0b0c0d.js', { 'accept-encoding': 'gzip, br', origin: 'https://h5.example' });
    expect(brotli.headers.get('content-encoding')).toBe('br');
    const vary = (brotli.headers.get('vary') ?? '').toLowerCase().split(/,\s*/);
    expect(vary).toEqual(expect.arrayContaining(['origin', 'accept-encoding']));
    expect(brotli.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(brotli.headers.get('content-type')).toMatch(/javascript/);
    expect(await brotli.text()).toMatch(/^window\.vendor = "precompressed";/);
    const gzip = await get('/js/909.0a0b0c0d.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(await gzip.text()).toMatch(/^window\.vendor = "gzipped";/);
    const plain = await get('/js/909.0a0b0c0d.js', { 'accept-encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toMatch(/^window\.vendor = "plain";/);
  });

  it('never lets the index page be kept without asking, and keeps unhashed files an hour', async () => {
    for (const path of ['/', '/index.html']) {
      const page = await get(path, { 'accept-encoding': 'gzip' });
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(await page.text()).toContain('/js/app.75746374.js');
    }
    expect((await get('/static/images/me.png')).headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('compresses JSON answers', async () => {
    for (const encoding of ['br', 'gzip']) {
      const response = await get('/api/docs/openapi.json', { 'accept-encoding': encoding });
      expect(response.headers.get('content-encoding')).toBe(encoding);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await response.json()) as { openapi: string }).openapi).toBe('3.1.0');
    }
  });

  it('sends JSON as it is to a client that names no encoding, and still says the answer varies by encoding', async () => {
    // fetch always sends Accept-Encoding; node:http sends only the headers it is given.
    const answer = await new Promise<{ headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
      httpGet(`${server.url}/api/docs/openapi.json`, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ headers: response.headers, body }));
      }).on('error', reject);
    });
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.body.length).toBeGreaterThan(1024);
    expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
    expect((JSON.parse(answer.body) as { openapi: string }).openapi).toBe('3.1.0');
    expect((answer.headers.vary ?? '').toLowerCase().split(/,\s*/)).toContain('accept-encoding');
  });

  it('shows people a viewer at /api/docs, served from the BFF, and programs the JSON', async () => {
    const page = await get('/api/docs', { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' });
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('/api/docs/assets/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\//);
    const bundle = await get('/api/docs/assets/swagger-ui-bundle.js', { 'accept-encoding': 'br' });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect(bundle.headers.get('content-encoding')).toBe('br');
    expect((await get('/api/docs/assets/swagger-ui.css')).status).toBe(200);
    expect((await get('/api/docs/viewer.js')).status).toBe(200);
    expect((await get('/api/docs/assets/package.json')).status).toBe(404);

    for (const accept of ['application/json', '*/*']) {
      const json = await get('/api/docs', { accept });
      expect(json.headers.get('content-type')).toMatch(/^application\/json/);
      const { paths } = (await json.json()) as { paths: Record<string, Record<string, { requestBody?: { content: object } }>> };
      expect(paths['/leaderboards/daily/likes']).toMatchObject({ post: expect.any(Object), delete: expect.any(Object) });
      expect(Object.keys(paths['/merchant/uploads'].post.requestBody!.content)).toEqual(['multipart/form-data']);
    }
  });
});
