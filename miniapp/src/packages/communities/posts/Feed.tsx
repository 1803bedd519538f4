import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { messageFor } from '../../../api/client';
import { Empty, Failure, Loading } from '../../../components/StateView';
import { usePagedList, type Page } from '../../../hooks/usePagedList';
import type { Post, Sort } from './api';
import { p } from './i18n';
import { isMine, useMyUserId } from './mine';
import { PostItem } from './PostItem';

type FetchFeed = (sort: Sort, cursor: string | null) => Promise<Page<Post>>;

function FeedList({ sort, fetchPage, empty, reachedBottom, myUserId }: { sort: Sort; fetchPage: FetchFeed; empty: string; reachedBottom: number; myUserId: string | null }) {
  const list = usePagedList<Post>((cursor) => fetchPage(sort, cursor));
  const [gone, setGone] = useState<Set<string>>(new Set());
  // The page's scroll count when this list started: scrolls made before it (in another tab, or
  // before a new post restarted the list) are not a request for its next page.
  const bottomAtStart = useRef(reachedBottom);
  useEffect(() => {
    if (reachedBottom > bottomAtStart.current && !list.error) void list.load(false);
    // Each time the page is scrolled to its bottom, the next page follows.
  }, [reachedBottom]);

  const items = list.items.filter((post) => !gone.has(post.id));
  if (items.length === 0) {
    if (list.error) return <Failure message={messageFor(list.error)} onRetry={() => void list.load(true)} />;
    if (list.loading || !list.done) return <Loading />;
    return <Empty text={sort === 'hot' ? p.noHotPosts : empty} />;
  }
  return (
    <View data-testid={`feed-${sort}`}>
      {items.map((post) => (
        <PostItem
          key={post.id}
          post={post}
          mine={isMine(post.author, myUserId)}
          onGone={(id) => setGone((state) => new Set([...state, id]))}
          open={() => void Taro.navigateTo({ url: `/packages/communities/pages/post/index?id=${post.id}` })}
        />
      ))}
      {Boolean(list.error) && <Text className='notice notice--error'>{messageFor(list.error)}</Text>}
      <Text className='feed-more' onClick={() => void list.load(false)} data-testid='feed-more'>
        {list.loading ? p.loadMore : list.done ? p.noMore : p.loadMore}
      </Text>
    </View>
  );
}

/**
 * A feed with its two orders as tabs: newest first, and this week's posts by likes. Switching
 * tabs, or a new post (`version`), starts the list again from its first page.
 */
export function Feed({ fetchPage, empty, version = 0, reachedBottom = 0 }: { fetchPage: FetchFeed; empty: string; version?: number; reachedBottom?: number }) {
  const [sort, setSort] = useState<Sort>('new');
  const myUserId = useMyUserId();
  return (
    <View>
      <View className='feed-tabs'>
        {(['new', 'hot'] as const).map((name) => (
          <Text key={name} className={`feed-tab${name === sort ? ' feed-tab--on' : ''}`} onClick={() => setSort(name)} data-testid={`feed-tab-${name}`}>
            {name === 'new' ? p.sortNew : p.sortHot}
          </Text>
        ))}
      </View>
      <FeedList key={`${sort}-${version}`} sort={sort} fetchPage={fetchPage} empty={empty} reachedBottom={reachedBottom} myUserId={myUserId} />
    </View>
  );
}
