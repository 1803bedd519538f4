import { createRequire } from 'node:module';
import type SanitizeHtml from 'sanitize-html';
import { isImageId } from '../media/image-store.js';

/**
 * sanitize-html (with htmlparser2 and postcss) loads on the first article or excerpt, not at
 * start: most processes serve syncs and boards and never need it, and loaded it held several MB.
 */
const require = createRequire(import.meta.url);
let loaded: typeof SanitizeHtml | undefined;
const sanitizer = () => (loaded ??= require('sanitize-html') as typeof SanitizeHtml);

/** A link an article may keep: an absolute http(s) URL (never a path on this BFF's origin). */
const LINK = /^https?:\/\/[^/\s]/i;
/** An image an article may show: https, or exactly an image of this BFF's `/media/` store. */
const isArticleImage = (src: string) => /^https:\/\/[^/\s]/.test(src) || (src.startsWith('/media/') && isImageId(src.slice('/media/'.length)));

/**
 * What an article body may keep: text structure, emphasis, links and images. Scripts, styles,
 * event handlers, iframes and `javascript:` URLs are dropped; links only to absolute http(s)
 * URLs (a link to anything else keeps its text); images only from https or this BFF's own
 * `/media/` store.
 */
let articlePolicy: SanitizeHtml.IOptions | undefined;
function policy(): SanitizeHtml.IOptions {
  articlePolicy ??= {
    allowedTags: ['p', 'br', 'h2', 'h3', 'h4', 'strong', 'b', 'em', 'i', 'u', 's', 'blockquote', 'ul', 'ol', 'li', 'a', 'img', 'hr'],
    allowedAttributes: { a: ['href', 'rel', 'target'], img: ['src', 'alt', 'width', 'height'] },
    allowedSchemes: ['https', 'http'],
    allowedSchemesByTag: { img: ['https'] },
    allowProtocolRelative: false,
    transformTags: {
      a: (_tag, attribs) => ({
        tagName: 'a',
        attribs: { ...(LINK.test(attribs.href ?? '') ? { href: attribs.href } : {}), rel: 'noopener noreferrer', target: '_blank' },
      }),
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !isArticleImage(frame.attribs.src ?? ''),
  };
  return articlePolicy;
}

/** An operator's rich text made safe to render in the mini-program. */
export function sanitizeArticle(html: string): string {
  return sanitizer()(html, policy()).trim();
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ' };

/** The first words of a body as plain text, for a card. */
export function excerptOf(html: string | null, length = 80): string {
  if (!html) return '';
  const text = sanitizer()(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
