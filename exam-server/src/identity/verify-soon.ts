import type { CanonicalJob } from './verify-job';
import type { VerifyPool } from './verify-pool';

/**
 * Signatures checked on the verification pool's threads as requests come in (a booth's ballot): the
 * jobs that arrive within one turn of the event loop go to the pool together, and the main thread
 * only hands them over. An Ed25519 verification, with the UTF-8 encoding before it, costs a ballot
 * more of the main thread than all the rest of taking it; on the pool it runs beside that.
 */
export class VerifySoon {
  private queue: Array<{ job: CanonicalJob; done: (ok: boolean) => void; failed: (err: unknown) => void }> = [];
  private scheduled = false;

  constructor(private readonly pool: () => VerifyPool) {}

  check(job: CanonicalJob): Promise<boolean> {
    return new Promise((done, failed) => {
      this.queue.push({ job, done, failed });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.send());
      }
    });
  }

  private send(): void {
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
    this.pool()
      .verifyAll(batch.map((b) => b.job))
      .then(
        (ok) => batch.forEach((b, i) => b.done(ok[i]!)),
        (err: unknown) => batch.forEach((b) => b.failed(err)),
      );
  }
}
