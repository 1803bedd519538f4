import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { imageSource } from '../../components/OfferCard';
import type { ContentCard } from './api';
import { c } from './i18n';

/** One item in a list: cover, title, kind, the lock of a members-only item, likes and views. */
export function ContentCardView({ item }: { item: ContentCard }) {
  return (
    <View className='content-card' onClick={() => void Taro.navigateTo({ url: `/packages/content/pages/item/index?id=${item.id}` })} data-testid='content-card'>
      {item.coverUrl ? <Image className='content-card__cover' src={imageSource(item.coverUrl)} mode='aspectFill' /> : <View className='content-card__cover content-card__cover--none'><Text>{item.kind === 'video' ? '▶' : '¶'}</Text></View>}
      <View className='content-card__body'>
        <Text className='content-card__title' data-testid='content-title'>{item.title}</Text>
        {item.excerpt && <Text className='content-card__excerpt'>{item.excerpt}</Text>}
        <View className='content-card__meta'>
          <Text className='chip'>{item.kind === 'video' ? c.video : c.article}</Text>
          {item.membersOnly && <Text className={`chip chip--member${item.locked ? ' chip--locked' : ''}`} data-testid='content-lock'>{item.locked ? `🔒 ${c.membersOnly}` : c.membersOnly}</Text>}
          <Text className='content-card__counts'>{`${c.likes(item.likes)} · ${c.views(item.views)}`}</Text>
        </View>
      </View>
    </View>
  );
}
