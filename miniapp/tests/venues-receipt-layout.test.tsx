import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@tarojs/taro', async (importOriginal) => ({ ...(await importOriginal<object>()), useDidShow: vi.fn(), useDidHide: vi.fn() }));
const venuesApi = vi.hoisted(() => ({ pass: vi.fn(), visits: vi.fn() }));
vi.mock('../src/packages/venues/api', () => ({ venuesApi }));

const { default: Pass } = await import('../src/packages/venues/pages/pass/index');

const NOW = new Date('2026-06-15T02:00:00.000Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();
const JUST_LEFT = {
  id: '31', facilityId: '7', facilityName: '标准泳池', venueId: '5', venueName: '城北游泳馆', activity: 'swimming', status: 'closed',
  enteredAt: at(-15), leftAt: at(-5), minutes: 10, fee: 10, calories: 60, coinsEarned: 60, campaignCoins: 0, bookingId: null, bookingCoins: null,
};

/** The venue pages' stylesheet, as the build would add it to the page (vitest leaves imported CSS out). */
function addVenueStyles(): CSSStyleSheet {
  const style = document.createElement('style');
  style.textContent = readFileSync(join(import.meta.dirname, '../src/packages/venues/pages/venues.css'), 'utf8');
  document.head.append(style);
  return style.sheet as CSSStyleSheet;
}

describe("the entry pass's code and receipt", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
    venuesApi.pass.mockResolvedValue({ code: 'AAAABBBBCCCCDDDDEEEE', issuedAt: NOW.toISOString(), expiresAt: at(1) });
    venuesApi.visits.mockResolvedValue({ items: [JUST_LEFT], nextCursor: null });
  });
  afterEach(() => {
    vi.useRealTimers();
    document.head.innerHTML = '';
  });

  it('keeps the four figures of the receipt apart, each in its own ruled cell across the whole card', async () => {
    addVenueStyles();
    render(<Pass />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    const receipt = screen.getByTestId('receipt');
    const cells = Array.from(receipt.children) as HTMLElement[];
    expect(cells.map((cell) => cell.textContent)).toEqual(['10 分钟时长', '10 金币场地费', '60 千卡消耗', '+60运动金币']);
    expect(cells.map((cell) => getComputedStyle(cell).borderLeftStyle || 'none')).toEqual(['none', 'solid', 'solid', 'solid']);
    expect(getComputedStyle(receipt).gridTemplateColumns).toBe('repeat(4, minmax(0, 1fr))');
    // A figure never breaks inside its cell ("10 分" / "钟").
    expect(getComputedStyle(screen.getByTestId('receipt-minutes')).whiteSpace).toBe('nowrap');
    // On the pass, whose items are centred, the card still spans the page rather than shrinking to its figures.
    expect(getComputedStyle(screen.getByTestId('visit')).alignSelf).toBe('stretch');
  });

  it('keeps the pass code on one line, smaller and tighter on a screen narrower than 360 px', async () => {
    const sheet = addVenueStyles();
    render(<Pass />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(getComputedStyle(screen.getByTestId('pass-code')).whiteSpace).toBe('nowrap');
    // jsdom applies no media queries: the narrow screen's rule is read from the stylesheet.
    const narrow = Array.from(sheet.cssRules).find((rule) => /max-width:\s*359px/.test((rule as CSSMediaRule).media?.mediaText ?? '')) as CSSMediaRule | undefined;
    const code = Array.from(narrow?.cssRules ?? []).find((rule) => (rule as CSSStyleRule).selectorText === '.pass__code') as CSSStyleRule | undefined;
    expect(code?.style.getPropertyValue('font-size')).toBe('32px');
    expect(code?.style.getPropertyValue('letter-spacing')).toBe('1px');
  });

  it('says a booked visit was paid for when booked, not that it cost nothing', async () => {
    venuesApi.visits.mockResolvedValue({ items: [{ ...JUST_LEFT, fee: 0, bookingId: '12', bookingCoins: 20 }], nextCursor: null });
    render(<Pass />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(screen.getByTestId('receipt-fee').textContent).toBe('预约已付 20');
  });
});
