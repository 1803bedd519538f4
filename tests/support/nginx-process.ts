import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.js';

export const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
const DEPLOY_CONF = fileURLToPath(new URL('../../deploy/nginx.conf', import.meta.url));

/**
 * deploy/nginx.conf with this run's ports: the marked `listen` line on `port`, and one upstream
 * `server` line per BFF port. Everything else (retries, timeouts, keep-alive) is as deployed.
 */
export function nginxConfig(port: number, upstreams: number[], options: { workers?: number } = {}): string {
  const source = readFileSync(DEPLOY_CONF, 'utf8');
  const lines = source.split('\n');
  const firstServer = lines.findIndex((line) => line.includes('# upstream server'));
  if (firstServer < 0 || !source.includes('# public listen')) throw new Error('deploy/nginx.conf lost its marked lines');
  const indent = lines[firstServer].match(/^\s*/)![0];
  const template = lines[firstServer].trim();
  const servers = upstreams.map((upstream) => `${indent}${template.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${upstream}`)}`);
  const kept = lines.filter((line) => !line.includes('# upstream server'));
  kept.splice(firstServer, 0, ...servers);
  let text = kept.join('\n').replace(/listen \S+; # public listen/, `listen 127.0.0.1:${port}; # public listen`);
  if (options.workers) text = text.replace(/worker_processes \S+;/, `worker_processes ${options.workers};`);
  // A master started by root hands its workers to `nobody`, who could not write this run's temp directory.
  if (process.getuid?.() === 0) text = `user root;\n${text}`;
  return text;
}

export interface NginxProcess {
  url: string;
  dir: string;
  errorLog(): string;
  stop(): Promise<void>;
}

/** A private nginx in the foreground, with its config, pid, logs and temp files in a temporary directory. */
export async function startNginx(upstreams: number[], options: { workers?: number } = {}): Promise<NginxProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'cb-nginx-'));
  for (const sub of ['logs', 'temp']) mkdirSync(join(dir, sub));
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(port, upstreams, options));
  const child: ChildProcess = spawn(NGINX, ['-p', `${dir}/`, '-c', conf, '-e', join(dir, 'logs', 'error.log'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  const errorLog = () => {
    try {
      return readFileSync(join(dir, 'logs', 'error.log'), 'utf8');
    } catch {
      return stderr;
    }
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx ended at start: ${stderr}${errorLog()}`);
    try {
      // Any answer (even 502 while no BFF listens yet) means nginx accepts connections.
      await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port}: ${stderr}${errorLog()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    dir,
    errorLog,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        // SIGQUIT: nginx's graceful stop; its workers end with it.
        child.kill('SIGQUIT');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
