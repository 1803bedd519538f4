import { Button, Image, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { messageFor } from '../../../api/client';
import { useAction } from '../../../hooks/useAction';
import { usePagedList } from '../../../hooks/usePagedList';
import { imageSource } from '../../../components/OfferCard';
import { t } from '../../../i18n/messages';
import { u } from '../../../i18n/ux';
import { opsApi, type ReviewOffer } from '../api';
import { o } from '../i18n';
import { PagedRows } from './Paged';
import { useBusinessTime } from '../../../hooks/useBusinessTime';

const STATUSES = ['pending', 'live', 'rejected', 'paused'] as const;

/** The offer's picture as users will see it, so a broken or unsuitable one is caught before approval. */
function ReviewImage({ url }: { url: string }) {
  const [broken, setBroken] = useState(false);
  return broken ? (
    <Text className='ops-notice ops-notice--error' data-testid='review-image-broken'>{`${u.imageFailed}：${url}`}</Text>
  ) : (
    <Image className='ops-review-image' src={imageSource(url)} mode='aspectFit' onError={() => setBroken(true)} data-testid='review-image' />
  );
}
type Notice = { kind: 'ok' | 'error'; text: string } | null;

function ReviewCard({ offer, onDone }: { offer: ReviewOffer; onDone: (notice: Notice) => void }) {
  const time = useBusinessTime();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const decide = useAction(async (approve: boolean) => {
    // A disabled H5 button still fires its tap: a rejection without a reason stops here, said beside the reason.
    if (!approve && !reason.trim()) {
      setReasonError(o.errors.rejectReason);
      return;
    }
    try {
      if (approve) await opsApi.approveOffer(offer.id);
      else await opsApi.rejectOffer(offer.id, reason.trim());
      onDone({ kind: 'ok', text: approve ? o.approved(offer.title) : o.rejected(offer.title) });
    } catch (caught) {
      onDone({ kind: 'error', text: messageFor(caught) });
    }
  });
  const busy = decide.running;
  return (
    <View className='ops-card' data-testid='review-offer'>
      <View className='ops-card__head'>
        <Text className='ops-card__title'>{offer.title}</Text>
        <Text className='ops-badge'>{t.kindNames[offer.kind] ?? offer.kind}</Text>
      </View>
      <Text className='ops-card__meta'>{o.offerMeta(offer.merchantName, offer.priceCoins, offer.totalStock, offer.perUserLimit)}</Text>
      <Text className='ops-card__meta'>{`${time.day(offer.validFrom)} – ${time.day(offer.validUntil)}`}</Text>
      {offer.description && <Text className='ops-card__text'>{offer.description}</Text>}
      {offer.imageUrl && <ReviewImage url={offer.imageUrl} />}
      {offer.rejectReason && <Text className='ops-card__meta'>{`${o.rejectReason}：${offer.rejectReason}`}</Text>}
      {offer.status === 'pending' && (
        <View className='ops-card__actions'>
          <Button className='ops-button' size='mini' type='primary' disabled={busy} onClick={() => void decide.run(true)} data-testid='approve-offer'>{o.approve}</Button>
          <View className='ops-inline-field ops-inline-field--wide'>
            <Input className='ops-input' placeholder={o.rejectReason} value={reason} onInput={(event) => { setReason(event.detail.value); setReasonError(null); }} data-testid='reject-reason' />
            {reasonError && <Text className='field-error ops-field__error' data-testid='field-error-reject-reason'>{reasonError}</Text>}
          </View>
          <Button className='ops-button' size='mini' type='warn' disabled={busy} onClick={() => void decide.run(false)} data-testid='reject-offer'>{o.reject}</Button>
        </View>
      )}
    </View>
  );
}

function OfferList({ status, onNotice }: { status: string; onNotice: (notice: Notice) => void }) {
  const list = usePagedList((cursor) => opsApi.offers(status, cursor));
  return (
    <PagedRows list={list} empty={o.noOffers}>
      {(offer) => (
        <ReviewCard
          key={offer.id}
          offer={offer}
          onDone={(notice) => {
            onNotice(notice);
            void list.load(true);
          }}
        />
      )}
    </PagedRows>
  );
}

/** The offer review queue (pending, oldest first), and the offers in other states. */
export function Review() {
  const [status, setStatus] = useState<string>('pending');
  const [notice, setNotice] = useState<Notice>(null);
  return (
    <View>
      <View className='ops-bar'>
        {STATUSES.map((name) => (
          <Text key={name} className={`ops-chip${name === status ? ' ops-chip--on' : ''}`} onClick={() => { setStatus(name); setNotice(null); }} data-testid={`review-${name}`}>
            {o.reviewStatus[name]}
          </Text>
        ))}
      </View>
      {notice && <Text className={`ops-notice ops-notice--${notice.kind}`} data-testid='review-notice'>{notice.text}</Text>}
      <OfferList key={status} status={status} onNotice={setNotice} />
    </View>
  );
}
