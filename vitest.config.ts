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
    // Test files share one module graph per worker instead of re-importing mathjs, tfjs and the
    // engine for each of the 115 files: the in-process files ran in 71 s instead of 146 s
    // (import time 9 s instead of 55 s) with the same results. Files must not rely on fresh
    // module state: anything a file changes globally (a tfjs backend, a spy) it sets up itself
    // and restores.
    isolate: false,
  },
});
