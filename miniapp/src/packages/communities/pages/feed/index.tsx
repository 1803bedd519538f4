import { View } from '@tarojs/components';
import { useReachBottom } from '@tarojs/taro';
import { useState } from 'react';
import { FrozenNotice, useStanding } from '../../../../components/Warnings';
import { postsApi } from '../../posts/api';
import { Feed } from '../../posts/Feed';
import { p } from '../../posts/i18n';
import { withPageBar } from '../../../../components/PageBar';
import '../communities.css';

/** The posts of every community the user has joined, newest first or hot this week; a frozen user is told why likes are refused. */
function JoinedFeed() {
  const [bottom, setBottom] = useState(0);
  const standing = useStanding();
  useReachBottom(() => setBottom((count) => count + 1));
  return (
    <View className='detail' data-testid='joined-feed'>
      {standing.data?.frozen && <FrozenNotice />}
      <Feed fetchPage={(sort, cursor) => postsApi.joinedFeed(sort, cursor)} empty={p.noJoinedPosts} reachedBottom={bottom} />
    </View>
  );
}

export default withPageBar(JoinedFeed);
