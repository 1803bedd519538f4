/**
 * What the code under test imports from @tarojs/taro, as inert functions. The real package needs
 * a mini-program or Taro's H5 runtime; each test file mocks the parts it exercises (vi.mock).
 */
const noop = () => undefined;

export const useDidShow = noop;
export const usePullDownRefresh = noop;
export const useLoad = noop;
export const createSelectorQuery = () => ({ select: () => ({ boundingClientRect: () => ({ exec: noop }) }) });
export const createIntersectionObserver = () => ({ relativeToViewport: () => ({ observe: noop }), disconnect: noop });
export const getCurrentInstance = () => ({ page: null, router: null });
export const nextTick = (callback: () => void) => setTimeout(callback, 0);

const Taro = {
  getSystemInfoSync: () => ({ windowHeight: 700, windowWidth: 375 }),
  getStorageSync: noop,
  setStorageSync: noop,
  removeStorageSync: noop,
  showToast: noop,
  stopPullDownRefresh: noop,
  navigateTo: noop,
  navigateBack: noop,
  switchTab: noop,
  getCurrentPages: () => [],
  reLaunch: noop,
  request: noop,
  createSelectorQuery,
  nextTick,
};

export default Taro;
