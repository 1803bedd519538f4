import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { bodyParser } from '../../http/body.js';
import { generateSandboxKeys } from './keys.js';
import { sandboxRoutes } from './routes.js';
import { SandboxPlatform } from './sandbox-platform.js';

export interface StandaloneSandbox {
  /** e.g. http://127.0.0.1:4000; the routes are under `/sandbox`. */
  url: string;
  sandbox: SandboxPlatform;
  /** What a BFF is given to trust this platform as its real Alipay (no PLATFORM_SANDBOX of its own). */
  alipayEnv: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The sandbox open platform in a server of its own. Each BFF started with PLATFORM_SANDBOX=1 makes
 * its own keys and keeps its auth codes in memory, so behind a load balancer an auth code issued
 * by one process means nothing to the next. Several processes instead share one platform, as they
 * share Alipay in production: this one, given to them through the ordinary ALIPAY_* variables.
 */
export async function startStandaloneSandbox(options: { host?: string; port?: number } = {}): Promise<StandaloneSandbox> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  const sandbox = new SandboxPlatform(generateSandboxKeys(`${url}/sandbox`));
  const app = new Koa();
  app.use(bodyParser({ formPaths: ['/sandbox/alipay/gateway.do'] }));
  app.use(sandboxRoutes(sandbox).routes());
  server.on('request', app.callback());
  const { alipay } = sandbox.keys;
  return {
    url,
    sandbox,
    alipayEnv: {
      PLATFORM: 'alipay',
      PLATFORM_SANDBOX: '0',
      ALIPAY_APP_ID: alipay.appId,
      ALIPAY_APP_PRIVATE_KEY: alipay.appPrivateKey,
      ALIPAY_PUBLIC_KEY: alipay.alipayPublicKey,
      ALIPAY_AES_KEY: alipay.aesKey,
      ALIPAY_GATEWAY: alipay.gateway,
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
