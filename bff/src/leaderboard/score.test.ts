import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BOARD_STEPS, encodeScore, memberFor, stepsFromScore, userIdFromMember } from './score.js';

const date = '2026-06-15';
const dayStart = Date.parse('2026-06-14T16:00:00Z'); // midnight in Shanghai
const steps = fc.integer({ min: 0, max: MAX_BOARD_STEPS });
const reachedAt = fc.integer({ min: dayStart, max: dayStart + 2 * 86_400_000 });

describe('leaderboard score', () => {
  it('round-trips the steps and stays an exact integer', () => {
    fc.assert(fc.property(steps, reachedAt, (n, at) => {
      const score = encodeScore(date, n, at);
      expect(Number.isSafeInteger(score)).toBe(true);
      expect(stepsFromScore(score)).toBe(n);
    }));
  });

  it('ranks more steps higher whatever the times', () => {
    fc.assert(fc.property(steps, steps, reachedAt, reachedAt, (a, b, atA, atB) => {
      fc.pre(a !== b);
      expect(encodeScore(date, a, atA) > encodeScore(date, b, atB)).toBe(a > b);
    }));
  });

  it('ranks equal steps reached earlier higher', () => {
    fc.assert(fc.property(steps, reachedAt, reachedAt, (n, atA, atB) => {
      fc.pre(atA !== atB);
      expect(encodeScore(date, n, atA) > encodeScore(date, n, atB)).toBe(atA < atB);
    }));
  });

  it('refuses counts it cannot pack', () => {
    expect(() => encodeScore(date, MAX_BOARD_STEPS + 1, dayStart)).toThrow(RangeError);
    expect(() => encodeScore(date, -1, dayStart)).toThrow(RangeError);
  });

  it('pads members so that Redis orders ties by user id', () => {
    expect(memberFor('42')).toBe('000000000042');
    expect(userIdFromMember(memberFor('42'))).toBe('42');
    expect(memberFor('10') > memberFor('9')).toBe(true);
  });
});
