import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { canonicalizeIntegers, type SignatureJob, type VerifyMany } from '@exam/shared';
import { checkJob, type CanonicalJob, type RawJob, type WorkerJob } from './verify-job';

export type VerifyJob = WorkerJob | RawJob | CanonicalJob;

/**
 * Checks many signed objects of the protocol on all cores: each worker parses, checks the schema,
 * encodes canonically and verifies with the same function as the single fast path
 * (verifyEd25519Fast), so the pool's answers are that path's answers. For a day's score sheets,
 * a session's marks, or a bundle.
 */
export class VerifyPool {
  private started: Worker[] | null = null;
  private next = 0;
  private seq = 0;
  private readonly waiting = new Map<number, (out: Uint8Array) => void>();

  constructor(private readonly size = Math.max(1, availableParallelism())) {}

  /** Whether the threads have been started. */
  get running(): boolean {
    return this.started !== null;
  }

  /** The threads, started on the first batch: a pool never used costs nothing (each thread takes about half a second to start). */
  private get workers(): Worker[] {
    return (this.started ??= this.start());
  }

  private start(): Worker[] {
    return Array.from({ length: this.size }, () => {
      // The worker is TypeScript like the rest of the server; its .mjs starter registers the loader.
      const w = new Worker(new URL('./verify-thread.mjs', import.meta.url));
      w.on('message', ({ id, out }: { id: number; out: Uint8Array }) => {
        this.waiting.get(id)?.(out);
        this.waiting.delete(id);
        if (this.waiting.size === 0) for (const x of this.workers) x.unref();
      });
      w.unref();
      return w;
    });
  }

  async verifyAll(jobs: VerifyJob[]): Promise<boolean[]> {
    const result = new Array<boolean>(jobs.length).fill(false);
    if (jobs.length === 0) return result;
    for (const w of this.workers) w.ref(); // an idle pool does not keep the process alive; a busy one does
    const chunk = Math.ceil(jobs.length / this.workers.length);
    const parts: Array<Promise<void>> = [];
    for (let start = 0; start < jobs.length; start += chunk) {
      const slice = jobs.slice(start, start + chunk);
      const id = ++this.seq;
      const worker = this.workers[this.next++ % this.workers.length]!;
      const base = start;
      parts.push(
        new Promise<void>((resolve) => {
          this.waiting.set(id, (out) => {
            out.forEach((v, k) => (result[base + k] = v === 1));
            resolve();
          });
          worker.postMessage({ id, jobs: slice });
        }),
      );
    }
    await Promise.all(parts);
    return result;
  }

  async close(): Promise<void> {
    await Promise.all((this.started ?? []).map((w) => w.terminate()));
  }
}

/**
 * Below this many signatures a bundle's are checked in this thread (the same check as a worker's,
 * `checkJob`): starting the pool's threads costs more than it saves. At about 175 µs a signature
 * here and a second or so to start two threads, the pool pays from some ten thousand signatures on.
 */
export const IN_THREAD_BELOW = 5000;

/**
 * The pool as a bundle verifier's signature path (`verifyBundle`'s `verifyMany`): every object
 * comes from a bundle already checked against its schema at step 1; it is encoded here (the
 * bundle's objects are mostly in canonical order already, so this is the engine's own serialiser)
 * and then only verified — in this thread for a small bundle, by the workers for a large one.
 */
export function poolVerifyMany(pool: VerifyPool): VerifyMany {
  return async (jobs: SignatureJob[], progress) => {
    // An object that cannot be encoded (a float where the protocol has integers) does not verify; it is not checked.
    const encoded = jobs.map((j): CanonicalJob | null => {
      try {
        return { type: j.type, canonical: canonicalizeIntegers(j.object), publicKey: j.publicKey, signature: j.signature };
      } catch {
        return null;
      }
    });
    const sent = encoded.filter((c): c is CanonicalJob => c !== null);
    const verdicts = sent.length < IN_THREAD_BELOW ? sent.map(checkJob) : await pool.verifyAll(sent);
    let k = 0;
    const out = encoded.map((c) => (c === null ? false : verdicts[k++]!));
    progress?.(jobs.length);
    return out;
  };
}
