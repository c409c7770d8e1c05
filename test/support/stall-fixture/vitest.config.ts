import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The stall watchdog's own test (test/stall-watchdog.test.ts) runs vitest on these three files. */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['*.stall.ts'],
    reporters: ['default', '../stall-watchdog.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
  },
});
