import { Button, Image, RichText, Text, Video, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { messageFor } from '../../../../api/client';
import { imageSource } from '../../../../components/OfferCard';
import { Failure, Loading } from '../../../../components/StateView';
import { useAction } from '../../../../hooks/useAction';
import { useAsync } from '../../../../hooks/useAsync';
import { contentApi } from '../../api';
import { c } from '../../i18n';
import { withPageBar } from '../../../../components/PageBar';
import '../content.css';

/**
 * One item: the player (Taro `Video`) for a video, the sanitized rich text for an article, its
 * likes and views; a members-only item shows its teaser (the BFF's excerpt, cut short), then a lock
 * with the membership's price and what it gives, and the way to the membership.
 */
function ContentItem() {
  const id = useRouter().params.id ?? '';
  const item = useAsync(() => contentApi.item(id).then((answer) => answer.item), [id]);
  const locked = item.data?.locked ?? false;
  // The price is the programme's, read only for a locked item; without it the lock still leads to the membership page.
  const plan = useAsync(async () => (locked ? (await contentApi.membership()).membership : null), [locked]);
  const [error, setError] = useState<string | null>(null);
  const [videoFailed, setVideoFailed] = useState(false);
  const shown = useRef(false);
  // Back from buying a membership: the item may be unlocked now.
  useDidShow(() => {
    if (shown.current && item.data?.locked) void item.reload();
    shown.current = true;
  });
  const like = useAction(async () => {
    if (!item.data) return;
    setError(null);
    try {
      const answer = item.data.likedByMe ? await contentApi.unlike(id) : await contentApi.like(id);
      item.setData({ ...item.data, likes: answer.like.likes, likedByMe: answer.like.likedByMe });
    } catch (caught) {
      setError(messageFor(caught));
    }
  });

  if (!item.data) return item.error ? <Failure message={messageFor(item.error)} onRetry={() => void item.reload()} /> : <Loading />;
  const data = item.data;
  return (
    <View className='content content--item' data-testid='content-item'>
      {data.kind === 'video' && data.videoUrl ? (
        // The H5 player lays its layers out absolutely; a box of its own size keeps the text below it.
        <View className='player-box'>
          <Video
            className='player'
            src={data.videoUrl}
            poster={data.coverUrl ? imageSource(data.coverUrl) : undefined}
            controls
            showFullscreenBtn
            onError={(event) => {
              // The H5 player's "error" event bubbles to the window, where it would read as the page failing to load.
              event.stopPropagation();
              setVideoFailed(true);
            }}
            data-testid='player'
          />
        </View>
      ) : data.coverUrl ? (
        <Image className='item__cover' src={imageSource(data.coverUrl)} mode='aspectFill' />
      ) : null}
      <View className='item__head'>
        <Text className='item__title' data-testid='item-title'>{data.title}</Text>
        <View className='content-card__meta'>
          {data.tags.map((tag) => (
            <Text key={tag} className='chip'>{c.tags[tag] ?? tag}</Text>
          ))}
          {data.membersOnly && <Text className='chip chip--member'>{c.membersOnly}</Text>}
        </View>
        <Text className='item__counts' data-testid='item-views'>{c.views(data.views)}</Text>
      </View>
      {data.locked && data.excerpt && <Text className='item__teaser' data-testid='item-teaser'>{data.excerpt}</Text>}
      {data.locked ? (
        <View className='lock' data-testid='item-locked'>
          <Text className='lock__icon'>🔒</Text>
          <Text className='lock__text'>{c.locked}</Text>
          {plan.data && <Text className='lock__price' data-testid='lock-price'>{c.price(plan.data.priceCoins, plan.data.days)}</Text>}
          <Text className='lock__perks'>{c.membershipPerks}</Text>
          <Button type='primary' size='mini' onClick={() => void Taro.navigateTo({ url: '/packages/content/pages/membership/index' })} data-testid='become-member'>{c.becomeMember}</Button>
        </View>
      ) : data.kind === 'article' && data.body ? (
        <View className='item__body' data-testid='item-body'>
          <RichText nodes={data.body} />
        </View>
      ) : null}
      <View className='item__actions'>
        <Button className={`like${data.likedByMe ? ' like--on' : ''}`} size='mini' disabled={like.running} onClick={() => void like.run()} data-testid='content-like'>
          {`${data.likedByMe ? '♥' : '♡'} ${data.likedByMe ? c.liked : c.like} ${data.likes}`}
        </Button>
      </View>
      {videoFailed && <Text className='notice notice--error' data-testid='video-failed'>{c.videoFailed}</Text>}
      {error && <Text className='notice notice--error'>{error}</Text>}
    </View>
  );
}

export default withPageBar(ContentItem);
