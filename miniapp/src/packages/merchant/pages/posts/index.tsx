import { Button, Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { API_ROUTES, RouteResponse } from '@calorie-bank/shared/api';
import { useEffect, useState } from 'react';
import { contract, messageFor, onStaffSignOut, staffApi, staffRole } from '../../../../api/client';
import { imageSource } from '../../../../components/OfferCard';
import { StaffLogin } from '../../../../components/StaffLogin';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { useAction } from '../../../../hooks/useAction';
import { useAsync } from '../../../../hooks/useAsync';
import { usePagedList } from '../../../../hooks/usePagedList';
import { t } from '../../../../i18n/messages';
import { mp } from './i18n';
import { PostForm } from './PostForm';
import { useBusinessTime } from '../../../../hooks/useBusinessTime';
import { withPageBar } from '../../../../components/PageBar';
import '../console/index.css';
import '../offer-form/index.css';
import './index.css';

type MerchantPost = RouteResponse<(typeof API_ROUTES)['merchantPosts']>['items'][number];

/** One of the merchant's posts: where, what, how it stands, and delete (asked first). */
function PostRow({ post, onGone }: { post: MerchantPost; onGone: () => void }) {
  const time = useBusinessTime();
  const [error, setError] = useState<string | null>(null);
  const remove = useAction(async () => {
    const { confirm } = await Taro.showModal({ title: mp.delete, content: mp.confirmDelete, confirmText: mp.delete, cancelText: mp.cancel });
    if (!confirm) return;
    setError(null);
    try {
      await contract.merchantDeletePost({ params: { id: post.id } });
      onGone();
    } catch (caught) {
      setError(messageFor(caught));
    }
  });
  return (
    <View className='console__offer' data-testid='merchant-post' data-post-id={post.id}>
      <View className='console__offer-main'>
        <Text className='console__offer-meta'>{`${post.communityName} · ${time.at(post.createdAt)}`}</Text>
        <Text className='console__offer-title' data-testid='merchant-post-row-text'>{post.text}</Text>
        {post.card && <Text className='console__offer-meta'>{post.card.title}</Text>}
        <Text className='console__offer-meta'>{mp.likesComments(post.likes, post.comments)}</Text>
      </View>
      {post.images[0] && <Image className='mposts__thumb' src={imageSource(post.images[0])} mode='aspectFill' />}
      <Text className={`console__status${post.status === 'visible' ? ' console__status--live' : ' console__status--rejected'}`} data-testid='merchant-post-status'>{mp.status[post.status] ?? post.status}</Text>
      <View className='console__actions'>
        <Button className='console__button console__button--small' disabled={remove.running} onClick={() => void remove.run()} data-testid='merchant-post-delete'>{mp.delete}</Button>
      </View>
      {error && <Text className='console__error'>{error}</Text>}
    </View>
  );
}

/** The merchant's own posts, read again from the first page whenever `round` changes (after a post is published). */
function MyPosts({ round }: { round: number }) {
  const list = usePagedList<MerchantPost>((cursor) => contract.merchantPosts({ query: { cursor, limit: 20 } }));
  const [gone, setGone] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (round === 0) return; // the list reads its first page itself when it mounts
    setNotice(null);
    void list.load(true);
    // Only a new round reloads: `list.load` is a new function on every render.
  }, [round]);
  const items = list.items.filter((post) => !gone.has(post.id));
  let body;
  if (items.length === 0 && list.error) body = <Failure message={messageFor(list.error)} onRetry={() => void list.load(true)} />;
  else if (items.length === 0 && (list.loading || !list.done)) body = <Loading />;
  else if (items.length === 0) body = <Empty text={mp.noPosts} />;
  else {
    body = (
      <View>
        {items.map((post) => (
          <PostRow key={post.id} post={post} onGone={() => { setGone((state) => new Set([...state, post.id])); setNotice(mp.deleted); }} />
        ))}
        {Boolean(list.error) && <Text className='console__error'>{messageFor(list.error)}</Text>}
        <Text className='mposts__more' onClick={() => void list.load(false)} data-testid='merchant-posts-more'>{list.done ? mp.noMore : mp.loadMore}</Text>
      </View>
    );
  }
  return (
    <View data-testid='merchant-posts'>
      <Text className='console__heading'>{mp.myPosts}</Text>
      {notice && <Text className='console__notice--ok' data-testid='merchant-posts-notice'>{notice}</Text>}
      {body}
    </View>
  );
}

/** The merchant's community posts: post a live offer as a card into a community, and its own posts with delete. */
function MerchantPosts() {
  const [signedIn, setSignedIn] = useState(staffRole() === 'merchant');
  const [published, setPublished] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => onStaffSignOut(() => setSignedIn(false)), []);
  const choices = useAsync(async () => {
    if (!signedIn) return null;
    const [communities, offers] = await Promise.all([contract.merchantCommunities({ query: { limit: 100 } }), staffApi.offers()]);
    return { communities: communities.items, offers: offers.items.filter((offer) => offer.status === 'live') };
  }, [signedIn]);

  if (!signedIn) return <StaffLogin role='merchant' title={t.staffLogin} onSignedIn={() => setSignedIn(true)} />;
  if (!choices.data && choices.error) return <Failure message={messageFor(choices.error)} onRetry={() => void choices.reload()} />;
  if (!choices.data) return <Loading />;
  return (
    <View className='console' data-testid='merchant-posts-page'>
      <Text className='console__title'>{mp.title}</Text>
      <PostForm communities={choices.data.communities} offers={choices.data.offers} onPosted={(text) => { setNotice(text); setPublished((count) => count + 1); }} />
      {notice && <Text className='console__notice--ok' data-testid='merchant-post-notice'>{notice}</Text>}
      <MyPosts round={published} />
    </View>
  );
}

export default withPageBar(MerchantPosts);
