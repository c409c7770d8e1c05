import { defineConfig } from 'vitest/config';

/** The end-to-end files that never touch storage (pure computation over files and bundles): they run once, not once per store. */
const STORAGE_FREE = ['ballot-codes.test.ts', 'stall-watchdog.test.ts', 'bundle-example.test.ts', 'ranking-properties.test.ts', 'readme-start.test.ts', 'realistic-bundle.test.ts', 'selection-bundle.test.ts'];

/**
 * Set (to the reason) by scripts/bootstrap.mjs when no PostgreSQL can be had on this machine: the
 * PostgreSQL project's tests are then reported as skipped, with the reason, never as passed.
 */
const postgresSkipped = process.env.EXAM_TEST_POSTGRES_SKIP;

export default defineConfig({
  test: {
    reporters: ['default', './test/support/stall-watchdog.ts', './test/support/closing-line-reporter.ts'],
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
      {
        test: {
          // Every test that touches storage, again, on PostgreSQL (test/support/store.ts).
          name: 'end-to-end (postgres)',
          root: './test',
          include: ['**/*.test.ts'],
          exclude: ['**/node_modules/**', ...STORAGE_FREE],
          environment: 'node',
          env: { EXAM_TEST_STORE: 'postgres' },
          globalSetup: ['./support/postgres-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          ...(postgresSkipped ? { testNamePattern: /^(?!)/ } : {}),
        },
      },
    ],
  },
});
