import { z } from 'zod';
import { WechatLoginRequest, WechatStepSyncRequest, businessDate, type StepSyncRequest } from '@calorie-bank/shared';
import type { WechatKeys } from '@calorie-bank/config';
import { authInvalid, payloadInvalid, serviceUnavailable, signatureInvalid, validationFailed } from '../errors.js';
import { aes128CbcDecrypt, decodeBase64, parseJson, sha256Hex } from './crypto.js';
import type { PlatformAdapter, PlatformLogin, StepVerificationContext, VerifiedSteps } from './types.js';

const Code2Session = z.object({
  openid: z.string().optional(),
  session_key: z.string().optional(),
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
});

const WeRunData = z.object({
  stepInfoList: z.array(z.object({ timestamp: z.number(), step: z.number() })),
  watermark: z.object({ appid: z.string(), timestamp: z.number() }),
});

/** WeChat stamps each day's steps at midnight China time, whatever the business zone is. */
const WERUN_TIME_ZONE = 'Asia/Shanghai';

/**
 * WeChat: `wx.login` code → `jscode2session` (the session key stays on the server), and
 * `wx.getWeRunData` decrypted with that session key; the watermark must name this app.
 */
export class WechatPlatform implements PlatformAdapter {
  readonly needsSessionKey = true;
  readonly name = 'wechat' as const;

  constructor(private readonly keys: WechatKeys) {}

  async exchangeLoginCode(body: unknown): Promise<PlatformLogin> {
    const parsed = WechatLoginRequest.safeParse(body);
    if (!parsed.success) throw validationFailed('This deployment serves WeChat: send {"code": "..."}');
    const url = new URL('sns/jscode2session', this.keys.apiBase.endsWith('/') ? this.keys.apiBase : `${this.keys.apiBase}/`);
    url.search = new URLSearchParams({
      appid: this.keys.appId,
      secret: this.keys.appSecret,
      js_code: parsed.data.code,
      grant_type: 'authorization_code',
    }).toString();
    let answer: z.infer<typeof Code2Session>;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`jscode2session answered HTTP ${response.status}`);
      answer = Code2Session.parse(await response.json());
    } catch (error) {
      throw serviceUnavailable('WeChat could not be reached; try again shortly', error);
    }
    if (answer.errcode === -1) throw serviceUnavailable('WeChat is busy; try again shortly');
    if (answer.errcode || !answer.openid || !answer.session_key) throw authInvalid('WeChat did not accept this login code');
    return { platformUserId: answer.openid, sessionKey: answer.session_key };
  }

  verifySteps(body: StepSyncRequest, context: StepVerificationContext): VerifiedSteps {
    const request = WechatStepSyncRequest.safeParse(body);
    if (!request.success) throw validationFailed('This deployment serves WeChat: send {"encryptedData", "iv"}');
    const key = context.sessionKey ? decodeBase64(context.sessionKey) : null;
    if (!key) throw payloadInvalid('Sign in again: there is no WeChat session to decrypt the step data');
    const cipherBytes = decodeBase64(request.data.encryptedData);
    const iv = decodeBase64(request.data.iv);
    const plaintext = cipherBytes && iv && aes128CbcDecrypt(cipherBytes, key, iv);
    if (!plaintext) throw payloadInvalid('The WeRun data could not be decrypted with this session');
    const data = WeRunData.safeParse(parseJson(plaintext));
    if (!data.success) throw payloadInvalid('The decrypted WeRun data is not in the expected format');
    if (data.data.watermark.appid !== this.keys.appId) throw signatureInvalid('The WeRun data was issued to another app');

    const date = request.data.countDate ?? context.today;
    const day = data.data.stepInfoList.find((item) => businessDate(new Date(item.timestamp * 1000), WERUN_TIME_ZONE) === date);
    if (!day) throw payloadInvalid(`The WeRun data has no steps for ${date}`);
    if (!Number.isSafeInteger(day.step) || day.step < 0) {
      throw payloadInvalid('The step count in the platform data is not a whole, non-negative number');
    }
    return { date, steps: day.step, fingerprint: sha256Hex(request.data.encryptedData) };
  }
}
