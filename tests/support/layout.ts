import type { Page } from 'playwright-core';

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
