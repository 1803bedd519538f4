import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type Router from '@koa/router';
import send from 'koa-send';
import { notFound } from '../errors.js';

/** swagger-ui-dist's own directory: its bundle is served from here, so the page needs no CDN. */
const SWAGGER_UI = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png', 'favicon-16x16.png']);
/** The viewer's files change only with the package, so browsers may keep them a day. */
const ASSET_CACHE = 'public, max-age=86400';

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Calorie Bank API</title>
  <link rel="icon" type="image/png" href="/api/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="docs"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/docs/viewer.js"></script>
</body>
</html>
`;

// Kept out of the page, so that a Content-Security-Policy without inline scripts still allows it.
const VIEWER = `window.ui = SwaggerUIBundle({
  url: '/api/docs/openapi.json',
  dom_id: '#docs',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
});
`;

/**
 * The API document for people and programs: `/api/docs` is a page (Swagger UI, served from this
 * BFF) for browsers and the OpenAPI JSON for anyone who does not ask for HTML first, as it always
 * was; `/api/docs/openapi.json` is the JSON whatever is asked.
 */
export function mountApiDocs(router: Router, document: Record<string, unknown>): void {
  router.get('/api/docs', (ctx) => {
    ctx.vary('Accept');
    if (ctx.accepts('json', 'html') === 'html') {
      ctx.set('Cache-Control', 'no-cache');
      ctx.type = 'html';
      ctx.body = PAGE;
      return;
    }
    ctx.body = document;
  });
  router.get('/api/docs/openapi.json', (ctx) => {
    ctx.body = document;
  });
  router.get('/api/docs/viewer.js', (ctx) => {
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'application/javascript';
    ctx.body = VIEWER;
  });
  router.get('/api/docs/assets/:file', async (ctx) => {
    if (!ASSETS.has(ctx.params.file)) throw notFound('This file');
    await send(ctx, ctx.params.file, { root: SWAGGER_UI, setHeaders: (res) => res.setHeader('Cache-Control', ASSET_CACHE) });
  });
}
