import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, stat, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { IMAGE_TYPES, type ImageContentType } from '@calorie-bank/shared';

/** A stored image as the store can serve it. */
export interface StoredImage {
  contentType: ImageContentType;
  size: number;
  open(): Readable;
}

/**
 * Where uploaded images live. Images are content-addressed: the id is the SHA-256 of the bytes
 * plus the type's extension, so an id always names the same bytes and can be cached for ever.
 * The disk store below is the default; an object store (OSS, S3) can implement the same three calls.
 */
export interface ImageStore {
  /** Stores the bytes (storing the same bytes twice keeps one copy) and answers their id. */
  put(bytes: Buffer, contentType: ImageContentType): Promise<string>;
  /** The image of an id, or null if the store has none. */
  get(id: string): Promise<StoredImage | null>;
  /** The URL clients fetch the image from, relative to the BFF's origin. */
  url(id: string): string;
}

const ID = /^([0-9a-f]{64})\.(jpg|png|webp)$/;
const TYPE_OF_EXTENSION = Object.fromEntries(Object.entries(IMAGE_TYPES).map(([type, extension]) => [extension, type])) as Record<
  string,
  ImageContentType
>;

/** Whether `id` has the shape of an image id (and so is safe as a file name). */
export function isImageId(id: string): boolean {
  return ID.test(id);
}

/** The id the bytes get: their SHA-256 and the extension of their type. */
export function imageIdOf(bytes: Buffer, contentType: ImageContentType): string {
  return `${createHash('sha256').update(bytes).digest('hex')}.${IMAGE_TYPES[contentType]}`;
}

/** Images as files in one directory, named by their id. */
export class DiskImageStore implements ImageStore {
  constructor(private readonly root: string) {}

  async put(bytes: Buffer, contentType: ImageContentType): Promise<string> {
    const id = imageIdOf(bytes, contentType);
    const path = join(this.root, id);
    if (await stat(path).then(() => true, () => false)) return id;
    await mkdir(this.root, { recursive: true });
    // Written aside and renamed, so a reader never sees half a file under the final name.
    const partial = join(this.root, `.${id}.${randomBytes(6).toString('hex')}.part`);
    try {
      await writeFile(partial, bytes, { mode: 0o644 });
      await rename(partial, path);
    } finally {
      await rm(partial, { force: true });
    }
    return id;
  }

  async get(id: string): Promise<StoredImage | null> {
    const match = ID.exec(id);
    if (!match) return null;
    const path = join(this.root, id);
    const found = await stat(path).catch(() => null);
    if (!found?.isFile()) return null;
    return { contentType: TYPE_OF_EXTENSION[match[2]], size: found.size, open: () => createReadStream(path) };
  }

  url(id: string): string {
    return `/media/${id}`;
  }
}
