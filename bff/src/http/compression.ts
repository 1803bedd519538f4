import compress from 'koa-compress';
import { constants } from 'node:zlib';
import type { Middleware } from 'koa';

/**
 * Text worth compressing: JSON answers, scripts, styles, pages and SVG. Images are compressed
 * already, and an event stream must reach the client as each event is written, so neither is.
 */
const COMPRESSIBLE = /^(text\/(html|css|javascript|plain)|application\/(json|javascript|[\w.+-]+\+json)|image\/svg\+xml)\b/;

/**
 * Brotli or gzip, as the client accepts (brotli first), for bodies of 1 KB or more, compressed as
 * they are sent. Brotli stays at quality 4: on the H5 app.js (221 KB) it takes about 5 ms for
 * 80 KB, where quality 11 takes about 450 ms for 69 KB, too slow to pay on every response.
 */
export function compression(): Middleware {
  return compress({
    filter: (type) => COMPRESSIBLE.test(type),
    threshold: 1024,
    br: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
    gzip: { level: 6 },
    deflate: false,
  });
}
