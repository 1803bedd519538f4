import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface BffProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** Resolves with the URL it prints once it listens; rejects if it ends first. */
  started: Promise<string>;
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown hook runs, open requests and transactions are cut where they are. */
  kill(): Promise<number | null>;
}

/**
 * Runs the real entry point (`bff/src/main.ts` through tsx, or a built bundle given as `entry`,
 * with `nodeArgs`) with only the environment given, so that no variable of the test run leaks
 * into the start being tested.
 */
export function spawnBff(env: Record<string, string>, options: { entry?: string; nodeArgs?: string[] } = {}): BffProcess {
  const entry = options.entry ? [options.entry] : ['--import', 'tsx', 'bff/src/main.ts'];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const started = new Promise<string>((resolve, reject) => {
    const look = () => {
      const match = /is running at (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', look);
    // Without Node's module trace (NODE_DEBUG=module), which would bury the reason.
    const reason = () => err.split('\n').filter((line) => !line.startsWith('MODULE ')).join('\n');
    void exited.then((code) => reject(new Error(`the BFF ended (exit ${code}) before it listened: ${reason()}`)));
  });
  // Tests of a start that must fail never wait for it to listen.
  started.catch(() => undefined);
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    started,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}
