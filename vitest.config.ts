import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/support/closing-line-reporter.ts'],
    projects: [
      { test: { name: 'shared', root: './shared', include: ['src/**/*.test.ts', 'vectors/**/*.test.ts'], environment: 'node', testTimeout: 30_000 } },
      { test: { name: 'exam-server', root: './exam-server', include: ['src/**/*.test.ts'], environment: 'node', testTimeout: 20_000 } },
      {
        test: {
          name: 'end-to-end',
          root: './test',
          include: ['**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // These start real server processes and browsers: one file at a time on two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
