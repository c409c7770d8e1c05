import type { ObjectType } from '@exam/shared';
import { BatchWriter, type VerifyPool } from './verify-pool';

/** A signed object already encoded canonically, as UTF-8 in a shared buffer (`Utf8Slab`: a ballot's from `BallotTexts`): the thread that verifies it reads it where it lies. */
export interface SharedTextJob {
  type: ObjectType;
  utf8: Uint8Array;
  publicKey: string;
  signature: string;
}

/**
 * Signatures checked on the verification pool's threads as requests come in (a booth's ballot): the
 * jobs that arrive within one turn of the event loop go to the pool together, split evenly between
 * its threads, and the main thread only hands them over — as places in shared buffers, not as copies
 * of their texts (posting a 7.7 kB text to a thread cost the main thread more than encoding it). An
 * Ed25519 verification, with the UTF-8 encoding before it, costs a ballot more of the main thread
 * than all the rest of taking it; on the pool it runs beside that.
 */
export class VerifySoon {
  private queue: Array<{ job: SharedTextJob; done: (ok: boolean) => void; failed: (err: unknown) => void }> = [];
  private scheduled = false;

  constructor(private readonly pool: () => VerifyPool) {}

  check(job: SharedTextJob): Promise<boolean> {
    return new Promise((done, failed) => {
      this.queue.push({ job, done, failed });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.send());
      }
    });
  }

  private send(): void {
    const all = this.queue;
    this.queue = [];
    this.scheduled = false;
    const pool = this.pool();
    const chunk = Math.ceil(all.length / pool.size);
    for (let start = 0; start < all.length; start += chunk) {
      const part = all.slice(start, start + chunk);
      const batch = new BatchWriter();
      for (const { job } of part) batch.add(job, job.utf8);
      pool.verifyEncoded(batch.batch()).then(
        (ok) => part.forEach((b, i) => b.done(ok[i] === 1)),
        (err: unknown) => part.forEach((b) => b.failed(err)),
      );
    }
  }
}
