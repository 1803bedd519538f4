import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MeAnswer } from '../src/api/client';

interface UploadCall {
  url: string;
  filePath: string;
  name: string;
  header: Record<string, string>;
  success: (response: { statusCode: number; data: string }) => void;
  fail: (failure: unknown) => void;
}

const taro = vi.hoisted(() => ({
  uploads: [] as UploadCall[],
  chooseImage: vi.fn(),
  showToast: vi.fn(),
}));

vi.mock('@tarojs/taro', async (importOriginal) => {
  const original = await importOriginal<{ default: object }>();
  return {
    ...original,
    default: {
      ...original.default,
      getStorageSync: (key: string) => (key === 'cb.token' ? 'user-token' : ''),
      chooseImage: taro.chooseImage,
      showToast: taro.showToast,
      uploadFile: (options: UploadCall) => {
        taro.uploads.push(options);
        return { onProgressUpdate: (listener: (progress: { progress: number }) => void) => listener({ progress: 40 }) };
      },
    },
  };
});

const { Profile } = await import('../src/pages/me/Profile');

const ME: MeAnswer = {
  user: { id: '7', nickname: '跑者', avatarUrl: null, weightKg: 60, frozen: false },
  wallet: { balance: 120 },
  today: { date: '2026-06-15', steps: 0, calories: 0, coins: 0, workoutCoins: 0, workoutRewardCoins: 0 },
};
const STORED = `/media/${'ab'.repeat(32)}.png`;

describe('avatar on the Me page', () => {
  beforeEach(() => {
    taro.uploads.length = 0;
    taro.chooseImage.mockReset().mockResolvedValue({ tempFiles: [{ path: 'blob:picked', size: 2048 }], tempFilePaths: ['blob:picked'] });
    taro.showToast.mockReset();
  });

  it('uploads a picked image once however often it is tapped, shows progress and then the saved avatar', async () => {
    const onSaved = vi.fn();
    const { rerender } = render(<Profile me={ME} onSaved={onSaved} />);
    fireEvent.click(screen.getByTestId('edit-profile'));
    const choose = screen.getByTestId('choose-avatar');
    fireEvent.click(choose);
    fireEvent.click(choose);
    await waitFor(() => expect(taro.uploads).toHaveLength(1));
    expect(taro.chooseImage).toHaveBeenCalledTimes(1);
    expect(taro.uploads[0]).toMatchObject({ url: '/api/v1/me/avatar', filePath: 'blob:picked', name: 'file', header: { authorization: 'Bearer user-token' } });
    expect(screen.getByTestId('avatar-progress').textContent).toBe('上传中 40%');

    const saved = { ...ME.user, avatarUrl: STORED };
    await act(async () => taro.uploads[0].success({ statusCode: 200, data: JSON.stringify({ user: saved }) }));
    expect(onSaved).toHaveBeenCalledWith({ ...ME, user: saved });
    expect(screen.queryByTestId('avatar-progress')).toBeNull();
    rerender(<Profile me={{ ...ME, user: saved }} onSaved={onSaved} />);
    const shown = screen.getByTestId('avatar');
    const img = shown.tagName === 'IMG' ? shown : shown.querySelector('img');
    expect(img?.getAttribute('src')).toBe(STORED);
  });

  it('says why a file was refused and keeps the avatar as it was', async () => {
    const onSaved = vi.fn();
    render(<Profile me={ME} onSaved={onSaved} />);
    fireEvent.click(screen.getByTestId('edit-profile'));
    fireEvent.click(screen.getByTestId('choose-avatar'));
    await waitFor(() => expect(taro.uploads).toHaveLength(1));
    const refusal = { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'The file is not a JPEG, PNG or WebP image', details: [{ path: 'file', message: 'must be a JPEG, PNG or WebP image' }] } };
    await act(async () => taro.uploads[0].success({ statusCode: 415, data: JSON.stringify(refusal) }));
    expect(screen.getByTestId('field-error-avatar').textContent).toBe('只能上传 JPG、PNG 或 WebP 格式的图片。');
    expect(onSaved).not.toHaveBeenCalled();
    expect(screen.queryByTestId('avatar')).toBeNull();
  });

  it('refuses a picked image over 2 MB without sending it', async () => {
    taro.chooseImage.mockResolvedValue({ tempFiles: [{ path: 'blob:huge', size: 3 * 1024 * 1024 }], tempFilePaths: ['blob:huge'] });
    render(<Profile me={ME} onSaved={vi.fn()} />);
    fireEvent.click(screen.getByTestId('edit-profile'));
    fireEvent.click(screen.getByTestId('choose-avatar'));
    expect(await screen.findByTestId('field-error-avatar')).toBeTruthy();
    expect(taro.uploads).toHaveLength(0);
  });
});
