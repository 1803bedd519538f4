import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';

/** A small real PNG (a green square), made here so the test carries no binary file. */
export function png(side = 64): Buffer {
  const crc = (bytes: Buffer) => {
    let c = ~0;
    for (const byte of bytes) {
      c ^= byte;
      for (let k = 0; k < 8; k += 1) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(side * 3, Buffer.from([16, 185, 129]))]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: side }, () => row)));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

/** Fails on a page wider than the screen: the document scrolls sideways, or an element's right edge passes the viewport. */
export async function overflowOf(page: Page): Promise<string[]> {
  // A script string: the tests are type-checked without the DOM library.
  return page.evaluate(`(() => {
    const width = window.innerWidth;
    const found = [];
    if (document.documentElement.scrollWidth > width) found.push('document ' + document.documentElement.scrollWidth + ' > ' + width);
    for (const element of document.querySelectorAll('body *')) {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || style.position === 'fixed') continue;
      // Pages kept under the one on top (Taro's page stack) are hidden.
      if (element.closest('.taro_page') && element.closest('.taro_page').offsetParent === null) continue;
      if (box.right > width + 0.5) found.push(element.tagName.toLowerCase() + '.' + String(element.className).split(' ')[0] + ' right ' + Math.round(box.right) + ' > ' + width);
    }
    return found.slice(0, 10);
  })()`) as Promise<string[]>;
}
