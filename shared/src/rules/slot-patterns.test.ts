import { describe, expect, it } from 'vitest';
import { peakPlaces, repeatedStart } from './slot-patterns.js';

const slot = (weekday: number, start: string, durationMinutes: number, capacity: number) => ({ weekday, start, durationMinutes, capacity });

describe('a weekly slot pattern', () => {
  it('finds a start that an earlier slot of the same day has, and none across days', () => {
    expect(repeatedStart([slot(5, '10:00', 60, 1), slot(5, '10:30', 30, 2), slot(5, '10:00', 30, 2)])).toBe(2);
    expect(repeatedStart([slot(5, '10:00', 60, 1), slot(6, '10:00', 60, 1)])).toBe(-1);
    expect(repeatedStart([])).toBe(-1);
  });

  it('adds up the places of slots on sale at one moment, and not of slots that only touch', () => {
    expect(peakPlaces([slot(5, '10:00', 60, 1), slot(5, '10:15', 60, 5), slot(5, '10:30', 60, 5)])).toEqual({ places: 11, index: 2 });
    expect(peakPlaces([slot(1, '09:00', 60, 4), slot(1, '10:00', 60, 4), slot(1, '11:00', 60, 4)])).toEqual({ places: 4, index: 0 });
    expect(peakPlaces([])).toEqual({ places: 0, index: -1 });
  });

  it('counts a slot running past midnight against the next day, Sunday night against Monday morning', () => {
    expect(peakPlaces([slot(2, '23:00', 120, 3), slot(3, '00:30', 60, 3)]).places).toBe(6);
    expect(peakPlaces([slot(7, '23:30', 60, 2), slot(1, '00:00', 30, 2)]).places).toBe(4);
    expect(peakPlaces([slot(7, '22:00', 60, 2), slot(1, '00:00', 30, 2)]).places).toBe(2);
  });
});
