import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { encodeJob, type ObjectType, type SignatureJob, type VerifyMany } from '@exam/shared';
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
    const chunk = Math.ceil(jobs.length / this.workers.length);
    const parts: Array<Promise<void>> = [];
    for (let start = 0; start < jobs.length; start += chunk) {
      const base = start;
      parts.push(this.send({ jobs: jobs.slice(start, start + chunk) }).then((out) => out.forEach((v, k) => (result[base + k] = v === 1))));
    }
    await Promise.all(parts);
    return result;
  }

  /**
   * Objects already encoded canonically, as a batch (`EncodedBatch`): a worker is given their texts
   * as one buffer it takes over, rather than an object per job copied to it, which is what sending
   * tens of megabytes would cost the verifier's thread. One verdict byte per job.
   */
  verifyEncoded(batch: EncodedBatch): Promise<Uint8Array> {
    return batch.types.length === 0 ? Promise.resolve(new Uint8Array(0)) : this.send({ encoded: batch }, [batch.texts.buffer, batch.ends.buffer]);
  }

  private send(message: { jobs: VerifyJob[] } | { encoded: EncodedBatch }, transfer: ArrayBuffer[] = []): Promise<Uint8Array> {
    for (const w of this.workers) w.ref(); // an idle pool does not keep the process alive; a busy one does
    const id = ++this.seq;
    const worker = this.workers[this.next++ % this.workers.length]!;
    return new Promise<Uint8Array>((resolve) => {
      this.waiting.set(id, resolve);
      worker.postMessage({ id, ...message }, transfer);
    });
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
 * Jobs encoded by the one who asks (see `VerifyPool.verifyEncoded`): the types, keys and signatures
 * as lists, the canonical texts as UTF-8 one after the other in one buffer (job i's text ends at
 * `ends[i]`), which is moved to the worker rather than copied.
 */
export interface EncodedBatch {
  types: ObjectType[];
  keys: string[];
  signatures: string[];
  texts: Uint8Array<ArrayBuffer>;
  ends: Uint32Array<ArrayBuffer>;
}

const utf8Encoder = new TextEncoder();

/** Collects a batch: each text written as UTF-8 straight into the buffer, which grows when it must. */
class BatchWriter {
  readonly types: ObjectType[] = [];
  readonly keys: string[] = [];
  readonly signatures: string[] = [];
  private readonly ends: number[] = [];
  private buffer = new Uint8Array(1 << 22);
  private used = 0;

  add(j: SignatureJob, text: string): void {
    // A UTF-8 text takes at most three bytes for each UTF-16 unit.
    if (this.buffer.length - this.used < text.length * 3) {
      const bigger = new Uint8Array(Math.max(this.buffer.length * 2, this.used + text.length * 3));
      bigger.set(this.buffer.subarray(0, this.used));
      this.buffer = bigger;
    }
    this.used += utf8Encoder.encodeInto(text, this.buffer.subarray(this.used)).written;
    this.ends.push(this.used);
    this.types.push(j.type);
    this.keys.push(j.publicKey);
    this.signatures.push(j.signature);
  }

  batch(): EncodedBatch {
    return { types: this.types, keys: this.keys, signatures: this.signatures, texts: this.buffer.slice(0, this.used), ends: Uint32Array.from(this.ends) };
  }
}

/** Jobs a verifier encodes and sends at a time: the workers start on the first while the rest are encoded. */
const BATCH = 2000;

/**
 * The pool as a bundle verifier's signature path (`verifyBundle`'s `verifyMany`): every object is
 * encoded here, in this thread (by the verifier's own encoder when it gives one, which keeps the
 * texts for the hashes of the boards and the bundle) and then only verified — in this thread for a
 * small bundle, by the workers for a large one, a batch at a time as they are encoded.
 */
export function poolVerifyMany(pool: VerifyPool): VerifyMany {
  return async (jobs: SignatureJob[], progress, encode = encodeJob) => {
    const out = new Array<boolean>(jobs.length).fill(false);
    if (jobs.length < IN_THREAD_BELOW) {
      jobs.forEach((j, i) => {
        const text = encode(j);
        out[i] = text !== null && checkJob({ type: j.type, canonical: text, publicKey: j.publicKey, signature: j.signature });
      });
    } else {
      const parts: Array<Promise<void>> = [];
      for (let start = 0; start < jobs.length; start += BATCH) {
        const batch = new BatchWriter();
        const at: number[] = [];
        for (let i = start; i < Math.min(jobs.length, start + BATCH); i++) {
          const j = jobs[i]!;
          // An object that cannot be encoded (a float where the protocol has integers) does not verify; it is not sent.
          const text = encode(j);
          if (text === null) continue;
          batch.add(j, text);
          at.push(i);
        }
        parts.push(pool.verifyEncoded(batch.batch()).then((v) => v.forEach((ok, k) => (out[at[k]!] = ok === 1))));
      }
      await Promise.all(parts);
    }
    progress?.(jobs.length);
    return out;
  };
}
