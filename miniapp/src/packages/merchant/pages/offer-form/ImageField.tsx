import { Button, Image, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { ApiError, messageFor, staffToken } from '../../../../api/client';
import { pickImage, uploadFile } from '../../../../api/upload';
import { imageSource } from '../../../../components/OfferCard';
import { useAction } from '../../../../hooks/useAction';
import { u } from '../../../../i18n/ux';


/** Sends one picked image to the BFF's upload route, reporting progress; answers its `/media/…` url. */
async function upload(filePath: string, onProgress: (percent: number) => void): Promise<string> {
  const answer = await uploadFile<{ image: { url: string } }>('/merchant/uploads', filePath, staffToken(), onProgress);
  return answer.image.url;
}

/**
 * The offer's picture: chosen from the album or camera and uploaded to the BFF (which checks the
 * bytes really are a JPEG, PNG or WebP within the size limits); shown as it will look in the Mall.
 * `label` names what it is for (an offer's picture unless said otherwise).
 */
export function ImageField({ value, onChange, label = u.offerImage }: { value: string; onChange: (url: string) => void; label?: string }) {
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pick = useAction(async () => {
    setError(null);
    const picked = await pickImage();
    if (picked === null) return;
    if (picked === 'too-large') {
      setError(u.imageTooLarge);
      return;
    }
    setProgress(0);
    try {
      onChange(await upload(picked, setProgress));
    } catch (caught) {
      const fieldMessage = caught instanceof ApiError ? caught.details.find((detail) => detail.path === 'file')?.message : undefined;
      setError(caught instanceof ApiError && caught.code === 'UNSUPPORTED_MEDIA_TYPE' ? u.imageWrongType : fieldMessage ?? messageFor(caught));
    } finally {
      setProgress(null);
    }
  });
  return (
    <View className='form__field'>
      <Text className='form__label'>{label}</Text>
      <View className='form__image-row'>
        {value ? <Image className='form__image' src={imageSource(value)} mode='aspectFill' data-testid='offer-image-preview' /> : <View className='form__image form__image--empty' />}
        <View className='form__image-actions'>
          <Button className='form__small' size='mini' disabled={pick.running} onClick={() => void pick.run()} data-testid='offer-image-pick'>
            {value ? u.changeImage : u.chooseImage}
          </Button>
          {value && !pick.running && <Button className='form__small' size='mini' onClick={() => onChange('')} data-testid='offer-image-remove'>{u.removeImage}</Button>}
          {progress !== null && <Text className='form__progress' data-testid='offer-image-progress'>{u.uploading(progress)}</Text>}
        </View>
      </View>
      {error && <Text className='field-error form__field-error' data-testid='field-error-imageUrl'>{error}</Text>}
    </View>
  );
}
