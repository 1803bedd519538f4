import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { CommunityEvent } from '../../../api/client';
import { FrozenNotice, useStanding, WarningsNotice } from '../../../components/Warnings';
import { postsApi } from './api';
import { Composer } from './Composer';
import { Feed } from './Feed';
import { p } from './i18n';
import './posts.css';

/** A community's posts on its page: the composer for members, then the feed. */
export function PostsSection({ communityId, joined, events, reachedBottom }: { communityId: string; joined: boolean; events: CommunityEvent[]; reachedBottom: number }) {
  const [version, setVersion] = useState(0);
  const standing = useStanding();
  return (
    <View data-testid='community-posts'>
      <Text className='section'>{p.posts}</Text>
      <WarningsNotice standing={standing} />
      {joined && standing.data?.frozen ? (
        <FrozenNotice />
      ) : joined ? (
        <Composer communityId={communityId} events={events} onPosted={() => setVersion((count) => count + 1)} />
      ) : (
        <Text className='notice notice--ok'>{p.joinToPost}</Text>
      )}
      <Feed fetchPage={(sort, cursor) => postsApi.feed(communityId, sort, cursor)} empty={p.noPosts} version={version} reachedBottom={reachedBottom} />
    </View>
  );
}
