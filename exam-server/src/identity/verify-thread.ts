// The loop of a verification worker thread: jobs in, one byte per job out (1 = holds).
import { parentPort } from 'node:worker_threads';
import { checkEncoded, checkJob, type CanonicalJob, type RawJob, type WorkerJob } from './verify-job';
import { warmKeys } from './verify-fast';
import type { EncodedBatch } from './verify-pool';

parentPort?.on('message', ({ id, jobs, encoded, warm }: { id: number; jobs?: Array<WorkerJob | RawJob | CanonicalJob>; encoded?: EncodedBatch; warm?: string[] }) => {
  let out: Uint8Array<ArrayBuffer>;
  if (warm) {
    // Keys that will sign soon (an evaluation's cards, as voting opens), made ready in this thread.
    void warmKeys(warm).then(() => parentPort!.postMessage({ id, out: new Uint8Array(0) }));
    return;
  } else if (encoded) {
    out = new Uint8Array(encoded.types.length);
    const w = encoded.where;
    for (let i = 0; i < out.length; i++) out[i] = checkEncoded(encoded.types[i]!, new Uint8Array(encoded.buffers[w[3 * i]!]!, w[3 * i + 1]!, w[3 * i + 2]! - w[3 * i + 1]!), encoded.keys[i]!, encoded.signatures[i]!) ? 1 : 0;
  } else {
    out = new Uint8Array(jobs!.length);
    for (let i = 0; i < jobs!.length; i++) out[i] = checkJob(jobs![i]!) ? 1 : 0;
  }
  parentPort!.postMessage({ id, out }, [out.buffer]);
});
