import { classifyStepFailure, type PlatformBridge } from './types';

declare const wx: {
  login(options: { success(res: { code: string }): void; fail(err: unknown): void }): void;
  getWeRunData(options: { success(res: { encryptedData: string; iv: string }): void; fail(err: unknown): void }): void;
  scanCode(options: { success(res: { result: string }): void; fail(err: unknown): void }): void;
};

/** WeChat: `wx.login` for login, `wx.getWeRunData` for steps (decrypted by the BFF with the session key). */
export const weappBridge: PlatformBridge = {
  name: 'weapp',
  loginCredential: () =>
    new Promise((resolve, reject) => {
      wx.login({ success: (res) => resolve({ code: res.code }), fail: reject });
    }),
  stepData: (countDate) =>
    new Promise((resolve, reject) => {
      wx.getWeRunData({
        success: (res) => resolve({ encryptedData: res.encryptedData, iv: res.iv, countDate }),
        fail: (err) => reject(classifyStepFailure(err)),
      });
    }),
  scanCode: () =>
    new Promise((resolve, reject) => {
      wx.scanCode({ success: (res) => resolve(res.result), fail: reject });
    }),
  canScan: true,
};
