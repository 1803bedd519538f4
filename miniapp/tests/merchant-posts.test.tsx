import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { staffSignedIn } from './fake-taro';

/** The BFF as the merchant's screens see it: every request goes to `bff`; the confirm dialog answers `modal`. */
const bff = vi.hoisted(() => vi.fn());
const modal = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) => (await import('./fake-taro')).fakeTaroWithBff(await importOriginal(), storage, bff, { showModal: modal }));

const { default: MerchantPosts } = await import('../src/packages/merchant/pages/posts/index');

const community = (id: string, name: string) => ({ id, name, description: '', category: 'hiking', memberCount: 3, joined: false, moderator: false });
const offer = (id: string, title: string, status: string) => ({
  id, merchantId: '2', merchantName: '山顶茶饮', title, description: '', priceCoins: 100, stockLeft: 5, imageUrl: null, status, rejectReason: null, validDays: 30, perUserLimit: 1,
});
const post = (id: string, text: string, status: string) => ({
  id, communityId: '7', communityName: '周末徒步群', author: { kind: 'merchant', id: '2', name: '山顶茶饮', avatarUrl: null }, text, images: [],
  card: null, likes: 2, comments: 1, likedByMe: false, canDelete: true, status, createdAt: '2026-06-15T02:00:00.000Z',
});
const refusal = (status: number, code: string, details: unknown[] = []) => [status, { error: { code, message: code, details } }];

function type(testId: string, value: string) {
  const element = screen.getByTestId(testId);
  fireEvent.input(element.querySelector('textarea') ?? element.querySelector('input') ?? element, { target: { value } });
}

