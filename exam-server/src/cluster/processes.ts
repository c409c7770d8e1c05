import cluster, { type Worker } from 'node:cluster';
import { say } from '../cli/lang';
import { MemoryShareKeeper } from '../papers/share-vault';
import { paperOperations, shareOperations } from './kept-by-primary';
import { servePrimaryMemory } from './primary-memory';
import { PaperEntriesInMemory } from '../evaluation/paper-entries';

/** What a worker tells the primary once it listens. */
export interface WorkerReady {
  type: 'exam:ready';
  pid: number;
  httpUrl: string;
  httpsUrl: string | null;
}

const isReady = (m: unknown): m is WorkerReady => typeof m === 'object' && m !== null && (m as WorkerReady).type === 'exam:ready';

/** A worker's word to the primary that it is serving. */
export function reportReady(ready: Omit<WorkerReady, 'type' | 'pid'>): void {
  process.send?.({ type: 'exam:ready', pid: process.pid, ...ready } satisfies WorkerReady);
}

/**
 * The primary of `exam start --processes N`: starts N server processes (Node's cluster) that share
 * the ports — the primary accepts each connection and hands it to the next process in turn; kiosks
 * speak WebSocket only, so a connection never needs the process of an earlier one. A process that
 * ends is started again; SIGTERM or SIGINT ends them all. `banner` prints once every process listens.
 * The primary also holds the shares keyholders enter, for all the processes (cluster/kept-by-primary.ts).
 */
export function runProcesses(n: number, banner: (first: WorkerReady, all: WorkerReady[]) => void): void {
  // Round-robin in the primary on every platform, not the kernel's choice (uneven under load).
  cluster.schedulingPolicy = cluster.SCHED_RR;
  // Structured clone over IPC: a share's bytes cross as bytes (cluster/kept-by-primary.ts).
  cluster.setupPrimary({ serialization: 'advanced' });
  const ops = { ...shareOperations(new MemoryShareKeeper()), ...paperOperations(new PaperEntriesInMemory()) };
  let stopping = false;
  let printed = false;
  const ready = new Map<number, WorkerReady>();
  const slot = new Map<Worker, number>();
  const start = (i: number) => {
    const w = cluster.fork({ EXAM_PROCESS: String(i + 1) });
    slot.set(w, i);
    servePrimaryMemory(w, ops);
    w.on('message', (m: unknown) => {
      if (!isReady(m)) return;
      ready.set(i, m);
      if (!printed && ready.size === n) {
        printed = true;
        const all = [...ready.entries()].sort(([a], [b]) => a - b).map(([, r]) => r);
        banner(all[0]!, all);
      } else if (printed) console.log(say(`进程 ${i + 1}（pid ${m.pid}）已重新启动`, `process ${i + 1} (pid ${m.pid}) started again`));
    });
  };
  cluster.on('exit', (w, code, signal) => {
    const i = slot.get(w)!;
    slot.delete(w);
    ready.delete(i);
    if (stopping) return;
    console.error(say(`进程 ${i + 1}（pid ${w.process.pid}）已退出（${signal ?? code}），正在重新启动`, `process ${i + 1} (pid ${w.process.pid}) ended (${signal ?? code}); starting it again`));
    setTimeout(() => !stopping && start(i), 500);
  });
  for (let i = 0; i < n; i++) start(i);
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    if (workers.length === 0) process.exit(0);
    let left = workers.length;
    for (const w of workers) {
      w.once('exit', () => --left === 0 && process.exit(0));
      w.process.kill('SIGTERM');
    }
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
