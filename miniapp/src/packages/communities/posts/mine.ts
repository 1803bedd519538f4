import { api } from '../../../api/client';
import { useAsync } from '../../../hooks/useAsync';
import type { Post } from './api';

/** The signed-in user's id, to tell their own posts and comments from others'; null until `/me` answers (or if it failed). */
export function useMyUserId(): string | null {
  const me = useAsync(() => api.me(), []);
  return me.data?.user.id ?? null;
}

/** Whether the signed-in user wrote it: the BFF refuses a report of one's own post or comment. */
export function isMine(author: Post['author'], myUserId: string | null): boolean {
  return myUserId !== null && author.kind === 'user' && author.id === myUserId;
}

/**
 * Posts and comments reported in this session, by `post:id` or `comment:id`: the BFF keeps one
 * report per user and item but does not say which the user reported, so an item reported here
 * shows as reported on every screen until the app restarts.
 */
const reportedItems = new Set<string>();

export function wasReported(kind: 'post' | 'comment', id: string): boolean {
  return reportedItems.has(`${kind}:${id}`);
}

export function markReported(kind: 'post' | 'comment', id: string): void {
  reportedItems.add(`${kind}:${id}`);
}
