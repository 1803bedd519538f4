import { z } from 'zod';

/** Image types a merchant may upload, by what the bytes are (not by the file's name). */
export const IMAGE_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/** Widest and tallest image accepted, in pixels; an offer image is shown a few hundred pixels wide. */
export const MAX_IMAGE_SIDE = 4096;
export const MIN_IMAGE_SIDE = 16;

/**
 * An uploaded image's URL on this BFF: `/media/<sha-256 of the bytes>.<ext>`, relative to the BFF's
 * origin. The same bytes always get the same URL, and what it serves never changes.
 */
export const MediaUrl = z
  .string()
  .regex(/^\/media\/[0-9a-f]{64}\.(jpg|png|webp)$/, 'must be the url of an image uploaded with POST /merchant/uploads');

export const UploadedImage = z
  .object({
    /** `<sha-256>.<ext>`: the file's name in the store. */
    id: z.string(),
    url: MediaUrl,
    contentType: z.enum(Object.keys(IMAGE_TYPES) as [keyof typeof IMAGE_TYPES]),
    bytes: z.number().int(),
    width: z.number().int(),
    height: z.number().int(),
  })
  .meta({ id: 'UploadedImage' });

export const UploadImageResponse = z.object({ image: UploadedImage });

export type UploadedImage = z.infer<typeof UploadedImage>;
export type ImageContentType = keyof typeof IMAGE_TYPES;
