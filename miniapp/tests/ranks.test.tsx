import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@tarojs/taro', async (importOriginal) => ({ ...(await importOriginal<object>()), useDidShow: vi.fn() }));

const api = vi.hoisted(() => ({ leaderboard: vi.fn() }));
vi.mock('../src/api/client', async (importOriginal) => ({ ...(await importOriginal<object>()), api }));

const { default: Ranks } = await import('../src/pages/ranks/index');

function board(count: number, me: { rank: number; steps: number; likes: number } | null) {
  return {
    date: '2026-06-15',
    scope: 'global',
    source: 'cache',
    me,
    entries: Array.from({ length: count }, (_, index) => ({ rank: index + 1, userId: String(index + 1), nickname: `跑者${index + 1}`, steps: 50_000 - index, likes: index === 0 ? 12 : 0, likedByMe: index === 0 })),
  };
}

describe('ranks page', () => {
  beforeEach(() => api.leaderboard.mockReset());

  it('renders only the visible window of thousands of rows, with my place pinned', async () => {
    api.leaderboard.mockResolvedValue(board(5000, { rank: 4321, steps: 45_680, likes: 3 }));
    render(<Ranks />);
    await waitFor(() => expect(screen.getAllByTestId('rank-row').length).toBeGreaterThan(0));
    const rows = screen.getAllByTestId('rank-row');
    expect(rows.length).toBeLessThan(60);
    // Each row carries its likes of the day; a row the user liked shows a full heart.
    expect(rows[0].textContent).toBe('1跑者150,000 步♥12');
    expect(rows[1].textContent).toBe('2跑者249,999 步♡0');
    expect(screen.getByTestId('my-rank').textContent).toBe('我的排名4321 · 45,680 步♥ 3');
  });

  it('says so when nobody is on the board and the user is not ranked', async () => {
    api.leaderboard.mockResolvedValue(board(0, null));
    render(<Ranks />);
    expect((await screen.findByTestId('state-empty')).textContent).toBe('还没有人上榜');
    expect(screen.getByTestId('my-rank').textContent).toMatch(/还没有上榜/);
  });

  it("claims nothing about the user's place while the board loads, and says why on yesterday's board", async () => {
    let answer: (value: unknown) => void = () => undefined;
    api.leaderboard.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    render(<Ranks />);
    await waitFor(() => expect(api.leaderboard).toHaveBeenCalled());
    expect(screen.getByTestId('my-rank').textContent).toBe('我的排名—');
    await act(async () => answer(board(3, null)));
    await waitFor(() => expect(screen.getByTestId('my-rank').textContent).toBe('我的排名还没有上榜，去同步步数吧'));

    api.leaderboard.mockResolvedValue(board(3, null));
    await act(async () => fireEvent.click(screen.getByTestId('tab-yesterday')));
    await waitFor(() => expect(screen.getByTestId('my-rank').textContent).toBe('我的排名那天没有上榜'));
  });
});
