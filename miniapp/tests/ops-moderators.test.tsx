import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { staffSignedIn } from './fake-taro';
import { type } from './fields';

/** The BFF as the console sees it: every request goes to `bff`; the confirm dialog answers `modal`. */
const bff = vi.hoisted(() => vi.fn());
const modal = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) => (await import('./fake-taro')).fakeTaroWithBff(await importOriginal(), storage, bff, { showModal: modal }));

const { Events } = await import('../src/packages/ops/sections/Events');
const { Moderation } = await import('../src/packages/ops/sections/Moderation');

const COMMUNITY = { id: '7', name: '周末徒步群', description: '', category: 'hiking', memberCount: 3, joined: false, moderator: false };
const ALICE = { kind: 'user', id: '42', name: '山野徒步客', avatarUrl: null };
const refusal = (status: number, code: string) => [status, { error: { code, message: code } }];

beforeEach(() => {
  bff.mockReset();
  modal.mockReset();
  staffSignedIn(storage, 'operator');
});

describe("the console's community moderators", () => {
  it('makes a member a moderator by id, takes the role back, and says beside the field why a user cannot be one', async () => {
    let moderators: (typeof ALICE)[] = [];
    bff.mockImplementation(async (method: string, path: string, body: { userId?: string }) => {
      if (path.startsWith('/ops/communities?')) return [200, { items: [COMMUNITY], nextCursor: null }];
      if (path === '/ops/communities/7/events') return [200, { items: [] }];
      if (path === '/ops/communities/7/moderators' && method === 'GET') return [200, { items: moderators }];
      if (path === '/ops/communities/7/moderators' && method === 'POST') {
        if (body.userId === '43') return refusal(403, 'NOT_A_MEMBER');
        moderators = [ALICE];
        return [200, { items: moderators }];
      }
      if (path === '/ops/communities/7/moderators/42' && method === 'DELETE') {
        moderators = [];
        return [200, { items: moderators }];
      }
      return refusal(404, 'NOT_FOUND');
    });
    render(<Events />);
    await waitFor(() => expect(screen.getByTestId('ops-moderators').textContent).toContain('这个社群还没有版主'));

    await act(async () => fireEvent.click(screen.getByTestId('add-moderator')));
    expect(screen.getByTestId('field-error-userId').textContent).toBe('请填写用户 ID（数字）');
    expect(bff.mock.calls.some(([method]) => method === 'POST')).toBe(false);

    type('moderator-user-id', '43');
    await act(async () => fireEvent.click(screen.getByTestId('add-moderator')));
    await waitFor(() => expect(screen.getByTestId('field-error-userId').textContent).toBe('这位用户还不是该社群的成员，先请他加入社群'));

    type('moderator-user-id', '42');
    await act(async () => fireEvent.click(screen.getByTestId('add-moderator')));
    await waitFor(() => expect(screen.getAllByTestId('moderator-row').map((row) => row.textContent)).toEqual([expect.stringContaining('山野徒步客（ID 42）')]));
    expect(screen.getByTestId('moderators-notice').textContent).toBe('已任命 山野徒步客 为版主');
    expect(screen.queryByTestId('field-error-userId')).toBeNull();

    await act(async () => fireEvent.click(screen.getByTestId('remove-moderator')));
    await waitFor(() => expect(screen.queryAllByTestId('moderator-row')).toHaveLength(0));
    expect(screen.getByTestId('moderators-notice').textContent).toBe('已撤销 山野徒步客 的版主');
  });
});

describe("the console's moderation queue", () => {
  const commentCase = {
    id: '5', targetType: 'comment', targetId: '91', postId: '30', communityId: '7', author: ALICE, text: '不当评论', images: [], targetStatus: 'visible',
    reports: 2, reasons: ['abuse'], matchedWords: [], authorWarnings: 0, authorFrozen: false, status: 'open', lastAction: null, openedAt: '2026-06-15T02:00:00.000Z',
  };

  it('deletes a comment only once the operator confirms, and shows it deleted', async () => {
    bff.mockImplementation(async (method: string, path: string) => {
      if (path.startsWith('/ops/moderation?')) return [200, { items: [commentCase], nextCursor: null, open: 1 }];
      if (path === '/ops/comments/91' && method === 'DELETE') return [200, { id: '91', status: 'deleted' }];
      return refusal(404, 'NOT_FOUND');
    });
    render(<Moderation />);
    const button = await screen.findByTestId('case-delete');
    expect(button.textContent).toBe('删除评论');

    modal.mockResolvedValueOnce({ confirm: false });
    await act(async () => fireEvent.click(button));
    expect(bff.mock.calls.some(([method]) => method === 'DELETE')).toBe(false);

    modal.mockResolvedValueOnce({ confirm: true });
    await act(async () => fireEvent.click(screen.getByTestId('case-delete')));
    await waitFor(() => expect(screen.getByTestId('case-status').textContent).toBe('已删除'));
    expect(bff.mock.calls.filter(([method, path]) => method === 'DELETE' && path === '/ops/comments/91')).toHaveLength(1);
    expect(screen.getByTestId('case-notice').textContent).toBe('已删除');
    expect(screen.queryByTestId('case-delete')).toBeNull();
  });
});
