import { describe, expect, it } from 'vitest';
import { excerptOf, sanitizeArticle } from './content-html.js';

const MEDIA = `/media/${'a'.repeat(64)}.png`;

describe('sanitizeArticle', () => {
  it('keeps links only to absolute http(s) URLs, and their text always', () => {
    expect(sanitizeArticle('<a href="https://example.com/a">甲</a>')).toBe('<a href="https://example.com/a" rel="noopener noreferrer" target="_blank">甲</a>');
    expect(sanitizeArticle('<a href="http://example.com/">乙</a>')).toBe('<a href="http://example.com/" rel="noopener noreferrer" target="_blank">乙</a>');
    for (const href of ['/relative', '../up', 'media/x', '//evil.example/x', 'javascript:alert(1)', 'mailto:a@b.c', 'https:/broken', '']) {
      expect(sanitizeArticle(`<a href="${href}">丙</a>`)).toBe('<a rel="noopener noreferrer" target="_blank">丙</a>');
    }
  });

  it("keeps images only from https or exactly this BFF's media store", () => {
    expect(sanitizeArticle(`<img src="${MEDIA}" alt="x">`)).toBe(`<img src="${MEDIA}" alt="x" />`);
    expect(sanitizeArticle('<img src="https://img.example.com/a.png">')).toBe('<img src="https://img.example.com/a.png" />');
    for (const src of ['/media/../../etc/passwd', `${MEDIA}?x=1`, '/media/abc.png', 'http://img.example.com/a.png', '//img.example.com/a.png', '/other.png']) {
      expect(sanitizeArticle(`<p>图<img src="${src}"></p>`)).toBe('<p>图</p>');
    }
  });

  it('writes a plain excerpt of the text', () => {
    expect(excerptOf('<p>先慢跑 <strong>20 分钟</strong> &amp; 拉伸</p>')).toBe('先慢跑 20 分钟 & 拉伸');
    expect(excerptOf(`<p>${'跑'.repeat(100)}</p>`, 10)).toBe(`${'跑'.repeat(9)}…`);
  });
});
