import { alipayBridge } from './alipay';
import { h5Bridge } from './h5';
import type { PlatformBridge } from './types';
import { weappBridge } from './weapp';

/** The bridge of the super-app this build targets; TARO_ENV is fixed at build time. */
export function bridgeFor(target: string | undefined): PlatformBridge {
  switch (target) {
    case 'alipay':
      return alipayBridge;
    case 'weapp':
      return weappBridge;
    default:
      return h5Bridge;
  }
}

export const platform: PlatformBridge = bridgeFor(process.env.TARO_ENV);
export { StepAccessError, type PlatformBridge, type StepAccessProblem } from './types';
