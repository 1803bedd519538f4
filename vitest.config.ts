import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/src/**/*.test.ts', 'config/src/**/*.test.ts', 'bff/src/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Storage tests share one MariaDB and one Redis; two workers keep the two cores busy without starving them.
    maxWorkers: 2,
    // The JSON report lets .ci/run print a one-line count of what ran.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
