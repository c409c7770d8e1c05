import { Worker } from 'node:worker_threads';

/**
 * Moves WAL checkpointing off the main thread. SQLite would otherwise checkpoint inside whichever
 * commit crosses the threshold, with its fsyncs, stalling every acknowledgement behind it. The
 * main connection keeps a high automatic threshold as a safety net should this thread stop.
 */
export class Checkpointer {
  private readonly worker: Worker;
  /** The thread's connection settings, once it has opened the database (`synchronous`: 2 is FULL, 3 EXTRA). */
  readonly settings: Promise<{ synchronous: number }>;

  constructor(file: string, intervalMs = 500) {
    this.worker = new Worker(new URL('./checkpoint-thread.mjs', import.meta.url), { workerData: { file, intervalMs } });
    this.worker.unref();
    this.settings = new Promise((resolve) => this.worker.once('message', resolve));
  }

  async stop(): Promise<void> {
    // Waiting for the thread must keep the process alive (an unref'd worker alone would not).
    this.worker.ref();
    await new Promise<void>((resolve) => {
      this.worker.once('exit', () => resolve());
      this.worker.postMessage('stop');
      setTimeout(() => void this.worker.terminate(), 2000).unref();
    });
  }
}
