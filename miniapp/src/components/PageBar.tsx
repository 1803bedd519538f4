import Taro, { getCurrentInstance } from '@tarojs/taro';
import { useState, type ComponentType } from 'react';
import { u } from '../i18n/ux';
import './PageBar.css';

/** Where back leads from a page the browser opened first (a shared link, a reload): the home tab. */
const HOME = '/pages/index/index';

/** Whether a page lies under the current one to go back to. */
function hasPreviousPage(): boolean {
  return Taro.getCurrentPages().length > 1;
}

/** Goes back a page, or to the home tab from a page with none under it. */
function goBack(): void {
  if (hasPreviousPage()) void Taro.navigateBack();
  else void Taro.switchTab({ url: HOME });
}

/**
 * The bar over a subpackage's page in a browser, where Taro shows no navigation bar: a back
 * control and the page's title (its `navigationBarTitleText`). It stays at the top while the page
 * scrolls, `--page-bar-height` tall, which the pages' full-screen layouts leave to it.
 * The control is the browser's own button: focusable and pressed with Enter or Space.
 */
export function PageBar() {
  // While a page renders for the first time it is the current instance; later another may be.
  const [title] = useState(() => getCurrentInstance().page?.config?.navigationBarTitleText);
  const [home] = useState(() => !hasPreviousPage());
  return (
    <header className='page-bar' data-testid='page-bar'>
      <button type='button' className='page-bar__back' aria-label={home ? u.backHome : u.back} onClick={goBack} data-testid='page-back'>
        {u.back}
      </button>
      {title && <h1 className='page-bar__title'>{title}</h1>}
    </header>
  );
}

/**
 * `Page` under the page bar in a browser. In a mini-program the platform's navigation bar has
 * the back control and the title, and `Page` is left as it is.
 */
export function withPageBar<P extends object>(Page: ComponentType<P>): ComponentType<P> {
  if (process.env.TARO_ENV !== 'h5') return Page;
  return function PageWithBar(props: P) {
    return (
      <>
        <PageBar />
        <Page {...props} />
      </>
    );
  };
}
