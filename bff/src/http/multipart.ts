import multer, { MulterError } from 'multer';
import type { Middleware } from 'koa';
import { AppError, validationFailed } from '../errors.js';

declare module 'koa' {
  interface Request {
    file?: Express.Multer.File;
  }
}

/** Room for the multipart boundaries and headers around the file. */
const ENVELOPE_BYTES = 16 * 1024;

/**
 * Reads one file of a multipart/form-data body, field `field`, into memory (`ctx.request.file`),
 * refusing anything else before it is read: another content type answers UNSUPPORTED_MEDIA_TYPE,
 * a body past `maxBytes` PAYLOAD_TOO_LARGE, a missing file or a malformed body VALIDATION_FAILED.
 */
export function singleFile(field: string, maxBytes: number): Middleware {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: 1, fields: 8, parts: 9, fieldSize: 1024, headerPairs: 100 },
  }).single(field);
  type NodeRequest = Parameters<typeof upload>[0];
  type NodeResponse = Parameters<typeof upload>[1];
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
  return async (ctx, next) => {
    if (!ctx.request.is('multipart/form-data')) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the file as multipart/form-data, in the field "${field}"`);
    }
    if (ctx.request.length > maxBytes + ENVELOPE_BYTES) throw tooLarge();
    // multer is Express middleware: it reads Node's request and leaves the file on it.
    const req = ctx.req as unknown as NodeRequest & { file?: Express.Multer.File };
    try {
      await new Promise<void>((resolve, reject) => upload(req, ctx.res as unknown as NodeResponse, (error?: unknown) => (error ? reject(error) : resolve())));
    } catch (error) {
      if (error instanceof MulterError && error.code === 'LIMIT_FILE_SIZE') throw tooLarge();
      if (error instanceof MulterError) throw validationFailed(`The upload was refused: ${error.message}`, error.field ?? field);
      throw validationFailed('The multipart body could not be read', field);
    }
    if (!req.file) throw validationFailed(`Attach the file in the field "${field}"`, field);
    ctx.request.file = req.file;
    return next();
  };
}
