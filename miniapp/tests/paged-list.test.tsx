import { act, render, screen, waitFor } from '@testing-library/react';
import { useEffect } from 'react';
import { describe, expect, it } from 'vitest';
import { Feed } from '../src/packages/communities/posts/Feed';
import { usePagedList, type Page } from '../src/hooks/usePagedList';
import type { Post } from '../src/packages/communities/posts/api';

type Item = { id: string };

/** Pages of two items, four in all, answered when `answer` is called; records each cursor asked for. */
function pagedSource() {
  const asked: (string | null)[] = [];
  const waiting: (() => void)[] = [];
  const fetchPage = (cursor: string | null) =>
    new Promise<Page<Item>>((resolve) => {
      asked.push(cursor);
      const start = cursor === null ? 0 : Number(cursor);
      waiting.push(() => resolve({ items: [{ id: `p${start}` }, { id: `p${start + 1}` }], nextCursor: start + 2 < 4 ? String(start + 2) : null }));
    });
  const answer = () => act(async () => waiting.splice(0).forEach((resolve) => resolve()));
  return { asked, fetchPage, answer };
}

function List({ fetchPage, loadTwice }: { fetchPage: (cursor: string | null) => Promise<Page<Item>>; loadTwice: boolean }) {
  const list = usePagedList(fetchPage);
  // As a page's own effect asks for the next page in the same turn as the list's first load.
  useEffect(() => {
    if (loadTwice) void list.load(false);
  }, []);
  return (
    <div>
      <span data-testid='ids'>{list.items.map((item) => item.id).join(',')}</span>
      <button type='button' data-testid='more' onClick={() => void list.load()} />
      <button type='button' data-testid='again' onClick={() => void list.load(true)} />
    </div>
  );
}

describe('a paged list', () => {
  it('fetches a page once however often it is asked for while it is on its way', async () => {
    const source = pagedSource();
    render(<List fetchPage={source.fetchPage} loadTwice />);
    await source.answer();
    await waitFor(() => expect(screen.getByTestId('ids').textContent).toBe('p0,p1'));
    expect(source.asked).toEqual([null]);
    act(() => {
      screen.getByTestId('more').click();
      screen.getByTestId('more').click();
    });
    await source.answer();
    await waitFor(() => expect(screen.getByTestId('ids').textContent).toBe('p0,p1,p2,p3'));
    expect(source.asked).toEqual([null, '2']);
  });

  it('reads the first page again when asked while a next page is on its way, and drops that older page', async () => {
    const source = pagedSource();
    render(<List fetchPage={source.fetchPage} loadTwice={false} />);
    await source.answer();
    await waitFor(() => expect(screen.getByTestId('ids').textContent).toBe('p0,p1'));
    act(() => screen.getByTestId('more').click());
    act(() => screen.getByTestId('again').click());
    expect(source.asked).toEqual([null, '2', null]);
    await source.answer();
    // The page of the older load is not added: the list is the first page, read afresh.
    await waitFor(() => expect(screen.getByTestId('ids').textContent).toBe('p0,p1'));
    act(() => screen.getByTestId('more').click());
    await source.answer();
    await waitFor(() => expect(screen.getByTestId('ids').textContent).toBe('p0,p1,p2,p3'));
    expect(source.asked).toEqual([null, '2', null, '2']);
  });

  it("shows a feed's posts once when it starts on a page already scrolled to its bottom", async () => {
    const asked: (string | null)[] = [];
    const post = (id: string): Post => ({
      id, communityId: '7', communityName: '周末徒步群', author: { kind: 'user', id: '3', name: '山友', avatarUrl: null }, text: `第 ${id} 条`, images: [],
      card: null, likes: 0, comments: 0, likedByMe: false, canDelete: false, status: 'visible', createdAt: '2026-12-01T02:00:00.000Z',
    });
    const fetchPage = async (_sort: string, cursor: string | null) => {
      asked.push(cursor);
      return { items: [post('1'), post('2')], nextCursor: null };
    };
    const { container } = render(<Feed fetchPage={fetchPage} empty='' reachedBottom={3} />);
    await waitFor(() => expect(asked).toEqual([null]));
    await act(async () => undefined);
    expect(asked).toEqual([null]);
    expect(container.textContent).toContain('第 1 条');
    expect(container.textContent?.split('第 1 条')).toHaveLength(2);
  });
});
