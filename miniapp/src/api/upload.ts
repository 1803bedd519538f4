import Taro from '@tarojs/taro';
import type { ErrorCode } from '@calorie-bank/shared/errors';
import { ApiError, signIn, storedToken, type FieldProblem } from './client';

declare const API_BASE: string;

/**
 * Sends one picked file (a temp path from the picker) to an upload route of the BFF as
 * multipart/form-data, field `file`, reporting progress in percent. Answers the parsed body of a
 * 2xx answer; anything else is an ApiError as the JSON client throws them, NETWORK when no answer came.
 */
export function uploadFile<T>(path: string, filePath: string, token: string | null, onProgress: (percent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const task = Taro.uploadFile({
      url: `${API_BASE}/api/v1${path}`,
      filePath,
      name: 'file',
      header: token ? { authorization: `Bearer ${token}` } : {},
      success: (response) => {
        let answer: { error?: { code?: string; message?: string; details?: FieldProblem[] } } = {};
        try {
          answer = JSON.parse(String(response.data)) as typeof answer;
        } catch {
          // Not JSON: a proxy's page; the status says enough.
        }
        if (response.statusCode >= 200 && response.statusCode < 300 && !answer.error) resolve(answer as T);
        else {
          reject(
            new ApiError(
              (answer.error?.code ?? 'INTERNAL') as ErrorCode,
              answer.error?.message ?? `HTTP ${response.statusCode}`,
              response.statusCode,
              Array.isArray(answer.error?.details) ? answer.error.details : [],
            ),
          );
        }
      },
      fail: (failure) => reject(new ApiError('NETWORK', String((failure as { errMsg?: string }).errMsg ?? failure))),
    });
    task?.onProgressUpdate?.((progress) => onProgress(progress.progress));
  });
}

/** As the signed-in user, signing in again once if the session had expired. */
export async function uploadAsUser<T>(path: string, filePath: string, onProgress: (percent: number) => void): Promise<T> {
  const token = storedToken() ?? (await signIn()).token;
  try {
    return await uploadFile<T>(path, filePath, token, onProgress);
  } catch (error) {
    if (!(error instanceof ApiError && (error.code === 'AUTH_INVALID' || error.code === 'AUTH_REQUIRED'))) throw error;
    return uploadFile<T>(path, filePath, (await signIn()).token, onProgress);
  }
}

/** The BFF takes images up to this size; a larger pick is refused before it is sent. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

/**
 * Lets the user pick one image from the album or camera. Answers its temp path, `'too-large'`
 * when it is over what the BFF takes, or null when the user closed the picker.
 */
export async function pickImage(): Promise<string | 'too-large' | null> {
  let chosen: Taro.chooseImage.SuccessCallbackResult;
  try {
    chosen = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
  } catch {
    return null; // the user closed the picker
  }
  const file = chosen.tempFiles[0];
  if (!file) return null;
  return file.size > MAX_IMAGE_BYTES ? 'too-large' : file.path;
}
