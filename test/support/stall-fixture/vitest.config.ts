import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The stall watchdog’s own test (test/stall-watchdog.test.ts) runs vitest on these four files. */
export default defineConfig({
  test: {
    // Named, as the project's are: the watchdog tells a worker's file by its project and path.
    name: 'stall',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['*.stall.ts'],
    reporters: ['default', '../stall-watchdog.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
  },
});
