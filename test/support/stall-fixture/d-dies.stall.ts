import { it } from 'vitest';

/** A worker that dies by itself (as one out of memory does): no watchdog ends it, yet the run's end must name it. */
it('dies in its worker', async () => {
  await new Promise((r) => setTimeout(r, 500));
  process.kill(process.pid, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 10_000));
});
