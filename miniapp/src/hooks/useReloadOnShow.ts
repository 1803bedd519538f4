import { useDidShow } from '@tarojs/taro';
import { useRef } from 'react';
import type { PagedList } from './usePagedList';

/**
 * Loads a list's first page again each time its page is shown after the first time, so that a
 * list returned to (after booking, cancelling or a visit) shows what changed meanwhile; the first
 * show is left to the list's own first load.
 */
export function useReloadOnShow<T>(list: PagedList<T>): void {
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void list.load(true);
    shown.current = true;
  });
}
