import { DEFAULT_BUSINESS_TIME_ZONE } from '@calorie-bank/shared/client-config';
import { classifyStepFailure, type PlatformBridge } from './types';

declare const my: {
  getAuthCode(options: { scopes: string; success(res: { authCode: string }): void; fail(err: unknown): void }): void;
  getRunData(options: { countDate: string; timeZone: string; success(res: { response: string }): void; fail(err: unknown): void }): void;
  scan(options: { success(res: { code?: string; result?: string }): void; fail(err: unknown): void }): void;
  getOpenUserInfo(options: { success(res: { response: string }): void; fail(err: unknown): void }): void;
};

/** Alipay: `my.getAuthCode` for login, `my.getRunData` for steps (its `res.response` goes to the BFF verbatim). */
export const alipayBridge: PlatformBridge = {
  name: 'alipay',
  loginCredential: () =>
    new Promise((resolve, reject) => {
      my.getAuthCode({ scopes: 'auth_base', success: (res) => resolve({ authCode: res.authCode }), fail: reject });
    }),
  stepData: (countDate, timeZone = DEFAULT_BUSINESS_TIME_ZONE) =>
    new Promise((resolve, reject) => {
      my.getRunData({
        countDate,
        timeZone,
        success: (res) => resolve({ countDate, response: res.response }),
        fail: (err) => reject(classifyStepFailure(err)),
      });
    }),
  scanCode: () =>
    new Promise((resolve, reject) => {
      my.scan({ success: (res) => resolve(res.code ?? res.result ?? ''), fail: reject });
    }),
  canScan: true,
  // Needs the user's consent through an <button open-type="getAuthorize" scope="userInfo"> first.
  appProfile: () =>
    new Promise((resolve, reject) => {
      my.getOpenUserInfo({
        success: (res) => {
          const { response } = JSON.parse(res.response) as { response: { code: string; nickName?: string; avatar?: string } };
          if (response.code !== '10000') reject(new Error(`getOpenUserInfo answered ${response.code}`));
          else resolve({ nickname: response.nickName ?? '', avatarUrl: response.avatar ?? null });
        },
        fail: reject,
      });
    }),
};
