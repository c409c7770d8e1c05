import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));

/**
 * A file stuck where vitest's timeouts cannot reach it must not hold the run: the watchdog
 * (support/stall-watchdog.ts) names it and where it is stuck, ends its worker, and the run goes on
 * to its other files and ends, failed.
 */
describe('the stall watchdog', () => {
  it('names a file stuck in a loop and one stuck loading, with where each is stuck, ends both, lets the run go on, and names them again at its end with one whose worker died', () => {
    const r = spawnSync(process.execPath, [vitest, 'run', '--config', 'test/support/stall-fixture/vitest.config.ts'], {
      cwd: root,
      encoding: 'utf8',
      // 12 s: room for a loaded machine to load the fixture files and start their tests before the watchdog looks.
      env: { ...process.env, EXAM_TEST_STALL_MINUTES: '0.2', NO_COLOR: '1', FORCE_COLOR: '0' },
      timeout: 110_000,
    });
    const out = r.stdout + r.stderr;
    expect(r.error).toBeUndefined();
    expect(out).toContain('STALLED: no test file runs this long (limit 0.2 min');
    expect(out).toMatch(/  file stall › a-spins\.stall\.ts, for 0\.\d min\n/);
    // By vitest's word, or, where vitest has not heard of the test's start yet (seen in CI), by its worker's.
    expect(out).toMatch(/\n {4}test “never returns”(, for 0\.\d min| \(its worker says so; vitest has not heard of its start\))\n/);
    // Where it is stuck, by name: the function of the test's own that loops.
    expect(out).toMatch(/JavaScript stack of \d+:\n\s+at spinInTheTestThread /);
    // A file whose loading never ends (a top-level await), before any test of it has started.
    expect(out).toMatch(/  file stall › c-awaits\.stall\.ts, for 0\.\d min\n    \(which test: not yet heard from its worker/);
    expect(out).toMatch(/\(\d+ runs no JavaScript: it is idle, awaiting what its event loop waits on\)/);
    // Each was ended, by its own report.
    expect(out.match(/STALLED: ended 1 worker\(s\): \d+/g)).toHaveLength(2);
    // The stuck files failed the run; the file after them still ran, and passed.
    expect(out).toMatch(/✓ [^\n]*b-after\.stall\.ts/);
    // A worker that died by itself (d-dies kills its own process) is an error of the run too.
    expect(out.match(/Worker exited unexpectedly/g)).toHaveLength(3);
    // The run's end names all three again, after vitest's summary, where a log kept only by its end still shows them.
    const end = out.slice(out.lastIndexOf('Test Files'));
    const recap = end.slice(end.indexOf('NOT FINISHED: test files whose worker was ended or died:'));
    expect(recap.length).toBeLessThan(end.length);
    expect(recap.match(/^  file .*$/gm)!.sort()).toEqual([
      expect.stringMatching(/^  file stall › a-spins\.stall\.ts stuck for 0\.\d min, ended in test “never returns”; what it was doing is above/),
      expect.stringMatching(/^  file stall › c-awaits\.stall\.ts stuck for 0\.\d min, ended while loading;/),
      expect.stringMatching(/^  file stall › d-dies\.stall\.ts never finished \(its worker died by itself in test “dies in its worker”: a crash, or out of memory/),
    ]);
    expect(r.status).toBe(1);
  }, 120_000);
});
