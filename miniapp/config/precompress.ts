import CompressionPlugin from 'compression-webpack-plugin';
import { constants } from 'node:zlib';

/** Scripts, styles, the index page and SVG: what the BFF would otherwise compress per response. */
const TEXT = /\.(js|css|html|svg)$/;

/**
 * H5: writes `<file>.br` (brotli at its best quality) and `<file>.gz` beside each text asset. The
 * BFF's static files (koa-send) serve those to browsers that accept them, so a first load costs
 * the server no compression and transfers fewer bytes than its per-response brotli (quality 4).
 */
export function precompression(): [name: string, plugin: typeof CompressionPlugin, options: object][] {
  return [
    ['precompressBrotli', CompressionPlugin, { filename: '[path][base].br', algorithm: 'brotliCompress', test: TEXT, threshold: 1024, compressionOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } } }],
    ['precompressGzip', CompressionPlugin, { filename: '[path][base].gz', algorithm: 'gzip', test: TEXT, threshold: 1024, compressionOptions: { level: 9 } }],
  ];
}