describe("the merchant's community posts", () => {
  beforeEach(() => {
    bff.mockReset();
    modal.mockReset();
    staffSignedIn(storage, 'merchant');
  });

  it('posts a live offer as a card into the chosen community, with errors beside their fields, and lists it', async () => {
    const sent: { path: string; body: unknown }[] = [];
    let mine = [post('30', '老帖子', 'hidden')];
    bff.mockImplementation(async (method: string, path: string, body: { text?: string; offerId?: string }) => {
      if (path.startsWith('/merchant/communities?')) return [200, { items: [community('7', '周末徒步群'), community('8', '晨跑群')], nextCursor: null }];
      if (path.startsWith('/merchant/offers')) return [200, { items: [offer('11', '登山茶饮券', 'live'), offer('12', '草稿券', 'draft')], nextCursor: null }];
      if (path.startsWith('/merchant/posts?')) return [200, { items: mine, nextCursor: null }];
      if (method === 'POST' && path === '/merchant/communities/8/posts') {
        sent.push({ path, body });
        if (body.text === '赌博') return refusal(422, 'CONTENT_REJECTED', [{ path: 'text', message: 'blocked' }]);
        mine = [post('31', body.text!, 'visible'), ...mine];
        return [201, { post: mine[0] }];
      }
      return refusal(404, 'NOT_FOUND');
    });
    render(<MerchantPosts />);
    await waitFor(() => expect(screen.getAllByTestId('merchant-post-offer').map((chip) => chip.textContent)).toEqual(['登山茶饮券']));
    await waitFor(() => expect(screen.getByTestId('merchant-post-status').textContent).toBe('已被运营隐藏'));

    await act(async () => fireEvent.click(screen.getByTestId('merchant-post-publish')));
    expect(screen.getByTestId('field-error-text').textContent).toBe('请写点文案');
    expect(sent).toEqual([]);

    fireEvent.click(screen.getAllByTestId('merchant-post-community')[1]);
    fireEvent.click(screen.getByTestId('merchant-post-offer'));
    type('merchant-post-text', '赌博');
    await act(async () => fireEvent.click(screen.getByTestId('merchant-post-publish')));
    await waitFor(() => expect(screen.getByTestId('field-error-text')).toBeTruthy());

    type('merchant-post-text', '徒步后来一杯');
    await act(async () => fireEvent.click(screen.getByTestId('merchant-post-publish')));
    await waitFor(() => expect(screen.getByTestId('merchant-post-notice').textContent).toBe('已发布到「晨跑群」'));
    expect(sent.at(-1)).toEqual({ path: '/merchant/communities/8/posts', body: { text: '徒步后来一杯', images: [], offerId: '11' } });
    await waitFor(() => expect(screen.getAllByTestId('merchant-post-row-text').map((row) => row.textContent)).toEqual(['徒步后来一杯', '老帖子']));
  });

  it('shows one form after publishing, cleared for the next post, and the new post in the list', async () => {
    let mine: ReturnType<typeof post>[] = [];
    bff.mockImplementation(async (method: string, path: string, body: { text?: string }) => {
      if (path.startsWith('/merchant/communities?')) return [200, { items: [community('7', '周末徒步群')], nextCursor: null }];
      if (path.startsWith('/merchant/offers')) return [200, { items: [offer('11', '登山茶饮券', 'live')], nextCursor: null }];
      if (path.startsWith('/merchant/posts?')) return [200, { items: mine, nextCursor: null }];
      if (method === 'POST' && path === '/merchant/communities/7/posts') {
        mine = [post('31', body.text!, 'visible')];
        return [201, { post: mine[0] }];
      }
      return refusal(404, 'NOT_FOUND');
    });
    render(<MerchantPosts />);
    await waitFor(() => expect(screen.getByTestId('state-empty').textContent).toBe('还没有发布过动态'));
    // The text box is a web component that draws its <textarea> a moment after it is mounted.
    await waitFor(() => expect(screen.getByTestId('merchant-post-text').querySelector('textarea')).toBeTruthy());
    fireEvent.click(screen.getByTestId('merchant-post-offer'));
    type('merchant-post-text', '周末来喝茶');
    await act(async () => fireEvent.click(screen.getByTestId('merchant-post-publish')));
    await waitFor(() => expect(screen.getByTestId('merchant-post-notice').textContent).toBe('已发布到「周末徒步群」'));

    expect(screen.getAllByTestId('merchant-post-form')).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId('merchant-post-text').querySelector('textarea')?.value).toBe(''));
    expect(screen.getByTestId('merchant-post-counter').textContent).toMatch(/^0\//);
    expect(screen.getByTestId('merchant-post-offer').className).not.toMatch(/mposts__chip--on/);
    expect(screen.getByTestId('merchant-post-publish').className).not.toMatch(/taro-btn-disabled/);
    await waitFor(() => expect(screen.getAllByTestId('merchant-post-row-text').map((row) => row.textContent)).toEqual(['周末来喝茶']));
  });

  it('deletes one of its posts only once the merchant confirms', async () => {
    bff.mockImplementation(async (method: string, path: string) => {
      if (path.startsWith('/merchant/communities?')) return [200, { items: [community('7', '周末徒步群')], nextCursor: null }];
      if (path.startsWith('/merchant/offers')) return [200, { items: [], nextCursor: null }];
      if (path.startsWith('/merchant/posts?')) return [200, { items: [post('30', '要删的帖子', 'visible')], nextCursor: null }];
      if (method === 'DELETE' && path === '/merchant/posts/30') return [200, { id: '30', status: 'deleted' }];
      return refusal(404, 'NOT_FOUND');
    });
    render(<MerchantPosts />);
    expect((await screen.findByTestId('merchant-post-form')).textContent).toContain('没有在售的商品券');
    const button = await screen.findByTestId('merchant-post-delete');
    modal.mockResolvedValueOnce({ confirm: false });
    await act(async () => fireEvent.click(button));
    expect(bff.mock.calls.some(([method]) => method === 'DELETE')).toBe(false);
    modal.mockResolvedValueOnce({ confirm: true });
    await act(async () => fireEvent.click(screen.getByTestId('merchant-post-delete')));
    await waitFor(() => expect(screen.getByTestId('merchant-posts-notice').textContent).toBe('已删除'));
    expect(screen.getByTestId('state-empty').textContent).toBe('还没有发布过动态');
  });
});
