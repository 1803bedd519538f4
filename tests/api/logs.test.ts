import { Writable } from 'node:stream';
import { createLogger } from '@calorie-bank/bff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableServices } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps } from '../support/client.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, staffToken } from '../support/merchants.js';

const services = await availableServices();
const JWT_SECRET = 'jwt-secret-that-must-never-be-logged-0123456789';

/** Every log line of the run, kept in memory. */
class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
}

/** Failing statements whose parameters (and, on MariaDB, whose error message) carry the new session key. */
async function breakSessionKeyStorage(server: TestServer): Promise<void> {
  const db = server.context.db;
  if (db.options.type === 'mysql') {
    await db.query('CREATE TABLE leak_probe (v VARCHAR(128) PRIMARY KEY)');
    // Inserting the key twice gives "Duplicate entry '<session key>' for key 'PRIMARY'".
    await db.query(
      `CREATE TRIGGER leak_probe_trigger BEFORE UPDATE ON platform_identities FOR EACH ROW
       BEGIN INSERT INTO leak_probe VALUES (NEW.session_key); INSERT INTO leak_probe VALUES (NEW.session_key); END`,
    );
  } else {
    await db.query("CREATE TRIGGER leak_probe_trigger BEFORE UPDATE ON platform_identities BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
  }
}

/** Parts of a PEM key long enough to recognise it in a log. */
function pemFragments(pem: string): string[] {
  return pem
    .split('\n')
    .filter((line) => !line.startsWith('-----') && line.length >= 40)
    .map((line) => line.slice(0, 40));
}

describe.each([
  ['MariaDB', 'mysql' as const, services.mysql],
  ['SQLite', 'sqlite' as const, true],
])('logs at level trace on %s', (_name, backend, available) => {
  const capture = new LogCapture();
  // Each secret of the run, with what it is.
  const secrets = new Map<string, string>([
    [JWT_SECRET, 'JWT secret'],
    [OPERATOR.password, 'operator password'],
  ]);
  let wechat: TestServer;
  let alipay: TestServer;

  async function start(platform: 'wechat' | 'alipay'): Promise<TestServer> {
    const env = { ...WITH_OPERATOR, PLATFORM: platform, JWT_SECRET, LOG_LEVEL: 'trace' };
    const server = await startTestServer(backend, env, { logger: createLogger('trace', { destination: capture }) });
    const { alipay: keys, wechat: wechatKeys } = server.sandbox!.keys;
    for (const pem of [keys.appPrivateKey, keys.platformPrivateKey]) pemFragments(pem).forEach((fragment) => secrets.set(fragment, 'private key'));
    secrets.set(keys.aesKey, 'Alipay AES key');
    secrets.set(wechatKeys.appSecret, 'WeChat app secret');
    // Every session key the platform hands out, as the adapter receives it.
    const exchange = server.context.platform.exchangeLoginCode.bind(server.context.platform);
    server.context.platform.exchangeLoginCode = async (body) => {
      const login = await exchange(body);
      if (login.sessionKey) secrets.set(login.sessionKey, 'WeChat session key');
      return login;
    };
    return server;
  }

  beforeAll(async () => {
    if (!available) return;
    wechat = await start('wechat');
    alipay = await start('alipay');
  });
  afterAll(async () => {
    await wechat?.stop();
    await alipay?.stop();
  });

  it.skipIf(!available)('shows no session key, token, password, JWT secret or key, even of a statement that failed', async () => {
    for (const server of [wechat, alipay]) {
      const user = await signIn(server, 'logged-walker');
      secrets.set(user.token, 'user token');
      if (server === alipay) await syncSteps(server, user, 8_000);
      const operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
      secrets.set(operator, 'staff token');
      const merchantPassword = 'merchant-password-1';
      secrets.set(merchantPassword, 'merchant password');
      await createMerchant(server, operator, 'Log Shop');
      expect((await call(server, 'POST', '/api/v1/staff/login', { body: { username: OPERATOR.username, password: 'wrong-password-xyz' } })).status).toBe(401);
      secrets.set('wrong-password-xyz', 'mistyped password');
    }

    // WeChat: a second sign-in stores a fresh session key, and that statement fails.
    await breakSessionKeyStorage(wechat);
    const failed = await call(wechat, 'POST', '/api/v1/auth/login', { body: { code: await wechat.sandbox!.issueWechatLoginCode('logged-walker') } });
    expect(failed.status).toBeGreaterThanOrEqual(500);

    // Alipay: a real QueryFailedError whose parameters hold a password, logged the usual way.
    const failure = await alipay.context.db
      .query('INSERT INTO staff_accounts (username, password_hash, role, merchant_id, created_at) VALUES (?, ?, ?, NULL, ?)', [
        OPERATOR.username,
        OPERATOR.password,
        'operator',
        0,
      ])
      .catch((error: unknown) => error as Error);
    expect(failure).toBeInstanceOf(Error);
    alipay.context.logger.error({ err: failure, attempt: { failure } }, 'could not add a staff account');
    alipay.context.logger.error(failure as Error);

    const log = capture.lines.join('\n');
    expect(capture.lines.some((line) => JSON.parse(line).level === 10 || JSON.parse(line).level === 20)).toBe(true);
    expect(log).toMatch(/QueryFailedError/);
    const leaked = [...secrets].filter(([secret]) => log.includes(secret)).map(([, what]) => what);
    expect(leaked).toEqual([]);
  });
});
