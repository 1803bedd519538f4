import { Button, Text, View } from '@tarojs/components';
import Taro, { useError } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { u } from '../i18n/ux';
import './LoadFailure.css';

declare const API_BASE: string;

type Problem = 'load' | 'offline' | null;

/** webpack's failed script chunk (ChunkLoadError) and mini-css-extract's failed style chunk. */
export function isChunkLoadError(reason: unknown): boolean {
  const error = reason as { name?: string; code?: string; message?: string } | null;
  if (!error) return false;
  return error.name === 'ChunkLoadError' || error.code === 'CSS_CHUNK_LOAD_FAILED' || /Loading (CSS )?chunk .* failed/i.test(error.message ?? '');
}

/**
 * The app-wide face of a page whose code did not arrive or a connection that dropped: in a browser,
 * a failed page chunk leaves the old page on screen with nothing said (the router throws it into
 * an unhandled rejection), so this listens for it and offers a retry that first checks the BFF is
 * back. A dropped connection is said the same way, and stays said once it is back: the taps made
 * meanwhile failed, so the retry reloads the page's data. In a mini-program the platform loads the
 * code; a lost network is said with a toast.
 */
export function LoadFailure() {
  const [problem, setProblem] = useState<Problem>(null);
  const [checking, setChecking] = useState(false);
  useError(() => setProblem('load'));
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') {
      const onStatus = ({ isConnected }: { isConnected: boolean }) => {
        if (!isConnected) void Taro.showToast({ title: u.offline, icon: 'none', duration: 3000 });
      };
      Taro.onNetworkStatusChange(onStatus);
      return () => Taro.offNetworkStatusChange(onStatus);
    }
    const onRejection = (event: PromiseRejectionEvent) => {
      if (!isChunkLoadError(event.reason)) return;
      event.preventDefault();
      setProblem('load');
    };
    const onError = (event: ErrorEvent) => {
      if (isChunkLoadError(event.error)) setProblem('load');
    };
    const offline = () => setProblem('offline');
    window.addEventListener('unhandledrejection', onRejection);
    window.addEventListener('error', onError);
    window.addEventListener('offline', offline);
    return () => {
      window.removeEventListener('unhandledrejection', onRejection);
      window.removeEventListener('error', onError);
      window.removeEventListener('offline', offline);
    };
  }, []);

  async function retry() {
    if (checking) return;
    setChecking(true);
    try {
      // Reloading while the server is still away would swap the app for the browser's error page.
      const answer = await fetch(`${API_BASE}/healthz`, { cache: 'no-store' });
      if (answer.ok) window.location.reload();
      else setProblem('load');
    } catch {
      setProblem('offline');
    } finally {
      setChecking(false);
    }
  }

  if (!problem || process.env.TARO_ENV !== 'h5') return null;
  return (
    <View className='load-failure' data-testid='load-failure'>
      <Text className='load-failure__text'>{problem === 'offline' ? u.offline : u.loadFailed}</Text>
      <Button className='load-failure__retry' size='mini' type='primary' onClick={() => void retry()} data-testid='load-failure-retry'>
        {u.reload}
      </Button>
    </View>
  );
}
