import { verify as rsaVerify, type KeyObject } from 'node:crypto';
import { AlipaySdk } from 'alipay-sdk';
import { z } from 'zod';
import { AlipayLoginRequest, AlipayStepSyncRequest, type StepSyncRequest } from '@calorie-bank/shared';
import type { AlipayKeys } from '@calorie-bank/config';
import { authInvalid, payloadInvalid, serviceUnavailable, signatureInvalid, validationFailed } from '../errors.js';
import { aes128CbcDecrypt, decodeBase64, parseJson, parsePublicKey, sha256Hex } from './crypto.js';
import type { PlatformAdapter, PlatformLogin, VerifiedSteps } from './types.js';

const ZERO_IV = Buffer.alloc(16);

/** `res.response` of `my.getRunData`: a signed, encrypted envelope. */
const RunDataEnvelope = z.object({
  response: z.string().min(1),
  sign: z.string().optional(),
  sign_type: z.string().optional(),
  encrypt_type: z.string().optional(),
  charset: z.string().optional(),
});

/** The decrypted run data: `{"code":"10000","msg":"Success","count":"16880","countDate":"2018-12-19"}`. */
const RunDataPlaintext = z.object({
  code: z.string(),
  msg: z.string().optional(),
  count: z.union([z.string(), z.number()]).optional(),
  countDate: z.string().optional(),
});

/** A count the platform may send as a string or a number; anything but a whole, non-negative number is refused. */
function parseStepCount(count: string | number | undefined): number {
  const value = typeof count === 'string' && /^\d{1,15}$/.test(count) ? Number(count) : count;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw payloadInvalid('The step count in the platform data is not a whole, non-negative number');
  }
  return value;
}

function keyType(privateKey: string): 'PKCS1' | 'PKCS8' {
  return /-----BEGIN RSA PRIVATE KEY-----/.test(privateKey) ? 'PKCS1' : 'PKCS8';
}

/**
 * Alipay: login through `alipay.system.oauth.token` with `alipay-sdk` (signature of the gateway's
 * answer checked), and `my.getRunData` payloads verified (RSA2 over the quoted ciphertext) then
 * decrypted (AES-128-CBC, zero IV). The payload checks run on every sync, so they use node:crypto
 * with the public key parsed once, not the SDK helpers that re-parse the PEM on each call.
 */
export class AlipayPlatform implements PlatformAdapter {
  readonly needsSessionKey = false;
  readonly name = 'alipay' as const;
  private readonly sdk: AlipaySdk;
  private readonly publicKey: KeyObject;
  private readonly aesKey: Buffer;

  constructor(keys: AlipayKeys) {
    this.sdk = new AlipaySdk({
      appId: keys.appId,
      privateKey: keys.appPrivateKey,
      keyType: keyType(keys.appPrivateKey),
      alipayPublicKey: keys.alipayPublicKey,
      gateway: keys.gateway,
      timeout: 5000,
    });
    this.publicKey = parsePublicKey(keys.alipayPublicKey);
    this.aesKey = Buffer.from(keys.aesKey, 'base64');
  }

  async exchangeLoginCode(body: unknown): Promise<PlatformLogin> {
    const parsed = AlipayLoginRequest.safeParse(body);
    if (!parsed.success) throw validationFailed('This deployment serves Alipay: send {"authCode": "..."}');
    let result: Record<string, unknown>;
    try {
      result = await this.sdk.exec(
        'alipay.system.oauth.token',
        { grantType: 'authorization_code', code: parsed.data.authCode },
        { validateSign: true },
      );
    } catch (error) {
      // The SDK throws on transport failures and also when an error_response fails its sign check.
      const responded = (error as { responseDataRaw?: unknown }).responseDataRaw !== undefined;
      if (responded) throw authInvalid('Alipay did not accept this auth code');
      throw serviceUnavailable('Alipay could not be reached; try again shortly', error);
    }
    const userId = (result.userId ?? result.openId) as unknown;
    if (typeof userId !== 'string' || userId.length === 0 || result.code !== undefined && result.code !== '10000') {
      throw authInvalid('Alipay did not accept this auth code');
    }
    return { platformUserId: userId };
  }

  verifySteps(body: StepSyncRequest): VerifiedSteps {
    const request = AlipayStepSyncRequest.safeParse(body);
    if (!request.success) throw validationFailed('This deployment serves Alipay: send {"countDate", "response"}');
    const envelope = RunDataEnvelope.safeParse(parseJson(request.data.response));
    if (!envelope.success) throw payloadInvalid('The run data is not the envelope my.getRunData returns');
    const { response: ciphertext, sign, sign_type: signType, encrypt_type: encryptType } = envelope.data;
    if (signType !== undefined && signType !== 'RSA2') throw signatureInvalid(`Unsupported sign_type ${signType}`);

    if (!sign) throw signatureInvalid('The run data carries no signature');
    const signature = decodeBase64(sign);
    const signed = signature !== null && rsaVerify('sha256', Buffer.from(`"${ciphertext}"`, 'utf8'), this.publicKey, signature);
    if (!signed) throw signatureInvalid('The run data is not signed by Alipay');

    if (encryptType !== undefined && encryptType !== 'AES') throw payloadInvalid(`Unsupported encrypt_type ${encryptType}`);
    const cipherBytes = decodeBase64(ciphertext);
    const plaintext = cipherBytes && aes128CbcDecrypt(cipherBytes, this.aesKey, ZERO_IV);
    if (!plaintext) throw payloadInvalid('The run data could not be decrypted');
    const data = RunDataPlaintext.safeParse(parseJson(plaintext));
    if (!data.success) throw payloadInvalid('The decrypted run data is not in the expected format');
    if (data.data.code !== '10000') {
      throw payloadInvalid(`Alipay answered code ${data.data.code}${data.data.msg ? ` (${data.data.msg})` : ''} instead of step data`);
    }
    if (data.data.countDate !== request.data.countDate) {
      throw payloadInvalid(`The run data is for ${data.data.countDate ?? 'no date'}, not ${request.data.countDate}`);
    }
    return { date: request.data.countDate, steps: parseStepCount(data.data.count), fingerprint: sha256Hex(ciphertext) };
  }
}
