// Builds the mini-program for one target (alipay, weapp or h5) into dist/<target>.
// With --if-stale it builds only when a source file is newer than the last build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const target = process.argv[2];
if (!['alipay', 'weapp', 'h5'].includes(target)) {
  console.error('usage: build.mjs alipay|weapp|h5 [--if-stale]');
  process.exit(2);
}
const marker = join(root, 'dist', target, target === 'h5' ? 'index.html' : 'app.json');

function newestIn(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestIn(join(path, name))));
}

if (process.argv.includes('--if-stale') && existsSync(marker)) {
  const sources = ['src', 'config', 'babel.config.js', 'project.alipay.json', '../shared/src'].map((path) => join(root, path));
  const built = statSync(marker).mtimeMs;
  if (sources.every((path) => !existsSync(path) || newestIn(path) <= built)) process.exit(0);
}

console.log(`building the mini-program for ${target}…`);
const result = spawnSync('npx', ['taro', 'build', '--type', target], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
process.exit(result.status ?? 1);
