import { createCipheriv, createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import type { SandboxKeys } from './keys.js';
import { memoryWechatStore, type WechatSessionStore } from './wechat-store.js';

const AUTH_CODE_TTL_MS = 5 * 60_000;
const ZERO_IV = Buffer.alloc(16);

function aesEncrypt(plaintext: string, key: Buffer, iv: Buffer): string {
  const cipher = createCipheriv('aes-128-cbc', key, iv);
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

/** A stable platform id for a sandbox user name: Alipay user ids are 16 digits starting 2088. */
function alipayUserId(user: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(user).digest('hex').slice(0, 15)}`) % 10n ** 12n;
  return `2088${digits.toString().padStart(12, '0')}`;
}

function wechatOpenId(user: string): string {
  return `o${createHash('sha256').update(`wechat:${user}`).digest('base64url').slice(0, 27)}`;
}

/** Ways the sandbox can spoil a payload, to show what the BFF does with each. */
export type Forgery = 'none' | 'signature' | 'foreign-key' | 'truncated' | 'resigned-garbage';

export interface RunDataOptions {
  countDate: string;
  /** The count as the platform would write it (a string) or any value, for malformed payloads. */
  count: unknown;
  /** The date inside the plaintext; defaults to `countDate`. */
  plaintextDate?: string;
  /** Platform answer code; anything but 10000 means no step data. */
  code?: string;
  forge?: Forgery;
}

/**
 * The sandbox open platform: plays Alipay's gateway, `my.getAuthCode` and `my.getRunData`, and
 * WeChat's `wx.login`, `jscode2session` and `wx.getWeRunData`, producing the real formats with
 * the sandbox keys. Alipay's state lives in memory and ends with the process; WeChat's codes and
 * session keys live in the given store (`wechat-store.ts`).
 */
export class SandboxPlatform {
  private readonly authCodes = new Map<string, { userId: string; expiresAt: number }>();
  private readonly platformKey: KeyObject;
  private readonly appPublicKey: KeyObject;
  private readonly aesKey: Buffer;
  private readonly strangerKey: KeyObject;

  constructor(
    readonly keys: SandboxKeys,
    private readonly wechat: WechatSessionStore = memoryWechatStore(),
  ) {
    this.platformKey = createPrivateKey(keys.alipay.platformPrivateKey);
    this.appPublicKey = createPublicKey(keys.alipay.appPublicKey);
    this.aesKey = Buffer.from(keys.alipay.aesKey, 'base64');
    // Some other party's key, for signatures that look right but are not the platform's.
    this.strangerKey = createPrivateKey(keys.alipay.appPrivateKey);
  }

  /** `my.getAuthCode` for sandbox user `user`: a single-use code valid five minutes. */
  issueAlipayAuthCode(user: string, now = Date.now()): string {
    const code = randomBytes(16).toString('hex');
    this.authCodes.set(code, { userId: alipayUserId(user), expiresAt: now + AUTH_CODE_TTL_MS });
    return code;
  }

  /** The gateway's side of `alipay.system.oauth.token`: the signed answer text, exactly as Alipay writes it. */
  answerOauthToken(code: string | undefined, now = Date.now()): string {
    const grant = code ? this.authCodes.get(code) : undefined;
    if (code) this.authCodes.delete(code);
    if (!grant || grant.expiresAt < now) {
      return this.signedGatewayAnswer('error_response', {
        code: '40002',
        msg: 'Invalid Arguments',
        sub_code: 'isv.code-invalid',
        sub_msg: '授权码code无效',
      });
    }
    const authStart = new Date(now + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
    return this.signedGatewayAnswer('alipay_system_oauth_token_response', {
      access_token: `authusrB${randomBytes(12).toString('hex')}`,
      alipay_user_id: grant.userId,
      auth_start: authStart,
      expires_in: 1_296_000,
      re_expires_in: 2_592_000,
      refresh_token: `authusrB${randomBytes(12).toString('hex')}`,
      user_id: grant.userId,
    });
  }

  /** Checks an app's gateway request the way the gateway does: RSA2 over the sorted `k=v` pairs. */
  verifyAppRequest(params: Record<string, string>): boolean {
    const { sign: signature, ...rest } = params;
    if (!signature) return false;
    const content = Object.keys(rest)
      .sort()
      .filter((key) => rest[key] !== '' && rest[key] !== undefined)
      .map((key) => `${key}=${rest[key]}`)
      .join('&');
    return verify('sha256', Buffer.from(content, 'utf8'), this.appPublicKey, Buffer.from(signature, 'base64'));
  }

  /** `my.getRunData`'s `res.response`, verbatim: a JSON string with the signed ciphertext. */
  runDataResponse(options: RunDataOptions): string {
    const plaintext = JSON.stringify({
      code: options.code ?? '10000',
      msg: options.code && options.code !== '10000' ? 'Business Failed' : 'Success',
      count: options.count,
      countDate: options.plaintextDate ?? options.countDate,
    });
    let ciphertext = aesEncrypt(plaintext, this.aesKey, ZERO_IV);
    let signer = this.platformKey;
    switch (options.forge ?? 'none') {
      case 'foreign-key':
        signer = this.strangerKey;
        break;
      case 'resigned-garbage':
        ciphertext = `${ciphertext.slice(0, -8)}!!not-b64`;
        break;
      default:
        break;
    }
    let signature = sign('sha256', Buffer.from(`"${ciphertext}"`, 'utf8'), signer).toString('base64');
    if (options.forge === 'signature') signature = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    if (options.forge === 'truncated') ciphertext = ciphertext.slice(0, 24);
    return JSON.stringify({ response: ciphertext, sign: signature, sign_type: 'RSA2', encrypt_type: 'AES', charset: 'UTF-8' });
  }

  /** `wx.login` for sandbox user `user`. */
  async issueWechatLoginCode(user: string, now = Date.now()): Promise<string> {
    const code = randomBytes(16).toString('hex');
    await this.wechat.saveCode(code, wechatOpenId(user), now + AUTH_CODE_TTL_MS);
    return code;
  }

  /** `jscode2session`: a fresh session key per login, as WeChat does. */
  async answerCode2Session(appid: string, secret: string, code: string, now = Date.now()): Promise<Record<string, unknown>> {
    if (appid !== this.keys.wechat.appId || secret !== this.keys.wechat.appSecret) {
      return { errcode: 40125, errmsg: 'invalid appsecret' };
    }
    const grant = await this.wechat.takeCode(code);
    if (!grant || grant.expiresAt < now) return { errcode: 40029, errmsg: 'invalid code' };
    const sessionKey = randomBytes(16).toString('base64');
    await this.wechat.saveSessionKey(grant.openid, sessionKey, now);
    return { openid: grant.openid, session_key: sessionKey };
  }

  /**
   * `wx.getWeRunData` for sandbox user `user`, encrypted with their current session key.
   * `days` maps YYYY-MM-DD to a count; each is stamped at that day's midnight China time.
   */
  async weRunData(user: string, days: Record<string, number>, options: { appId?: string; now?: number } = {}): Promise<{ encryptedData: string; iv: string } | null> {
    const sessionKey = await this.wechat.sessionKey(wechatOpenId(user));
    if (!sessionKey) return null;
    const stepInfoList = Object.entries(days).map(([date, step]) => ({
      timestamp: Math.floor(Date.parse(`${date}T00:00:00+08:00`) / 1000),
      step,
    }));
    const plaintext = JSON.stringify({
      stepInfoList,
      watermark: { appid: options.appId ?? this.keys.wechat.appId, timestamp: Math.floor((options.now ?? Date.now()) / 1000) },
    });
    const iv = randomBytes(16);
    return { encryptedData: aesEncrypt(plaintext, Buffer.from(sessionKey, 'base64'), iv), iv: iv.toString('base64') };
  }

  /** The gateway signs the exact JSON text of the answer object, and the SDK checks that text. */
  private signedGatewayAnswer(responseKey: string, body: Record<string, unknown>): string {
    const text = JSON.stringify(body);
    const signature = sign('sha256', Buffer.from(text, 'utf8'), this.platformKey).toString('base64');
    return `{"${responseKey}":${text},"sign":"${signature}"}`;
  }
}
