import { WEIGHT_KG_MAX, WEIGHT_KG_MIN } from '@calorie-bank/shared/rules';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/client';
import { fieldErrorsOf } from '../src/hooks/fieldErrors';
import { fieldSentence, limitsIn } from '../src/i18n/fieldErrors';

const invalid = (...details: { path: string; message: string }[]) => new ApiError('VALIDATION_FAILED', 'invalid body', 400, details);

describe('field errors in the app language', () => {
  it('reads the bounds out of zod messages', () => {
    expect(limitsIn('Too small: expected string to have >=1 characters')).toEqual({ min: 1, max: undefined });
    expect(limitsIn('Too big: expected number to be <=10000')).toEqual({ min: undefined, max: 10000 });
    expect(limitsIn('Too small: expected number to be >0')).toEqual({ min: 1, max: undefined });
    expect(limitsIn('Invalid input: expected number, received string')).toEqual({ min: undefined, max: undefined });
  });

  it('says what to fix for each known field, with the limits of the rules and of the message', () => {
    expect(fieldSentence('weightKg', 'Too big: expected number to be <=300')).toBe(`体重需在 ${WEIGHT_KG_MIN}–${WEIGHT_KG_MAX} 公斤之间的整数`);
    expect(fieldSentence('nickname', 'Too small: expected string to have >=1 characters')).toBe('昵称需为 1–32 个字');
    expect(fieldSentence('title', 'Too big: expected string to have <=60 characters')).toBe('标题需为 1–60 个字');
    expect(fieldSentence('title', 'Too small: expected string to have >=1 characters')).toBe('请填写标题');
    expect(fieldSentence('priceCoins', 'Too small: expected number to be >=1')).toBe('价格需为正整数');
    expect(fieldSentence('capacity', 'Too big: expected number to be <=10000')).toBe('容量需在 1–10000 人之间的整数');
    expect(fieldSentence('password', 'Too small: expected string to have >=10 characters')).toBe('密码至少 10 个字符');
    expect(fieldSentence('startsAt', 'Invalid ISO datetime')).toMatch(/^开始时间/);
  });

  it('says the usual rules in Chinese for a field without a sentence, and never shows the English', () => {
    expect(fieldSentence('colour', 'Invalid input')).toBe('请检查这一项');
    expect(fieldSentence('toString', 'Invalid input')).toBe('请检查这一项');
    expect(fieldSentence('visits', 'Too big: expected number to be <=1000')).toBe('不能大于 1000');
    expect(fieldSentence('visits', 'Too small: expected number to be >=1')).toBe('不能小于 1');
    expect(fieldSentence('note', 'Too big: expected string to have <=200 characters')).toBe('最多 200 个字');
    expect(fieldSentence('when', 'Invalid ISO datetime')).toBe('日期或时间无效，请重新选择');
    expect(fieldSentence('kind', 'Invalid option: expected one of "a"|"b"')).toBe('请从给出的选项中选择');
    expect(fieldSentence('slug', 'must not hold control characters or direction marks')).toBe('不能含控制字符、方向标记，也不能只有空格或不可见字符');
    // A field with its own sentence about length is not told to fix its length for a refused character.
    expect(fieldSentence('nickname', 'must hold a character that shows')).toBe('不能含控制字符、方向标记，也不能只有空格或不可见字符');
    expect(fieldSentence('description', 'must not hold control characters (but tabs and line breaks) or direction marks')).toBe('不能含控制字符、方向标记，也不能只有空格或不可见字符');
  });

  it("names a campaign's budget, an adjustment's amount and a last day that has passed in words", () => {
    expect(fieldSentence('budgetCoins', 'Too big: expected number to be <=100000000')).toBe('预算需在 1–100000000 金币之间的整数');
    expect(fieldSentence('amount', 'amount must not be zero')).toBe('调整金额不能为 0');
    expect(fieldSentence('endDate', 'endDate 2026-11-05 has passed: the last day must be 2026-11-30 or later')).toBe('结束日期已过：最早只能选昨天');
    expect(fieldSentence('endDate', 'endDate must not be before startDate')).toBe('结束日期需不早于开始日期');
  });

  it('puts each sentence beside its field once, and the rest with the general error', () => {
    const found = fieldErrorsOf(
      invalid(
        { path: 'validUntil', message: 'Invalid ISO datetime' },
        { path: 'validFrom', message: 'Invalid ISO datetime' },
        { path: 'priceCoins', message: 'Invalid input: expected int, received number' },
        { path: 'extra', message: 'is not a field this request takes' },
      ),
      ['priceCoins', 'validDays'],
      { validFrom: 'validDays', validUntil: 'validDays' },
    );
    expect(found).toEqual({ validDays: '有效期需为正整数天数，且结束日期晚于开始日期', priceCoins: '价格需为正整数', '': '请检查这一项' });
    expect(fieldErrorsOf(new ApiError('NETWORK', 'fetch failed'), ['priceCoins'])).toEqual({});
  });
});
