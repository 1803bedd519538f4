import { View } from '@tarojs/components';
import { useReachBottom } from '@tarojs/taro';
import { useState } from 'react';
import { postsApi } from '../../posts/api';
import { Feed } from '../../posts/Feed';
import { p } from '../../posts/i18n';
import '../communities.css';

/** The posts of every community the user has joined, newest first or hot this week. */
export default function JoinedFeed() {
  const [bottom, setBottom] = useState(0);
  useReachBottom(() => setBottom((count) => count + 1));
  return (
    <View className='detail' data-testid='joined-feed'>
      <Feed fetchPage={(sort, cursor) => postsApi.joinedFeed(sort, cursor)} empty={p.noJoinedPosts} reachedBottom={bottom} />
    </View>
  );
}
