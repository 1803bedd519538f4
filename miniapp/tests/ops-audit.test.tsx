import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODERATION_ACTIONS } from '@calorie-bank/shared';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { staffSignedIn } from './fake-taro';

/** The BFF as the console sees it: every request goes to `bff`, storage is a map. */
const bff = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) => (await import('./fake-taro')).fakeTaroWithBff(await importOriginal(), storage, bff));

const { Audit, stateLines } = await import('../src/packages/ops/sections/Audit');
const { Overview, labelEvery } = await import('../src/packages/ops/sections/Overview');
const { au } = await import('../src/packages/ops/audit-i18n');

const refusal = (status: number, code: string) => [status, { error: { code, message: code } }];

/**
 * Every audit action the BFF writes: the dotted literals of the services that record audits, and
 * the actions they build (a campaign's new status, a moderation's action).
 */
function auditActionsOfTheBff(): string[] {
  // The module's folder, not its URL: under jsdom `import.meta.url` is not a file URL.
  const root = join(import.meta.dirname, '../../bff/src');
  const sources = (readdirSync(root, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
  const found = new Set<string>(['campaign.pause', 'campaign.resume', 'campaign.end', ...MODERATION_ACTIONS.map((action) => `moderation.${action}`)]);
  for (const file of sources) {
    const text = readFileSync(join(root, file), 'utf8');
    if (!text.includes('recordAudit(')) continue;
    for (const [, action] of text.matchAll(/'([a-z_]+(?:\.[a-z_]+)+)'/g)) found.add(action);
  }
  return [...found].sort();
}

beforeEach(() => {
  bff.mockReset();
  staffSignedIn(storage, 'operator');
});

describe('the audit log', () => {
  it('names every action the BFF writes, in Chinese and in English, and offers a filter for each', async () => {
    const actions = auditActionsOfTheBff();
    expect(actions).toContain('collectibles.series.end');
    expect(actions.filter((action) => !au.actions[action])).toEqual([]);
    bff.mockResolvedValue([200, { items: [], nextCursor: null }]);
    render(<Audit />);
    for (const action of actions) expect(screen.getByTestId(`audit-filter-${action}`).textContent).toBe(au.actions[action]);
  });

  it('says what was done to what in words, and the before and after as lines of key: value', async () => {
    const entry = (id: string, action: string, targetType: string, targetId: string | null, before: unknown, after: unknown) => ({
      id, actorId: '1', actor: 'ops', action, targetType, targetId, reason: null, before, after, createdAt: '2026-11-30T02:00:00.000Z',
    });
    bff.mockImplementation(async (method: string, path: string) =>
      path.startsWith('/ops/audit')
        ? [200, {
            items: [
              entry('4', 'venue.approve', 'venue', '1', { status: 'pending' }, { status: 'live' }),
              entry('3', 'moderation.freeze', 'user', '6', null, { frozen: true, userId: '6', words: ['广告', '引流'], limits: { daily: 3 } }),
              entry('2', 'day.settle', 'day', '2026-11-29', null, null),
              entry('1', 'collectibles.series.create', 'collectible_series', '3', null, '<b>not markup</b>'),
            ],
            nextCursor: null,
          }]
        : refusal(404, 'NOT_FOUND'),
    );
    render(<Audit />);
    await waitFor(() => expect(screen.getAllByTestId('audit-entry')).toHaveLength(4));
    expect(screen.getAllByTestId('audit-action').map((line) => line.textContent)).toEqual(['通过场馆', '冻结作者', '日终结算', '创建藏品系列']);
    expect(screen.getAllByTestId('audit-target').map((line) => line.textContent)).toEqual(['ops · 场馆 #1', 'ops · 用户 #6', 'ops · 日期 2026-11-29', 'ops · 藏品系列 #3']);
    const [venue, freeze, , series] = screen.getAllByTestId('audit-entry');
    expect(within(venue).getByTestId('audit-before').textContent).toBe('之前status: pending');
    expect(within(venue).getByTestId('audit-after').textContent).toBe('之后status: live');
    expect(within(freeze).queryByTestId('audit-before')).toBeNull();
    expect(within(freeze).getByTestId('audit-after').textContent).toBe('之后frozen: trueuserId: 6words: 广告, 引流limits: {"daily":3}');
    expect(within(series).getByTestId('audit-after').textContent).toBe('之后<b>not markup</b>');
    expect(series.querySelector('b')).toBeNull();
  });

  it('writes each key of a before or after on its own line', () => {
    expect(stateLines({ status: 'live', budget: 1000, note: null })).toEqual(['status: live', 'budget: 1000', 'note: —']);
    expect(stateLines([{ steps: 10000 }])).toEqual(['[{"steps":10000}]']);
  });
});

describe('the overview charts', () => {
  const day = (date: string, usersSynced: number) => ({ date, usersSynced, steps: 0, coinsIssued: {}, coinsRedeemed: 0 });
  const STATS = { date: '2026-06-30', usersSynced: 0, steps: 0, coinsIssued: {}, coinsRedeemed: 0, topOffers: [], budgets: [] };

  it('dates and figures every fifth day of thirty, counting back from the latest, so that a phone can read them', async () => {
    const days = Array.from({ length: 30 }, (_, index) => day(`2026-06-${String(index + 1).padStart(2, '0')}`, index + 1));
    bff.mockImplementation(async (method: string, path: string) => {
      if (path === '/ops/stats') return [200, STATS];
      if (path.startsWith('/ops/stats/daily')) return [200, { days: path.includes('days=30') ? days : days.slice(-14) }];
      return refusal(404, 'NOT_FOUND');
    });
    render(<Overview />);
    await screen.findByTestId('span-30');
    await act(async () => fireEvent.click(screen.getByTestId('span-30')));
    const chart = await screen.findByTestId('chart-syncs');
    await waitFor(() => expect(within(chart).getAllByTestId('chart-day')).toHaveLength(30));
    const labels = within(chart).getAllByTestId('chart-label').map((label) => label.textContent).filter(Boolean);
    expect(labels).toEqual(['06-05', '06-10', '06-15', '06-20', '06-25', '06-30']);
    const figures = within(chart).getAllByTestId('chart-day').map((bar) => bar.querySelector('.ops-chart__value')!.textContent).filter(Boolean);
    expect(figures).toEqual(['5', '10', '15', '20', '25', '30']);
    // Every day keeps its bar and its value for the record.
    expect(within(chart).getAllByTestId('chart-day').map((bar) => bar.dataset.value)).toEqual(days.map((_, index) => String(index + 1)));
  });

  it('labels every day of a week and every other of a fortnight', () => {
    expect([7, 14, 30].map(labelEvery)).toEqual([1, 2, 5]);
  });
});
