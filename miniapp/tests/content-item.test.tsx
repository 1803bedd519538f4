import { render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@tarojs/taro', async (importOriginal) => ({ ...(await importOriginal<object>()), useRouter: () => ({ params: { id: '21' } }), useDidShow: vi.fn() }));
const contentApi = vi.hoisted(() => ({ item: vi.fn(), membership: vi.fn() }));
vi.mock('../src/packages/content/api', async (importOriginal) => ({ ...(await importOriginal<object>()), contentApi }));

const { default: ContentItem } = await import('../src/packages/content/pages/item/index');

const ARTICLE = {
  id: '21', title: '马拉松配速指南', coverUrl: null, kind: 'article', tags: ['running'], excerpt: '全马想跑进四小时，前半程的配速要比目标慢一点…',
  membersOnly: true, locked: true, likes: 3, views: 40, visibleFrom: '2026-06-01T00:00:00.000Z', visibleUntil: null, body: null, videoUrl: null, likedByMe: false,
};

describe("a members-only article for someone who isn't a member", () => {
  beforeEach(() => {
    contentApi.item.mockReset().mockResolvedValue({ item: ARTICLE });
    contentApi.membership.mockReset().mockResolvedValue({ membership: { active: false, endsAt: null, priceCoins: 1200, days: 30 } });
  });

  it('shows its teaser above the lock, and on the lock the price of the membership, what it gives and the way to join', async () => {
    render(<ContentItem />);
    await waitFor(() => expect(screen.getByTestId('lock-price').textContent).toBe('1,200 金币 / 30 天'));
    const teaser = screen.getByTestId('item-teaser');
    expect(teaser.textContent).toBe('全马想跑进四小时，前半程的配速要比目标慢一点…');
    expect(teaser.compareDocumentPosition(screen.getByTestId('item-locked')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByTestId('item-locked').textContent).toMatch(/解锁会员专享视频和文章/);
    expect(screen.getByTestId('become-member').textContent).toBe('开通会员');
    expect(screen.queryByTestId('item-body')).toBeNull();
  });

  it('asks nothing about the membership for an item the user may read', async () => {
    contentApi.item.mockResolvedValue({ item: { ...ARTICLE, membersOnly: false, locked: false, body: '<p>正文</p>' } });
    render(<ContentItem />);
    await waitFor(() => expect(screen.getByTestId('item-body')).toBeTruthy());
    expect(screen.queryByTestId('item-teaser')).toBeNull();
    expect(contentApi.membership).not.toHaveBeenCalled();
  });
});
