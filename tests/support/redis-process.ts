import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './ports.js';

/**
 * A private redis-server on a free loopback port, for tests that stop, freeze and restart the
 * cache. It keeps nothing on disk, like the project's shared Redis, unless asked to.
 */
export class RedisProcess {
  private child?: ChildProcess;
  private constructor(
    readonly port: number,
    private readonly persistDir?: string,
  ) {}

  /**
   * Starts the server; with `persistDir` it logs every write to an append-only file there, so
   * that a server killed and launched again comes back with the keys it had.
   */
  static async start(options: { persistDir?: string } = {}): Promise<RedisProcess> {
    const redis = new RedisProcess(await freePort(), options.persistDir);
    await redis.launch();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  async launch(): Promise<void> {
    const persistence = this.persistDir ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.persistDir] : ['--appendonly', 'no'];
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', ...persistence], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + 5000;
    for (;;) {
      const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      // Refused connections are expected until the server is up; connect() reports them below.
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.ping();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        client.disconnect();
      }
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** Freezes the server: connections stay open but nothing answers. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.child?.kill('SIGCONT');
  }
}
