import { defineConfig } from 'vitest/config';

/** Unit and integration tests: the real server in-process on port 0 against the embedded database. */
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'client/**/*.test.ts', 'test/integration/**/*.test.ts'],
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // two cores: files run in parallel, each against its own database
    maxWorkers: 2,
  },
});
