import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { freePort } from './ports.js';

const run = promisify(execFile);

/**
 * A private mariadbd in a temporary directory on a free loopback port, for tests that stop,
 * freeze and restart the database. Only the process this class started is ever signalled.
 */
export class MariaDbProcess {
  private child?: ChildProcess;
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<MariaDbProcess> {
    const dir = await mkdtemp(join(tmpdir(), 'cb-mariadb-'));
    const server = new MariaDbProcess(dir, await freePort());
    try {
      await mkdir(server.tmpDir);
      await run('mariadb-install-db', [
        '--no-defaults',
        `--datadir=${server.dataDir}`,
        `--tmpdir=${server.tmpDir}`,
        '--user=root',
        '--skip-test-db',
        '--auth-root-authentication-method=normal',
      ]);
      await server.launch();
    } catch (error) {
      await server.destroy();
      throw error;
    }
    return server;
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  /**
   * The server's own temporary directory. mariadbd deletes every `#sql*` file in its tmpdir when
   * it starts (and so does the bootstrap in mariadb-install-db); on the default `/tmp` that
   * removes the temporary tables the shared server is using at that moment.
   */
  get tmpDir(): string {
    return join(this.dir, 'tmp');
  }

  /** The server's root URL; add `/<database>` for a data source. */
  get url(): string {
    return `mysql://root@127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts mariadbd on the data directory (again, after `stop`) and waits until it answers. */
  async launch(): Promise<void> {
    const d = this.dataDir;
    this.child = spawn(
      '/usr/sbin/mariadbd',
      [
        '--no-defaults',
        `--datadir=${d}`,
        `--tmpdir=${this.tmpDir}`,
        `--port=${this.port}`,
        `--socket=${d}.sock`,
        '--user=root',
        '--bind-address=127.0.0.1',
        '--skip-grant-tables',
        `--pid-file=${d}.pid`,
        `--log-error=${d}.err`,
        '--innodb-buffer-pool-size=128M',
        '--skip-log-bin',
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (!this.running) throw new Error(`mariadbd exited; see ${d}.err`);
      try {
        const connection = await createConnection({ uri: this.url, connectTimeout: 1000 });
        await connection.end();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** Creates an empty database with the server's default collation, as a plain `CREATE DATABASE` does. */
  async createDatabase(name: string): Promise<string> {
    const connection = await createConnection({ uri: this.url });
    try {
      await connection.query(`CREATE DATABASE \`${name}\``);
    } finally {
      await connection.end();
    }
    return `${this.url}/${name}`;
  }

  /** SIGTERM: the server shuts down cleanly and refuses connections until `launch`. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.thaw();
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  /** SIGSTOP: connections stay open and new ones are accepted, but nothing answers. */
  freeze(): void {
    if (this.running) this.child!.kill('SIGSTOP');
  }

  thaw(): void {
    if (this.running) this.child!.kill('SIGCONT');
  }

  /** Kills the server this class started (if it still runs) and removes its directory. */
  async destroy(): Promise<void> {
    const child = this.child;
    if (child && this.running) {
      this.thaw();
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
