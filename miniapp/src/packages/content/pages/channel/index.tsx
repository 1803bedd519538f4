import { ScrollView, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { messageFor } from '../../../../api/client';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { useAsync } from '../../../../hooks/useAsync';
import { usePagedList } from '../../../../hooks/usePagedList';
import { t } from '../../../../i18n/messages';
import { contentApi, type ContentCard, type ContentTag } from '../../api';
import { ContentCardView } from '../../components';
import { c } from '../../i18n';
import { withPageBar } from '../../../../components/PageBar';
import '../content.css';

/** One tag's items, newest first, a page at a time. */
function TagList({ tag }: { tag: ContentTag }) {
  const list = usePagedList<ContentCard>((cursor) => contentApi.list(tag, cursor));
  if (list.items.length === 0) {
    if (list.error) return <Failure message={messageFor(list.error)} onRetry={() => void list.load(true)} />;
    if (list.loading || !list.done) return <Loading />;
    return <Empty text={c.noContent} />;
  }
  return (
    <View data-testid='tag-list'>
      {list.items.map((item) => (
        <ContentCardView key={item.id} item={item} />
      ))}
      {Boolean(list.error) && <Text className='notice notice--error'>{messageFor(list.error)}</Text>}
      <Text className='more' onClick={() => void list.load()} data-testid='content-more'>{list.loading ? t.loading : list.done ? t.noMore : t.loadMore}</Text>
    </View>
  );
}

/** The sports channel: a section per tag with its newest items, or one tag's whole list; members-only items show a lock. */
function Channel() {
  const channel = useAsync(() => contentApi.channel(), []);
  const [tag, setTag] = useState<ContentTag | null>(null);
  const sections = channel.data?.sections ?? [];

  return (
    <ScrollView className='content' scrollY data-testid='channel'>
      <Text className='content__hint'>{c.channelHint}</Text>
      <View className='content__links'>
        <Text className='content__link' onClick={() => void Taro.navigateTo({ url: '/packages/content/pages/membership/index' })} data-testid='open-membership'>{c.membership}</Text>
        <Text className='content__link' onClick={() => void Taro.navigateTo({ url: '/packages/content/pages/collection/index' })} data-testid='open-collection'>{c.collection}</Text>
      </View>
      <ScrollView className='tags' scrollX>
        <Text className={`tag${tag === null ? ' tag--on' : ''}`} onClick={() => setTag(null)}>{c.all}</Text>
        {sections.map((section) => (
          <Text key={section.tag} className={`tag${tag === section.tag ? ' tag--on' : ''}`} onClick={() => setTag(section.tag)} data-testid={`tag-${section.tag}`}>
            {c.tags[section.tag] ?? section.tag}
          </Text>
        ))}
      </ScrollView>
      {tag ? (
        <TagList key={tag} tag={tag} />
      ) : !channel.data ? (
        channel.error ? <Failure message={messageFor(channel.error)} onRetry={() => void channel.reload()} /> : <Loading />
      ) : sections.length === 0 ? (
        <Empty text={c.noContent} />
      ) : (
        sections.map((section) => (
          <View key={section.tag} className='section' data-testid='content-section'>
            <View className='section__head'>
              <Text className='section__title'>{c.tags[section.tag] ?? section.tag}</Text>
              {section.nextCursor && <Text className='section__more' onClick={() => setTag(section.tag)}>{`${c.more} ›`}</Text>}
            </View>
            {section.items.map((item) => (
              <ContentCardView key={item.id} item={item} />
            ))}
          </View>
        ))
      )}
    </ScrollView>
  );
}

export default withPageBar(Channel);
