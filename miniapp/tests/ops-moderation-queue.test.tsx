import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { staffSignedIn } from './fake-taro';

/** The BFF as the console sees it: every request goes to `bff`, storage is a map. */
const bff = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) => (await import('./fake-taro')).fakeTaroWithBff(await importOriginal(), storage, bff));

const { Moderation } = await import('../src/packages/ops/sections/Moderation');

const refusal = (status: number, code: string) => [status, { error: { code, message: code } }];
const reported = (id: string, text: string) => ({
  id, targetType: 'post', targetId: `9${id}`, postId: `9${id}`, communityId: '7', author: { id: '42', name: '山野徒步客', kind: 'user' }, text, images: [], targetStatus: 'visible',
  reports: 1, reasons: ['spam'], matchedWords: [], authorWarnings: 0, authorFrozen: false, status: 'open', lastAction: null, openedAt: '2026-06-15T02:00:00.000Z',
});

beforeEach(() => {
  bff.mockReset();
  staffSignedIn(storage, 'operator');
});

describe("the console's pending moderation queue", () => {
  it('drops a case once it is hidden and counts one fewer pending, without a reload; a warning leaves the case pending', async () => {
    const cases = [reported('1', '广告一'), reported('2', '广告二')];
    bff.mockImplementation(async (method: string, path: string) => {
      if (path.startsWith('/ops/moderation?')) return [200, { items: cases, nextCursor: null, open: 2 }];
      if (path === '/ops/moderation/1/hide') return [200, { case: { ...cases[0], status: 'closed', lastAction: 'hide', targetStatus: 'hidden' } }];
      if (path === '/ops/moderation/2/warn') return [200, { case: { ...cases[1], lastAction: 'warn', authorWarnings: 1 } }];
      return refusal(404, 'NOT_FOUND');
    });
    render(<Moderation />);
    await waitFor(() => expect(screen.getAllByTestId('moderation-case')).toHaveLength(2));
    expect(screen.getByTestId('open-count').textContent).toBe('待处理 2 条');

    const [first, second] = screen.getAllByTestId('moderation-case');
    fireEvent.input(first.querySelector('[data-testid=case-reason] input') ?? first.querySelector('[data-testid=case-reason]')!, { target: { value: '广告引流' } });
    await act(async () => fireEvent.click(first.querySelector('[data-testid=case-hide]')!));
    await waitFor(() => expect(screen.getAllByTestId('case-text').map((text) => text.textContent)).toEqual(['广告二']));
    expect(screen.getByTestId('open-count').textContent).toBe('待处理 1 条');
    expect(screen.getByTestId('queue-notice').textContent).toBe('已隐藏：山野徒步客 的帖子（已移到「已处理」）');

    fireEvent.input(second.querySelector('[data-testid=case-reason] input') ?? second.querySelector('[data-testid=case-reason]')!, { target: { value: '请勿发广告' } });
    await act(async () => fireEvent.click(second.querySelector('[data-testid=case-warn]')!));
    await waitFor(() => expect(screen.getByTestId('case-notice').textContent).toBe('已警告'));
    expect(screen.getAllByTestId('moderation-case')).toHaveLength(1);
    expect(screen.getByTestId('open-count').textContent).toBe('待处理 1 条');
    // One read of the queue: the case left it without asking the BFF again.
    expect(bff.mock.calls.filter(([, path]) => String(path).startsWith('/ops/moderation?'))).toHaveLength(1);
  });
});
