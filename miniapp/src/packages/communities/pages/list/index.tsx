import { Button, ScrollView, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { api, messageFor, type Community } from '../../../../api/client';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { useAction } from '../../../../hooks/useAction';
import { usePagedList } from '../../../../hooks/usePagedList';
import { t } from '../../../../i18n/messages';
import { p } from '../../posts/i18n';
import { withPageBar } from '../../../../components/PageBar';
import '../communities.css';

/** Communities to discover, largest first, with a join button on each. */
function Communities() {
  const list = usePagedList<Community>((cursor) => api.communities(cursor));
  const [joined, setJoined] = useState<Record<string, boolean>>({});
  const [notice, setNotice] = useState<string | null>(null);
  useDidShow(() => {
    if (list.items.length > 0) {
      setJoined({});
      void list.load(true);
    }
  });

  // One join at a time, whichever row was tapped.
  const join = useAction(async (community: Community) => {
    setNotice(null);
    try {
      const answer = await api.joinCommunity(community.id);
      setJoined((state) => ({ ...state, [community.id]: answer.community.joined }));
    } catch (error) {
      setNotice(messageFor(error));
    }
  });

  if (list.items.length === 0 && list.loading) return <Loading />;
  if (list.items.length === 0 && list.error) return <Failure message={messageFor(list.error)} onRetry={() => void list.load(true)} />;
  if (list.items.length === 0 && list.done) return <Empty text={t.noCommunities} />;
  return (
    <ScrollView className='communities' scrollY onScrollToLower={() => void list.load(false)} data-testid='communities'>
      <Text className='communities__hint'>{t.communitiesHint}</Text>
      <Text className='communities__feed-link' onClick={() => void Taro.navigateTo({ url: '/packages/communities/pages/feed/index' })} data-testid='joined-feed-link'>
        {`${p.joinedFeed} ›`}
      </Text>
      {notice && <Text className='notice notice--error' data-testid='notice'>{notice}</Text>}
      {list.items.map((community) => {
        const isMember = joined[community.id] ?? community.joined;
        return (
          <View key={community.id} className='community' data-testid='community'>
            <View
              className='community__body'
              onClick={() => void Taro.navigateTo({ url: `/packages/communities/pages/detail/index?id=${community.id}` })}
            >
              <Text className='community__name'>{community.name}</Text>
              <Text className='community__meta'>{t.members(community.memberCount + (isMember && !community.joined ? 1 : 0))}</Text>
              {community.description && <Text className='community__description'>{community.description}</Text>}
            </View>
            {isMember ? (
              <Text className='community__joined' data-testid='community-joined'>{t.joined}</Text>
            ) : (
              <Button className='community__join' size='mini' type='primary' disabled={join.running} onClick={() => void join.run(community)} data-testid='join-community'>
                {t.join}
              </Button>
            )}
          </View>
        );
      })}
    </ScrollView>
  );
}

export default withPageBar(Communities);
