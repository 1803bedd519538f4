import { Button, Image, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { messageFor, staffToken } from '../../../api/client';
import { pickImage, uploadFile } from '../../../api/upload';
import { imageSource } from '../../../components/OfferCard';
import { useAction } from '../../../hooks/useAction';
import { oc } from '../content-i18n';

/** Picks an image and uploads it as the operator; shows it once stored and hands its url up. */
export function ImageUpload({ url, label, onUploaded, testId }: { url: string | null; label: string; onUploaded: (url: string) => void; testId: string }) {
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const upload = useAction(async () => {
    setError(null);
    const picked = await pickImage();
    if (picked === null) return;
    if (picked === 'too-large') {
      setError(oc.tooLarge);
      return;
    }
    setProgress(0);
    try {
      const answer = await uploadFile<{ image: { url: string } }>('/ops/uploads', picked, staffToken(), setProgress);
      onUploaded(answer.image.url);
    } catch (caught) {
      setError(messageFor(caught));
    } finally {
      setProgress(null);
    }
  });
  return (
    <View className='ops-card__actions'>
      {url && <Image className='ops-review-image' src={imageSource(url)} mode='aspectFill' data-testid={`${testId}-preview`} />}
      <Button className='ops-button' size='mini' onClick={() => void upload.run()} disabled={upload.running} data-testid={testId}>
        {progress !== null ? oc.uploading(progress) : label}
      </Button>
      {error && <Text className='ops-notice ops-notice--error'>{error}</Text>}
    </View>
  );
}
