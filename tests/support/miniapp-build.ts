import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const MINIAPP = fileURLToPath(new URL('../../miniapp', import.meta.url));

/**
 * Builds the mini-program for `target` unless its last build is newer than every source file, and
 * answers where the build is. Test files call it only to find the output: tests/global-setup.ts has
 * built every target before they run.
 */
export function buildMiniapp(target: 'alipay' | 'weapp' | 'h5'): string {
  const result = spawnSync(process.execPath, ['scripts/build.mjs', target, '--if-stale'], { cwd: MINIAPP, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the ${target} build failed:\n${result.stdout}\n${result.stderr}`);
  return `${MINIAPP}/dist/${target}`;
}
