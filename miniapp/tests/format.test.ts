import { describe, expect, it } from 'vitest';
import { count, formatNumber } from '../src/i18n/format';

describe('numbers on the screens', () => {
  it('groups digits by threes whatever the sign', () => {
    expect(formatNumber(1290)).toBe('1,290');
    expect(formatNumber(-1000)).toBe('-1,000');
    expect(formatNumber(999)).toBe('999');
  });

  it('says one thing in the singular and any other number in the plural', () => {
    expect(count(1, 'member')).toBe('1 member');
    expect(count(0, 'member')).toBe('0 members');
    expect(count(2, 'reply', 'replies')).toBe('2 replies');
    expect(count(12_000, 'view')).toBe('12,000 views');
  });
});
