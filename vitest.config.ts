import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-build.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: e2e files start real servers; a little parallelism, not a lot.
    maxWorkers: 2,
  },
});
