import { Button, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { MAX_POST_TEXT, textLength } from '@calorie-bank/shared/post-rules';
import { ApiError, contract, messageFor, type Community, type Offer } from '../../../../api/client';
import { fieldErrorsOf } from '../../../../hooks/fieldErrors';
import { useAction } from '../../../../hooks/useAction';
import { ImageField } from '../offer-form/ImageField';
import { mp } from './i18n';

/** A refused post's errors beside their fields: a blocked word beside the text, an offer gone off sale beside the offer. */
function errorsOf(error: unknown): Record<string, string> {
  if (error instanceof ApiError && error.code === 'CONTENT_REJECTED') return { text: messageFor(error) };
  if (error instanceof ApiError && error.code === 'OFFER_NOT_AVAILABLE') return { offerId: messageFor(error) };
  const fields = fieldErrorsOf(error, ['text', 'images', 'offerId']);
  return Object.keys(fields).length > 0 ? fields : { '': messageFor(error) };
}

function Chips<T extends { id: string }>({ items, chosen, label, onChoose, testId }: { items: T[]; chosen: string | null; label: (item: T) => string; onChoose: (id: string | null) => void; testId: string }) {
  return (
    <View className='mposts__chips'>
      {items.map((item) => (
        <Text key={item.id} className={`mposts__chip${item.id === chosen ? ' mposts__chip--on' : ''}`} onClick={() => onChoose(item.id)} data-testid={testId}>{label(item)}</Text>
      ))}
    </View>
  );
}

/** Writing a merchant's post: the community, optionally one live offer as its card, text and one image. Sends once. */
export function PostForm({ communities, offers, onPosted }: { communities: Community[]; offers: Offer[]; onPosted: (text: string) => void }) {
  const [communityId, setCommunityId] = useState<string | null>(communities[0]?.id ?? null);
  const [offerId, setOfferId] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [image, setImage] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const length = textLength(text);

  const publish = useAction(async () => {
    const missing: Record<string, string> = {};
    if (!communityId) missing.communityId = mp.communityRequired;
    if (length === 0) missing.text = mp.textRequired;
    setErrors(missing);
    if (!communityId || length === 0) return;
    try {
      await contract.merchantCreatePost({ params: { id: communityId }, body: { text, images: image ? [image] : [], offerId: offerId ?? undefined } });
      // The form clears itself rather than being remounted: a remount swaps the whole form's DOM in
      // one commit, and Taro's H5 components left the old form on screen beside the new one.
      setText('');
      setImage('');
      setOfferId(null);
      setErrors({});
      onPosted(mp.published(communities.find((community) => community.id === communityId)?.name ?? ''));
    } catch (error) {
      setErrors(errorsOf(error));
    }
  });

  const error = (field: string) => errors[field] ? <Text className='field-error form__field-error' data-testid={`field-error-${field || 'form'}`}>{errors[field]}</Text> : null;
  return (
    <View className='console__card' data-testid='merchant-post-form'>
      <Text className='console__hint'>{mp.hint}</Text>
      <Text className='form__label'>{mp.community}</Text>
      {communities.length === 0 ? <Text className='console__offer-meta'>{mp.noCommunities}</Text> : (
        <Chips items={communities} chosen={communityId} label={(community) => community.name} onChoose={setCommunityId} testId='merchant-post-community' />
      )}
      {error('communityId')}
      <Text className='form__label'>{mp.offer}</Text>
      {offers.length === 0 ? <Text className='console__offer-meta'>{mp.noLiveOffers}</Text> : (
        <View>
          <Text className={`mposts__chip${offerId === null ? ' mposts__chip--on' : ''}`} onClick={() => setOfferId(null)}>{mp.noOffer}</Text>
          <Chips items={offers} chosen={offerId} label={(offer) => offer.title} onChoose={setOfferId} testId='merchant-post-offer' />
        </View>
      )}
      {error('offerId')}
      <Text className='form__label'>{mp.text}</Text>
      <Textarea className='form__textarea' value={text} maxlength={-1} placeholder={mp.placeholder} onInput={(input) => setText(input.detail.value)} data-testid='merchant-post-text' />
      <Text className={`console__offer-meta${length > MAX_POST_TEXT ? ' mposts__over' : ''}`} data-testid='merchant-post-counter'>{mp.counter(length, MAX_POST_TEXT)}</Text>
      {error('text')}
      <ImageField value={image} onChange={setImage} label={mp.image} />
      {error('images')}
      <Button className='console__button' type='primary' disabled={publish.running} onClick={() => void publish.run()} data-testid='merchant-post-publish'>{mp.publish}</Button>
      {error('')}
    </View>
  );
}
