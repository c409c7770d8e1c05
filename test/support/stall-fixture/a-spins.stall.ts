import { it } from 'vitest';

/** A loop in the test's own thread: no timeout of vitest's can end it. */
function spinInTheTestThread(): number {
  let turns = 0;
  for (const end = Date.now() + 3_600_000; Date.now() < end; ) turns++;
  return turns;
}

it('never returns', async () => {
  // As a test stuck after some of its work: vitest has heard that it started.
  await new Promise((r) => setTimeout(r, 2000));
  spinInTheTestThread();
});
