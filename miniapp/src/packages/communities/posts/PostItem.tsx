import { Button, Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { messageFor } from '../../../api/client';
import { imageSource } from '../../../components/OfferCard';
import { useAction } from '../../../hooks/useAction';
import { postsApi, type Post } from './api';
import { p } from './i18n';
import { markReported, wasReported } from './mine';
import { useBusinessTime } from '../../../hooks/useBusinessTime';
import './posts.css';

const REASONS = ['spam', 'abuse', 'porn', 'illegal', 'other'] as const;

/** The reasons to choose from, inline (a sheet is awkward on every platform), then one report. */
export function ReportChoice({ onReport, onClose, busy }: { onReport: (reason: string) => void; onClose: () => void; busy: boolean }) {
  return (
    <View className='post__report' data-testid='report-reasons'>
      {REASONS.map((reason) => (
        <Button key={reason} size='mini' disabled={busy} onClick={() => onReport(reason)} data-testid={`report-${reason}`}>
          {p.reportReasons[reason]}
        </Button>
      ))}
      <Button size='mini' onClick={onClose}>{p.cancel}</Button>
    </View>
  );
}

/** Asks before a deletion; true when the user confirmed. */
export async function confirmDelete(): Promise<boolean> {
  const answer = await Taro.showModal({ title: p.delete, content: p.confirmDelete, confirmText: p.delete, cancelText: p.cancel });
  return answer.confirm;
}

/**
 * One post: author, text, images, its card, and like, comment, report (not of one's own, and once:
 * then it says 已举报) and (where allowed) delete. `onGone` drops it from the list it is in once
 * deleted; `open` shows its detail page; `mine` is the signed-in user's own post.
 */
export function PostItem({ post, onGone, open, full = false, mine = false }: { post: Post; onGone: (id: string) => void; open?: () => void; full?: boolean; mine?: boolean }) {
  const time = useBusinessTime();
  const [likes, setLikes] = useState({ count: post.likes, mine: post.likedByMe });
  const [reporting, setReporting] = useState(false);
  const [reported, setReported] = useState(() => wasReported('post', post.id));
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const like = useAction(async () => {
    setNotice(null);
    try {
      const answer = await postsApi.like(post.id, !likes.mine);
      setLikes({ count: answer.like.likes, mine: answer.like.likedByMe });
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(error) });
    }
  });
  const report = useAction(async (reason: string) => {
    try {
      await postsApi.reportPost(post.id, reason);
      markReported('post', post.id);
      setReported(true);
      setReporting(false);
      setNotice({ kind: 'ok', text: p.reported });
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(error) });
    }
  });
  const remove = useAction(async () => {
    if (!(await confirmDelete())) return;
    try {
      await postsApi.remove(post.id);
      onGone(post.id);
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(error) });
    }
  });
  const images = post.images.map((url) => imageSource(url));
  return (
    <View className='post' data-testid='post' data-post-id={post.id}>
      <View className='post__head'>
        {post.author.avatarUrl ? <Image className='post__avatar' src={imageSource(post.author.avatarUrl)} /> : <View className='post__avatar post__avatar--empty' />}
        <View className='post__who'>
          <Text className='post__author'>{post.author.name}{post.author.kind === 'merchant' ? ` · ${p.merchant}` : ''}</Text>
          <Text className='post__meta'>{`${post.communityName} · ${time.at(post.createdAt)}`}</Text>
        </View>
      </View>
      <Text className={`post__text${full ? '' : ' post__text--clamped'}`} onClick={open} data-testid='post-text'>{post.text}</Text>
      {images.length > 0 && (
        <View className={`post__images post__images--${Math.min(images.length, 3)}`}>
          {images.map((src, index) => (
            <Image key={`${src}-${index}`} className='post__image' src={src} mode='aspectFill' data-testid='post-image'
              onClick={() => void Taro.previewImage({ urls: images, current: src })} />
          ))}
        </View>
      )}
      {post.card && (
        <View className='post__card' data-testid='post-card'>
          <Text className='post__card-kind'>{post.card.kind === 'event' ? p.eventCard : post.card.subtitle}</Text>
          <Text className='post__card-title'>{post.card.title}</Text>
          <Text className='post__meta'>
            {post.card.kind === 'event' ? `${post.card.subtitle} · ${time.at(post.card.startsAt ?? '')}` : p.offerCard(post.card.priceCoins ?? 0)}
          </Text>
        </View>
      )}
      <View className='post__actions'>
        <Text className={`post__action${likes.mine ? ' post__action--on' : ''}`} onClick={() => void like.run()} data-testid='like'>
          {`${likes.mine ? p.liked : p.like} ${likes.count}`}
        </Text>
        <Text className='post__action' onClick={open} data-testid='open-comments'>{p.comments(post.comments)}</Text>
        {reported ? (
          <Text className='post__action post__action--done' data-testid='reported'>{p.reportedMark}</Text>
        ) : (
          !mine && <Text className='post__action' onClick={() => setReporting(!reporting)} data-testid='report'>{p.report}</Text>
        )}
        {post.canDelete && <Text className='post__action post__action--danger' onClick={() => void remove.run()} data-testid='delete-post'>{p.delete}</Text>}
      </View>
      {reporting && !reported && !mine && <ReportChoice busy={report.running} onReport={(reason) => void report.run(reason)} onClose={() => setReporting(false)} />}
      {notice && <Text className={`notice notice--${notice.kind}`} data-testid='post-notice'>{notice.text}</Text>}
    </View>
  );
}
