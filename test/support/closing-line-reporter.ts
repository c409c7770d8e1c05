import type { Reporter, TestModule } from 'vitest/node';

/** Prints `N passed, N failed, N skipped` alone on the last line, which CI reads to know tests ran. */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const mod of testModules) {
      let failedHere = 0;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedHere++;
        else skipped++;
      }
      // A file that failed to load, or whose setup failed, may have no failed test of its own:
      // it still counts as a failure.
      if (mod.state() === 'failed' && failedHere === 0) failedHere = 1;
      failed += failedHere;
    }
    // Tests that could not run here (no PostgreSQL: scripts/bootstrap.mjs) are skipped, and the line says why.
    const why = process.env.EXAM_TEST_POSTGRES_SKIP ? ` (PostgreSQL tests skipped: ${process.env.EXAM_TEST_POSTGRES_SKIP.replace(/\s+/g, ' ')})` : '';
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped${why}\n`);
  }
}
