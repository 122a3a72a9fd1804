import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    // CLI tests spawn processes and the CI machine has 2 cores: time limits are generous,
    // and no test asserts a wall-clock time (brief rule 5).
    testTimeout: 120_000,
    // One temp folder per run, removed at the end (test/globalSetup.ts).
    globalSetup: ['test/globalSetup.ts'],
    hookTimeout: 120_000,
  },
});
