import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** The BFF as the mini-program sees it: every request goes to `bff`. */
const bff = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) => (await import('./fake-taro')).fakeTaroWithBff(await importOriginal(), storage, bff));

const { FrozenNotice, useStanding, WarningsNotice } = await import('../src/components/Warnings');

/** A screen that shows the notice, and the frozen sentence instead of its composer. */
function Screen() {
  const standing = useStanding();
  return (
    <>
      <WarningsNotice standing={standing} />
      {standing.data?.frozen ? <FrozenNotice /> : <span data-testid='composer' />}
    </>
  );
}

const WARNINGS = [
  { id: '8', reason: '不要发广告', createdAt: '2026-06-15T02:00:00.000Z' },
  { id: '5', reason: '请文明发言', createdAt: '2026-06-14T02:00:00.000Z' },
];

describe("the operators' warnings in the mini-program", () => {
  beforeEach(() => {
    bff.mockReset();
    storage.clear();
    storage.set('cb.token', 'user-token');
  });

  it('shows unseen warnings with their reasons until dismissed, marking exactly those seen', async () => {
    let failDismiss = true;
    bff.mockImplementation(async (method: string, path: string) => {
      if (path === '/me/warnings') return [200, { items: WARNINGS, frozen: false }];
      if (path === '/me/warnings/seen' && method === 'POST') {
        if (failDismiss) return [503, { error: { code: 'SERVICE_UNAVAILABLE', message: 'down' } }];
        return [200, { seen: 2 }];
      }
      return [404, { error: { code: 'NOT_FOUND', message: path } }];
    });
    render(<Screen />);
    await waitFor(() => expect(screen.getAllByTestId('warning').map((line) => line.textContent)).toEqual([expect.stringContaining('不要发广告'), expect.stringContaining('请文明发言')]));
    expect(screen.getByTestId('composer')).toBeTruthy();

    await act(async () => fireEvent.click(screen.getByTestId('dismiss-warnings')));
    await waitFor(() => expect(screen.getByTestId('warnings-error')).toBeTruthy());
    expect(screen.getByTestId('warnings-notice')).toBeTruthy();

    failDismiss = false;
    await act(async () => fireEvent.click(screen.getByTestId('dismiss-warnings')));
    await waitFor(() => expect(screen.queryByTestId('warnings-notice')).toBeNull());
    const dismissals = bff.mock.calls.filter(([method, path]) => method === 'POST' && path === '/me/warnings/seen');
    expect(dismissals.at(-1)![2]).toEqual({ ids: ['8', '5'] });
  });

  it('tells a frozen user so in place of the composer', async () => {
    bff.mockImplementation(async () => [200, { items: [], frozen: true }]);
    render(<Screen />);
    await waitFor(() => expect(screen.getByTestId('frozen-notice').textContent).toContain('你的账户已被冻结'));
    expect(screen.queryByTestId('composer')).toBeNull();
    expect(screen.queryByTestId('warnings-notice')).toBeNull();
  });
});
