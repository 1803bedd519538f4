import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMiniapp } from '../support/miniapp-build.js';

/** Alipay refuses a main package over 2 MB; the project aims for under 600 KB. */
const ALIPAY_MAIN_LIMIT = 2 * 1024 * 1024;
const MAIN_GOAL = 600 * 1024;
/** A build takes half a minute on an idle 2-core machine, and more while other tests share it. */
const BUILD_TIMEOUT_MS = 180_000;

function sizeOf(path: string, skip: (path: string) => boolean = () => false): number {
  if (skip(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, name) => total + sizeOf(join(path, name), skip), 0);
}

describe('mini-program builds', () => {
  it.each(['alipay', 'weapp'] as const)('builds for %s with the main package under its budget', (target) => {
    const dist = buildMiniapp(target);
    const files = readdirSync(dist);
    expect(files).toEqual(expect.arrayContaining(['app.js', 'app.json']));
    // Subpackages (packages/*) are downloaded on demand and do not count toward the main package.
    const main = sizeOf(dist, (path) => relative(dist, path) === 'packages');
    const sub = sizeOf(join(dist, 'packages'));
    console.log(`${target}: main package ${(main / 1024).toFixed(0)} KB, subpackages ${(sub / 1024).toFixed(0)} KB`);
    expect(sub).toBeGreaterThan(0);
    expect(main).toBeLessThan(ALIPAY_MAIN_LIMIT);
    expect(main).toBeLessThan(MAIN_GOAL);
  }, BUILD_TIMEOUT_MS);

  it('writes the Alipay project file Taro reads', () => {
    const dist = buildMiniapp('alipay');
    expect(readdirSync(dist)).toContain('mini.project.json');
  }, BUILD_TIMEOUT_MS);

  it('builds for H5 with hashed assets', () => {
    const dist = buildMiniapp('h5');
    expect(readdirSync(dist)).toEqual(expect.arrayContaining(['index.html', 'js']));
    expect(readdirSync(join(dist, 'js')).some((name) => /^app\.[0-9a-f]{8}\.js$/.test(name))).toBe(true);
  }, BUILD_TIMEOUT_MS);
});
