import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import { IMAGE_TYPES, MAX_IMAGE_SIDE, MIN_IMAGE_SIDE, type ImageContentType, type UploadedImage } from '@calorie-bank/shared';
import { AppError, validationFailed } from '../errors.js';
import type { ServiceContext } from './context.js';

function isImageType(mime: string | undefined): mime is ImageContentType {
  return mime !== undefined && mime in IMAGE_TYPES;
}

/** Width and height as the image's own header states them; null when the header cannot be read. */
function dimensionsOf(bytes: Buffer): { width: number; height: number } | null {
  try {
    const { width, height } = imageSize(bytes);
    return width && height ? { width, height } : null;
  } catch {
    return null;
  }
}

/**
 * Stores an offer image a merchant uploaded. Its type is taken from the bytes, never from the
 * file's name or the type the client claimed, so a renamed text file is refused; its dimensions
 * must be those of a picture one would show, so a tiny header over a huge canvas is refused too.
 */
export async function storeOfferImage(context: ServiceContext, merchantId: string, bytes: Buffer): Promise<{ image: UploadedImage }> {
  const detected = await fileTypeFromBuffer(bytes);
  if (!isImageType(detected?.mime)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'The file is not a JPEG, PNG or WebP image', {
      details: [{ path: 'file', message: 'must be a JPEG, PNG or WebP image' }],
    });
  }
  const contentType = detected.mime;
  const size = dimensionsOf(bytes);
  if (!size) throw validationFailed('The image could not be read', 'file');
  const { width, height } = size;
  if (Math.min(width, height) < MIN_IMAGE_SIDE || Math.max(width, height) > MAX_IMAGE_SIDE) {
    throw validationFailed(`The image must be ${MIN_IMAGE_SIDE} to ${MAX_IMAGE_SIDE} pixels on each side; it is ${width}×${height}`, 'file');
  }
  const id = await context.media.put(bytes, contentType);
  context.logger.info({ merchantId, image: id, bytes: bytes.length }, 'stored an offer image');
  return { image: { id, url: context.media.url(id), contentType, bytes: bytes.length, width, height } };
}

/** Refuses an offer image URL that names no stored image (a typo would show a broken image in the Mall). */
export async function checkOfferImage(context: ServiceContext, imageUrl: string | null | undefined): Promise<void> {
  if (!imageUrl) return;
  const id = imageUrl.slice(imageUrl.lastIndexOf('/') + 1);
  if (!(await context.media.get(id))) throw validationFailed('No uploaded image has this url; upload the image first', 'imageUrl');
}
