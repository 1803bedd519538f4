import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const modal = vi.hoisted(() => vi.fn());
vi.mock('@tarojs/taro', async (importOriginal) => {
  const original = await importOriginal<{ default: object }>();
  return { ...original, useRouter: () => ({ params: { id: '7' } }), useReachBottom: vi.fn(), default: { ...original.default, showModal: modal } };
});

const api = vi.hoisted(() => ({ community: vi.fn(), leaderboard: vi.fn(), events: vi.fn(), leaveCommunity: vi.fn(), feed: vi.fn() }));
vi.mock('../src/api/client', async (importOriginal) => ({ ...(await importOriginal<object>()), api }));

const { default: CommunityDetail } = await import('../src/packages/communities/pages/detail/index');

const COMMUNITY = { id: '7', name: '周末徒步群', description: '', category: 'hiking', memberCount: 3, joined: true, moderator: false };

describe('a community the user has joined', () => {
  beforeEach(() => {
    for (const mock of Object.values(api)) mock.mockReset();
    modal.mockReset();
    api.community.mockResolvedValue({ community: COMMUNITY });
    api.leaderboard.mockResolvedValue({ date: '2026-06-15', scope: 'community:7', source: 'cache', me: null, entries: [] });
    api.events.mockResolvedValue({ items: [], nextCursor: null });
    api.leaveCommunity.mockResolvedValue({});
  });

  it('asks before leaving, leaves nothing on 再想想, and leaves once asked and confirmed', async () => {
    render(<CommunityDetail />);
    const leave = await screen.findByTestId('leave');
    modal.mockResolvedValueOnce({ confirm: false, cancel: true });
    await act(async () => fireEvent.click(leave));
    expect(modal).toHaveBeenCalledWith(expect.objectContaining({ title: '退出这个社群？', confirmText: '退出社群', cancelText: '再想想' }));
    expect(api.leaveCommunity).not.toHaveBeenCalled();

    modal.mockResolvedValueOnce({ confirm: true, cancel: false });
    await act(async () => fireEvent.click(leave));
    await waitFor(() => expect(api.leaveCommunity).toHaveBeenCalledTimes(1));
    expect(api.leaveCommunity).toHaveBeenCalledWith('7');
  });
});
