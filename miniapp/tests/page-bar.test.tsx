import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ComponentType } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { answerRoutes } from './fake-taro';

// app.config.ts calls the global that Taro's build defines.
vi.hoisted(() => Object.assign(globalThis, { defineAppConfig: (config: object) => config }));

// The page stack and the page being rendered as Taro's H5 router keeps them, and where the bar sends the user.
const taro = vi.hoisted(() => ({
  navigateBack: vi.fn(),
  switchTab: vi.fn(),
  getCurrentPages: vi.fn(),
  page: null as { config: { navigationBarTitleText?: string } } | null,
}));
const bff = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) => ({
  ...(await import('./fake-taro')).fakeTaroWithBff(await importOriginal(), storage, bff, {
    navigateBack: taro.navigateBack,
    switchTab: taro.switchTab,
    getCurrentPages: taro.getCurrentPages,
  }),
  getCurrentInstance: () => ({ page: taro.page, router: null }),
  useRouter: () => ({ params: {} }),
  useDidShow: vi.fn(),
  useDidHide: vi.fn(),
  useReachBottom: vi.fn(),
  useError: vi.fn(),
}));

const { default: app } = await import('../src/app.config');
const { withPageBar } = await import('../src/components/PageBar');
const { default: History } = await import('../src/packages/wallet/pages/history/index');

describe('the page bar, in a browser', () => {
  beforeEach(() => {
    taro.navigateBack.mockReset();
    taro.switchTab.mockReset();
    taro.getCurrentPages.mockReset();
    taro.page = { config: { navigationBarTitleText: '金币明细' } };
    answerRoutes(bff, { 'GET /wallet/transactions': () => [200, { items: [], nextCursor: null }] });
  });

  it('shows 返回 and the page title above a subpackage page, and goes back a page', () => {
    taro.getCurrentPages.mockReturnValue([{ route: 'pages/me/index' }, { route: 'packages/wallet/pages/history/index' }]);
    render(<History />);
    const back = screen.getByRole('button', { name: '返回' });
    expect(back.textContent).toBe('返回');
    expect(screen.getByRole('heading').textContent).toBe('金币明细');
    fireEvent.click(back);
    expect(taro.navigateBack).toHaveBeenCalledTimes(1);
    expect(taro.switchTab).not.toHaveBeenCalled();
  });

  it('goes to the home tab from a page opened on its own (a shared link, a reload)', () => {
    taro.getCurrentPages.mockReturnValue([{ route: 'packages/wallet/pages/history/index' }]);
    render(<History />);
    const back = screen.getByRole('button', { name: '返回首页' });
    expect(back.textContent).toBe('返回');
    fireEvent.click(back);
    expect(taro.switchTab).toHaveBeenCalledWith({ url: '/pages/index/index' });
    expect(taro.navigateBack).not.toHaveBeenCalled();
  });

  it('leaves out the title when the page has none', () => {
    taro.page = null;
    taro.getCurrentPages.mockReturnValue([{}, {}]);
    render(<History />);
    expect(screen.getByRole('button', { name: '返回' })).toBeTruthy();
    expect(screen.queryByRole('heading')).toBeNull();
  });

  it('is above every subpackage page in app.config.ts', async () => {
    taro.getCurrentPages.mockReturnValue([{}, {}]);
    const paths = app.subPackages!.flatMap(({ root, pages }) => pages.map((page) => `${root}/${page}`));
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      // A variable in a dynamic import stands for one folder's name.
      const [, folder, page] = /^packages\/([\w-]+)\/pages\/([\w-]+)\/index$/.exec(path) ?? [];
      expect(page, path).toBeDefined();
      const { default: Page } = (await import(`../src/packages/${folder}/pages/${page}/index.tsx`)) as { default: ComponentType };
      render(<Page />);
      expect(screen.queryByTestId('page-back'), path).not.toBeNull();
      cleanup();
    }
  });

  it('is left out of a mini-program, whose own navigation bar goes back', () => {
    const target = process.env.TARO_ENV;
    const Page = () => null;
    try {
      process.env.TARO_ENV = 'weapp';
      expect(withPageBar(Page)).toBe(Page);
      process.env.TARO_ENV = 'alipay';
      expect(withPageBar(Page)).toBe(Page);
    } finally {
      process.env.TARO_ENV = target;
    }
  });
});
