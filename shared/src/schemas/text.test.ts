import { describe, expect, it } from 'vitest';
import { blockOfText, lineOfText } from './common.js';
import { CreateCommentRequest, CreatePostRequest } from './posts.js';

const line = lineOfText(8);
const block = blockOfText(20);
const passes = (schema: typeof line | typeof block, value: string) => schema.safeParse(value).success;

describe('text people read', () => {
  it('takes a line in any script, emoji joined by zero-width joiners included, trimmed', () => {
    for (const value of ['小明', 'مرحبا', 'Zoë', '👨‍👩‍👧', ' 跑者 ']) expect(passes(line, value), value).toBe(true);
    expect(line.parse(' 跑者 ')).toBe('跑者');
  });

  it('refuses a line with a control character, a line break or a direction mark, or with nothing that shows', () => {
    for (const value of ['a\u0000b', 'a\nb', 'a\tb', '\u0085x', 'ab\u202ecd', 'ab\u2066cd', '\u200b', '\u3000\u200b\u200b', '\u3164', '\u115f\u1160', '\uffa0', '', '   ', '123456789']) {
      expect(passes(line, value), JSON.stringify(value)).toBe(false);
    }
  });

  it('gives one reason for a line that is empty once trimmed', () => {
    const answer = line.safeParse('   ');
    expect(answer.success).toBe(false);
    expect(answer.error?.issues.map((issue) => issue.code)).toEqual(['too_small']);
  });

  it('takes a text of several lines with tabs and line breaks, or empty, and refuses other control characters and direction marks', () => {
    for (const value of ['', '第一行\n第二行', '列\t列', 'a\r\nb']) expect(passes(block, value), JSON.stringify(value)).toBe(true);
    for (const value of ['a\u0007', 'a\u0000', 'a\u202eb', 'a\u001bb']) expect(passes(block, value), JSON.stringify(value)).toBe(false);
  });

  it('writes the line breaks office apps paste (vertical tab, form feed, NEL, line and paragraph separators) as plain ones in a text, and refuses them in a line', () => {
    expect(block.parse('第一行\u000b第二行\u000c第三行\u0085第四\u2028五\u2029六')).toBe('第一行\n第二行\n第三行\n第四\n五\n六');
    for (const value of ['a\u2028b', 'a\u2029b', 'a\u000bb']) expect(passes(line, value), JSON.stringify(value)).toBe(false);
  });

  it('refuses a post or comment that shows nothing (zero-width spaces, Hangul fillers), naming the text', () => {
    for (const text of ['\u200b\u200b', '\u3164', '\u3164\u3164 \u200b', '\u115f \ufeff']) {
      for (const schema of [CreatePostRequest, CreateCommentRequest]) {
        const answer = schema.safeParse({ text });
        expect(answer.success, JSON.stringify(text)).toBe(false);
        expect(answer.error?.issues.map((issue) => issue.path)).toEqual([['text']]);
      }
    }
    expect(CreatePostRequest.safeParse({ text: '游泳\u200b打卡' }).success).toBe(true);
  });
});
