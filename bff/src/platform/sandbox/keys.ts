import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { AlipayKeys, WechatKeys } from '@calorie-bank/config';

/** Both sides' keys of the sandbox open platform, made fresh for each process. */
export interface SandboxKeys {
  alipay: AlipayKeys & {
    /** The platform's private key: signs gateway answers and run data, as Alipay does. */
    platformPrivateKey: string;
    /** The app's public key, registered with the platform: checks the app's gateway requests. */
    appPublicKey: string;
  };
  wechat: WechatKeys;
}

function rsaKeyPair(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** Generates sandbox keys; `baseUrl` is where the sandbox routes are mounted (`…/sandbox`). */
export function generateSandboxKeys(baseUrl: string): SandboxKeys {
  const app = rsaKeyPair();
  const platform = rsaKeyPair();
  return {
    alipay: {
      appId: '2021000000000000',
      appPrivateKey: app.privateKey,
      appPublicKey: app.publicKey,
      alipayPublicKey: platform.publicKey,
      platformPrivateKey: platform.privateKey,
      aesKey: randomBytes(16).toString('base64'),
      gateway: `${baseUrl}/alipay/gateway.do`,
    },
    wechat: {
      appId: 'wx0000000000sandbox',
      appSecret: randomBytes(16).toString('hex'),
      apiBase: `${baseUrl}/wechat`,
    },
  };
}
