import { Button, Image, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { MAX_POST_IMAGES, MAX_POST_TEXT, textLength } from '@calorie-bank/shared/post-rules';
import { ApiError, messageFor, type CommunityEvent } from '../../../api/client';
import { pickImage, uploadAsUser } from '../../../api/upload';
import { imageSource } from '../../../components/OfferCard';
import { fieldErrorsOf } from '../../../hooks/fieldErrors';
import { useAction } from '../../../hooks/useAction';
import { postsApi, type Post, type PostImage } from './api';
import { p } from './i18n';

const FIELDS = ['text', 'images', 'card'] as const;

/** The errors of a refused post beside its fields: a sensitive word beside the text, and so on. */
function errorsOf(error: unknown): Record<string, string> {
  if (error instanceof ApiError && error.code === 'CONTENT_REJECTED') return { text: messageFor(error) };
  const fields = fieldErrorsOf(error, FIELDS);
  return Object.keys(fields).length > 0 ? fields : { '': messageFor(error) };
}

/** Errors without `field`'s: a field's mistake goes once that field is edited. */
function without(errors: Record<string, string>, field: string): Record<string, string> {
  if (!(field in errors)) return errors;
  const { [field]: _gone, ...rest } = errors;
  return rest;
}

/**
 * Writing a post: text with a counter, up to nine images (each uploaded as it is picked), and
 * optionally one of the community's upcoming events as a card. The post button sends once.
 */
export function Composer({ communityId, events, onPosted }: { communityId: string; events: CommunityEvent[]; onPosted: (post: Post) => void }) {
  const [text, setText] = useState('');
  const [images, setImages] = useState<string[]>([]);
  const [eventId, setEventId] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const length = textLength(text);
  // Over the limit, the field says so as it is typed, with the length written.
  const textError = length > MAX_POST_TEXT ? p.tooLong(MAX_POST_TEXT, length) : errors.text;

  const addImage = useAction(async () => {
    setErrors((state) => without(state, 'images'));
    const picked = await pickImage();
    if (picked === null) return;
    if (picked === 'too-large') {
      setErrors((state) => ({ ...state, images: p.imageTooLarge }));
      return;
    }
    setProgress(0);
    try {
      const answer = await uploadAsUser<{ image: PostImage }>('/posts/images', picked, setProgress);
      setImages((state) => [...state, answer.image.url].slice(0, MAX_POST_IMAGES));
    } catch (error) {
      const detail = error instanceof ApiError ? error.details.find((item) => item.path === 'file')?.message : undefined;
      setErrors((state) => ({ ...state, images: detail ?? messageFor(error) }));
    } finally {
      setProgress(null);
    }
  });

  const publish = useAction(async () => {
    setErrors({});
    setNotice(null);
    if (length === 0) {
      setErrors({ text: p.textRequired });
      return;
    }
    // The button looks disabled, but a disabled Taro H5 button still fires: the BFF would only refuse (the field says why).
    if (length > MAX_POST_TEXT) return;
    try {
      const answer = await postsApi.create(communityId, { text, images, card: eventId ? { kind: 'event', id: eventId } : null });
      setText('');
      setImages([]);
      setEventId(null);
      setNotice(answer.post.status === 'held' ? p.held : p.published);
      onPosted(answer.post);
    } catch (error) {
      setErrors(errorsOf(error));
    }
  });

  return (
    <View className='composer' data-testid='composer'>
      <Textarea className='composer__text' value={text} maxlength={MAX_POST_TEXT + 200} placeholder={p.composerPlaceholder}
        onInput={(event) => {
          setText(event.detail.value);
          setErrors((state) => without(state, 'text'));
        }} data-testid='composer-text' />
      <View className='composer__row'>
        <Text className={`composer__counter${length > MAX_POST_TEXT ? ' composer__counter--over' : ''}`} data-testid='composer-counter'>
          {p.counter(length, MAX_POST_TEXT)}
        </Text>
        <Text className='composer__counter'>{p.imagesCount(images.length, MAX_POST_IMAGES)}</Text>
      </View>
      {textError && <Text className='field-error' data-testid='field-error-text'>{textError}</Text>}
      <View className='composer__images'>
        {images.map((url, index) => (
          <View key={`${url}-${index}`} className='composer__thumb'>
            <Image className='composer__thumb-image' src={imageSource(url)} mode='aspectFill' data-testid='composer-image' />
            <Text className='composer__thumb-remove' onClick={() => {
              setImages((state) => state.filter((_, at) => at !== index));
              setErrors((state) => without(state, 'images'));
            }}>{p.removeImage}</Text>
          </View>
        ))}
        {images.length < MAX_POST_IMAGES && (
          <Button size='mini' disabled={addImage.running} onClick={() => void addImage.run()} data-testid='composer-add-image'>
            {progress !== null ? p.uploading(progress) : p.addImage}
          </Button>
        )}
      </View>
      {errors.images && <Text className='field-error' data-testid='field-error-images'>{errors.images}</Text>}
      {events.length > 0 && (
        <View className='composer__cards'>
          <Text className='composer__counter'>{p.attachEvent}</Text>
          <Text className={`composer__chip${eventId === null ? ' composer__chip--on' : ''}`} onClick={() => {
            setEventId(null);
            setErrors((state) => without(state, 'card'));
          }}>{p.noCard}</Text>
          {events.map((event) => (
            <Text key={event.id} className={`composer__chip${eventId === event.id ? ' composer__chip--on' : ''}`} onClick={() => {
              setEventId(event.id);
              setErrors((state) => without(state, 'card'));
            }} data-testid='composer-event'>
              {event.title}
            </Text>
          ))}
        </View>
      )}
      {errors.card && <Text className='field-error' data-testid='field-error-card'>{errors.card}</Text>}
      {errors[''] && <Text className='field-error' data-testid='composer-error'>{errors['']}</Text>}
      {notice && <Text className='notice notice--ok' data-testid='composer-notice'>{notice}</Text>}
      <Button type='primary' disabled={publish.running || addImage.running || length > MAX_POST_TEXT} onClick={() => void publish.run()} data-testid='composer-publish'>
        {publish.running ? p.publishing : p.publish}
      </Button>
    </View>
  );
}
