import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { encodeJob, type ObjectType, type SignatureJob, type VerifyMany } from '@exam/shared';
import { checkEncoded, type CanonicalJob, type RawJob, type WorkerJob } from './verify-job';

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

  /** @param size how many threads: one per core by default */
  constructor(readonly size = Math.max(1, availableParallelism())) {}

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

  /**
   * The threads started now, and these keys made ready in each, before the first batch: an
   * evaluation's opening, so that its first ballots wait for neither. Resolves once every thread has.
   */
  async warm(keys: string[] = []): Promise<void> {
    await Promise.all(this.workers.map((w) => this.sendTo(w, { warm: keys })));
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
   * Objects already encoded canonically, as a batch (`EncodedBatch`): a worker reads their texts in
   * the shared buffers where they lie, rather than an object per job copied to it, which is what
   * sending tens of megabytes would cost the verifier's thread. One verdict byte per job.
   */
  verifyEncoded(batch: EncodedBatch): Promise<Uint8Array> {
    return batch.types.length === 0 ? Promise.resolve(new Uint8Array(0)) : this.send({ encoded: batch }, [batch.where.buffer]);
  }

  private send(message: { jobs: VerifyJob[] } | { encoded: EncodedBatch }, transfer: ArrayBuffer[] = []): Promise<Uint8Array> {
    return this.sendTo(this.workers[this.next++ % this.workers.length]!, message, transfer);
  }

  private sendTo(worker: Worker, message: { jobs: VerifyJob[] } | { encoded: EncodedBatch } | { warm: string[] }, transfer: ArrayBuffer[] = []): Promise<Uint8Array> {
    for (const w of this.workers) w.ref(); // an idle pool does not keep the process alive; a busy one does
    const id = ++this.seq;
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
 * `checkEncoded`): starting the pool's threads costs more than it saves. With libsodium at about
 * 60 µs a signature here, and 0.5 to 1.2 s to start two threads (measured on the 2-core machine,
 * from the build and from the sources), two threads save 30 µs a signature: they pay from some
 * fifteen to forty thousand signatures on.
 */
export const IN_THREAD_BELOW = 15_000;

/** The same, once the threads have started (a verifier's later steps, a server's): handing a batch over costs little then. */
export const IN_THREAD_BELOW_STARTED = 5000;

/**
 * Jobs encoded by the one who asks (see `VerifyPool.verifyEncoded`): the types, keys and signatures
 * as lists; the canonical texts as UTF-8 in shared buffers, job i's in `buffers[where[3i]]` from
 * byte `where[3i + 1]` to `where[3i + 2]` — read by the worker where they lie, never copied to it.
 */
export interface EncodedBatch {
  types: ObjectType[];
  keys: string[];
  signatures: string[];
  buffers: SharedArrayBuffer[];
  where: Uint32Array<ArrayBuffer>;
}

/** Collects a batch: a text already in a shared buffer is pointed at, any other is copied into one. */
export class BatchWriter {
  readonly types: ObjectType[] = [];
  readonly keys: string[] = [];
  readonly signatures: string[] = [];
  private readonly buffers: SharedArrayBuffer[] = [];
  private readonly index = new Map<SharedArrayBuffer, number>();
  private readonly where: number[] = [];
  private own: Uint8Array = new Uint8Array(0);
  private used = 0;

  add(j: Pick<SignatureJob, 'type' | 'publicKey' | 'signature'>, text: Uint8Array): void {
    let view = text;
    if (!(text.buffer instanceof SharedArrayBuffer)) {
      if (this.own.length - this.used < text.length) {
        this.own = new Uint8Array(new SharedArrayBuffer(Math.max(1 << 20, text.length)));
        this.used = 0;
      }
      this.own.set(text, this.used);
      view = this.own.subarray(this.used, (this.used += text.length));
    }
    const buffer = view.buffer as SharedArrayBuffer;
    let b = this.index.get(buffer);
    if (b === undefined) {
      this.index.set(buffer, (b = this.buffers.length));
      this.buffers.push(buffer);
    }
    this.where.push(b, view.byteOffset, view.byteOffset + view.byteLength);
    this.types.push(j.type);
    this.keys.push(j.publicKey);
    this.signatures.push(j.signature);
  }

  batch(): EncodedBatch {
    return { types: this.types, keys: this.keys, signatures: this.signatures, buffers: this.buffers, where: Uint32Array.from(this.where) };
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
    if (jobs.length < (pool.running ? IN_THREAD_BELOW_STARTED : IN_THREAD_BELOW)) {
      jobs.forEach((j, i) => {
        const text = encode(j);
        out[i] = text !== null && checkEncoded(j.type, text, j.publicKey, j.signature);
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
