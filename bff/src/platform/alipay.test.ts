import { AlipaySdk } from 'alipay-sdk';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { AlipayPlatform } from './alipay.js';
import { generateSandboxKeys } from './sandbox/keys.js';
import { SandboxPlatform } from './sandbox/sandbox-platform.js';
import type { PlatformAdapter } from './types.js';

const keys = generateSandboxKeys('http://127.0.0.1:9/sandbox');
const sandbox = new SandboxPlatform(keys);
const platform: PlatformAdapter = new AlipayPlatform(keys.alipay);
const context = { today: '2026-06-15', sessionKey: null };

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return undefined;
}

describe('Alipay run data', () => {
  it('reads the format my.getRunData returns, count as a string or a number', () => {
    for (const count of ['16880', 16880]) {
      const response = sandbox.runDataResponse({ countDate: '2026-06-15', count });
      expect(Object.keys(JSON.parse(response))).toEqual(['response', 'sign', 'sign_type', 'encrypt_type', 'charset']);
      expect(platform.verifySteps({ countDate: '2026-06-15', response }, context)).toMatchObject({ date: '2026-06-15', steps: 16880 });
    }
  });

  it('agrees with alipay-sdk: its rsaCheck accepts the quoted ciphertext and its aesDecrypt reads the plaintext', () => {
    const sdk = new AlipaySdk({
      appId: keys.alipay.appId,
      privateKey: keys.alipay.appPrivateKey,
      keyType: 'PKCS8',
      alipayPublicKey: keys.alipay.alipayPublicKey,
      encryptKey: keys.alipay.aesKey,
    });
    const envelope = JSON.parse(sandbox.runDataResponse({ countDate: '2026-06-15', count: '2468' }));
    expect(sdk.rsaCheck(`"${envelope.response}"`, envelope.sign, 'RSA2')).toBe(true);
    expect(JSON.parse(sdk.aesDecrypt(envelope.response))).toEqual({ code: '10000', msg: 'Success', count: '2468', countDate: '2026-06-15' });
    const forged = JSON.parse(sandbox.runDataResponse({ countDate: '2026-06-15', count: '2468', forge: 'foreign-key' }));
    expect(sdk.rsaCheck(`"${forged.response}"`, forged.sign, 'RSA2')).toBe(false);
    expect(codeOf(() => platform.verifySteps({ countDate: '2026-06-15', response: JSON.stringify(forged) }, context))).toBe(
      'PLATFORM_SIGNATURE_INVALID',
    );
  });

  it('gives equal payloads equal fingerprints and different counts different ones', () => {
    const a = platform.verifySteps({ countDate: '2026-06-15', response: sandbox.runDataResponse({ countDate: '2026-06-15', count: '5000' }) }, context);
    const b = platform.verifySteps({ countDate: '2026-06-15', response: sandbox.runDataResponse({ countDate: '2026-06-15', count: '5000' }) }, context);
    const c = platform.verifySteps({ countDate: '2026-06-15', response: sandbox.runDataResponse({ countDate: '2026-06-15', count: '5001' }) }, context);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).not.toBe(c.fingerprint);
  });

  it('refuses a payload encrypted with another key even when correctly signed', () => {
    const otherKeys = generateSandboxKeys('http://127.0.0.1:9/sandbox');
    const other = new SandboxPlatform({ ...otherKeys, alipay: { ...otherKeys.alipay, platformPrivateKey: keys.alipay.platformPrivateKey } });
    const response = other.runDataResponse({ countDate: '2026-06-15', count: '5000' });
    expect(codeOf(() => platform.verifySteps({ countDate: '2026-06-15', response }, context))).toBe('PLATFORM_PAYLOAD_INVALID');
  });
});
