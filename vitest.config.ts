import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // Storage tests share one MariaDB and one Redis; two workers keep the two cores busy without starving them.
    maxWorkers: 2,
    // The JSON report lets .ci/run print a one-line count of what ran.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['shared/src/**/*.test.ts', 'config/src/**/*.test.ts', 'bff/src/**/*.test.ts', 'tests/**/*.test.ts'],
          globalSetup: ['tests/global-setup.ts'],
          environment: 'node',
        },
      },
      {
        // The mini-program's components in jsdom, as Taro's H5 target renders them.
        extends: true,
        resolve: {
          alias: [
            { find: /^@tarojs\/components$/, replacement: '@tarojs/components-react' },
            // The package picks its React or Vue list with require() at run time; the build picks React, and so do the tests.
            { find: /^@tarojs\/components-advanced\/dist\/components\/virtual-list$/, replacement: '@tarojs/components-advanced/dist/components/virtual-list/react/index.js' },
            { find: /^@tarojs\/taro$/, replacement: fileURLToPath(new URL('./miniapp/tests/taro-stub.ts', import.meta.url)) },
          ],
        },
        test: {
          name: 'miniapp',
          root: fileURLToPath(new URL('./miniapp', import.meta.url)),
          include: ['tests/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['tests/setup.ts'],
          env: { TARO_ENV: 'h5' },
          // Processed by vitest rather than loaded by Node, so that its own imports of @tarojs/taro see the test's mock.
          server: { deps: { inline: [/@tarojs\//] } },
        },
      },
    ],
  },
});
