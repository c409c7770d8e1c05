// The loop of a verification worker thread: jobs in, one byte per job out (1 = holds).
import { parentPort } from 'node:worker_threads';
import { checkJob, type CanonicalJob, type RawJob, type WorkerJob } from './verify-job';

parentPort?.on('message', ({ id, jobs }: { id: number; jobs: Array<WorkerJob | RawJob | CanonicalJob> }) => {
  const out = new Uint8Array(jobs.length);
  for (let i = 0; i < jobs.length; i++) out[i] = checkJob(jobs[i]!) ? 1 : 0;
  parentPort!.postMessage({ id, out }, [out.buffer]);
});
