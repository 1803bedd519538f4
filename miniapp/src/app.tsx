import Taro from '@tarojs/taro';
import { useEffect, type PropsWithChildren } from 'react';
import { warmUpSession } from './api/client';
import { LoadFailure } from './components/LoadFailure';
import { english, t } from './i18n/messages';
import './app.css';

/** The page the app opens on: the browser's hash route, or the mini-program's launch path. */
function launchPath(): string {
  if (process.env.TARO_ENV === 'h5') return window.location.hash.replace(/^#\/?/, '').split('?')[0];
  try {
    return Taro.getLaunchOptionsSync().path ?? '';
  } catch {
    return '';
  }
}

// Opening on Home (not a console), the session's first request starts now, beside the page's code
// (in H5, index.html's early-session script has started it already, on the same routes).
if (['', 'pages/index/index'].includes(launchPath())) warmUpSession();

/**
 * The app shell: pages render as its children. Beside them (in a browser), the notice for a page
 * whose code failed to load or a lost connection; in a mini-program it speaks through toasts.
 */
function App({ children }: PropsWithChildren) {
  useEffect(() => {
    // app.config.ts holds one set of tab labels, the Chinese: an English reader gets theirs here.
    if (english) t.tabBar.forEach((text, index) => void Taro.setTabBarItem({ index, text }).catch(() => undefined));
  }, []);
  return (
    <>
      {children}
      <LoadFailure />
    </>
  );
}

export default App;
