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
 * Checks that the bytes are an image one would show and stores them. Its type is taken from the
 * bytes, never from the file's name or the type the client claimed, so a renamed text file is
 * refused; its dimensions must be those of a picture, so a tiny header over a huge canvas is refused too.
 */
export async function storeImage(context: ServiceContext, bytes: Buffer): Promise<UploadedImage> {
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
  return { id, url: context.media.url(id), contentType, bytes: bytes.length, width, height };
}

/** Stores an offer image a merchant uploaded. */
export async function storeOfferImage(context: ServiceContext, merchantId: string, bytes: Buffer): Promise<{ image: UploadedImage }> {
  const image = await storeImage(context, bytes);
  context.logger.info({ merchantId, image: image.id, bytes: image.bytes }, 'stored an offer image');
  return { image };
}

/** Refuses an image URL that names no stored image (a typo would show a broken image). */
export async function checkOfferImage(context: ServiceContext, imageUrl: string | null | undefined, field = 'imageUrl'): Promise<void> {
  if (!imageUrl) return;
  const id = imageUrl.slice(imageUrl.lastIndexOf('/') + 1);
  if (!(await context.media.get(id))) throw validationFailed('No uploaded image has this url; upload the image first', field);
}
