import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NewSlot, PlacedSlot } from '../db/slots.js';
import { fitBesidePlaced } from './venue-slots.js';

const MINUTE = 60_000;
const at = (minutes: number) => minutes * MINUTE;
const slot = (start: number, minutes: number, capacity: number): NewSlot => ({ startsAt: at(start), endsAt: at(start + minutes), capacity, priceCoins: 10 });
const placed = (start: number, minutes: number, capacity: number, booked: number, withdrawn: boolean): PlacedSlot => ({
  startsAt: at(start),
  endsAt: at(start + minutes),
  capacity,
  booked,
  withdrawn,
});

/** The most places taken at one moment: new slots and on-sale ones by their places, withdrawn ones by their bookings. */
function busiest(slots: NewSlot[], others: PlacedSlot[]): number {
  const taking = [...slots.map((item) => ({ ...item, takes: item.capacity })), ...others.map((item) => ({ ...item, takes: item.withdrawn ? item.booked : item.capacity }))];
  return Math.max(0, ...taking.map(({ startsAt }) => taking.reduce((sum, other) => sum + (other.startsAt <= startsAt && startsAt < other.endsAt ? other.takes : 0), 0)));
}

describe('fitting new slots beside the slots already made', () => {
  it('leaves the slots as the pattern made them when nothing else takes places', () => {
    const slots = [slot(600, 60, 5), slot(630, 60, 5)];
    expect(fitBesidePlaced(slots, [], 10, 0)).toEqual(slots);
    expect(fitBesidePlaced(slots, [placed(800, 60, 5, 5, true)], 10, 0)).toEqual(slots);
  });

  it('sells fewer places where a withdrawn slot still holds bookings, and none when they fill the room', () => {
    const fitted = fitBesidePlaced([slot(600, 60, 4), slot(720, 60, 4)], [placed(630, 60, 4, 3, true), placed(700, 60, 4, 4, true)], 4, 0);
    expect(fitted.map((item) => item.capacity)).toEqual([1, 0]);
  });

  it('counts an on-sale slot by its places and keeps it as it is when the pattern has its start', () => {
    const fitted = fitBesidePlaced([slot(600, 60, 3), slot(660, 60, 3)], [placed(570, 60, 2, 0, false), placed(660, 90, 4, 1, false)], 5, 0);
    expect(fitted).toEqual([{ ...slot(600, 60, 3) }, { ...slot(660, 90, 4) }]);
  });

  it('brings a withdrawn slot with the same start back never below the places it sold, before the others take theirs', () => {
    const fitted = fitBesidePlaced([slot(570, 60, 3), slot(600, 60, 2)], [placed(600, 60, 4, 3, true)], 5, 0);
    expect(fitted.map((item) => item.capacity)).toEqual([2, 3]);
  });

  it('counts a slot under way by the places it sold, since it sells no more', () => {
    const fitted = fitBesidePlaced([slot(660, 60, 4)], [placed(600, 120, 4, 1, false)], 4, at(630));
    expect(fitted.map((item) => item.capacity)).toEqual([3]);
  });

  it('never fills the room past its capacity as the slots are stored, and trims only slots that overlap others', () => {
    const span = fc.record({ start: fc.integer({ min: 0, max: 600 }), minutes: fc.integer({ min: 15, max: 240 }) });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: -60, max: 120 }),
        fc.uniqueArray(fc.record({ span, capacity: fc.integer({ min: 1, max: 12 }) }), { maxLength: 8, selector: (item) => item.span.start }),
        fc.uniqueArray(fc.record({ span, capacity: fc.integer({ min: 1, max: 12 }), booked: fc.nat(12), withdrawn: fc.boolean() }), {
          maxLength: 6,
          selector: (item) => item.span.start,
        }),
        (capacity, nowMinute, pattern, before) => {
          const now = at(nowMinute);
          const slots = pattern.map(({ span: { start, minutes }, capacity: places }) => slot(start, minutes, places)).filter((item) => item.startsAt > now);
          const existing = before
            .map(({ span: { start, minutes }, capacity: places, booked, withdrawn }) =>
              placed(start, minutes, Math.min(places, capacity), Math.min(booked, places, capacity), withdrawn),
            )
            // As `slotsTakingPlaces` reads them: a withdrawn slot only while it holds bookings, none withdrawn once started.
            .filter((item) => (item.withdrawn ? item.booked > 0 && item.startsAt > now : true));
          const taking = (item: PlacedSlot) => (item.withdrawn || item.startsAt <= now ? { ...item, capacity: item.booked, withdrawn: false } : item);
          // Only a pattern that fits the room is saved, and what was made before fitted it.
          fc.pre(busiest(slots, []) <= capacity && busiest([], existing.map(taking)) <= capacity);
          const fitted = fitBesidePlaced(slots, existing, capacity, now);
          // What the rows hold afterwards: `insertSlotsIfMissing` keeps an on-sale slot as it is and a
          // withdrawn one's times, never below what it sold.
          const stored = fitted.map((item) => {
            const same = existing.find((other) => other.startsAt === item.startsAt);
            if (!same) return item;
            return { ...item, endsAt: same.endsAt, capacity: same.withdrawn ? Math.max(item.capacity, same.booked) : same.capacity };
          });
          const starts = new Set(stored.map((item) => item.startsAt));
          expect(busiest(stored, existing.filter((item) => !starts.has(item.startsAt)).map(taking))).toBeLessThanOrEqual(capacity);
          for (const [index, item] of fitted.entries()) {
            const overlapsNothing = [...existing, ...fitted.filter((other) => other !== item)].every(
              (other) => other.endsAt <= item.startsAt || other.startsAt >= stored[index].endsAt,
            );
            if (overlapsNothing && !existing.some((other) => other.startsAt === item.startsAt)) expect(item.capacity).toBe(slots[index].capacity);
          }
        },
      ),
      { numRuns: 3_000 },
    );
  });
});
