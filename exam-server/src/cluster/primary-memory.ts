import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:cluster';

/**
 * What must be kept in memory only — never written, logged or broadcast — and yet be the same for
 * every process of `exam start --processes N` (the shares keyholders enter, the paper ballots
 * waiting for their second teller) is kept by the primary process, which serves no connection. A
 * server process asks it over the cluster's IPC channel: a local socket pair between the two
 * processes, with structured clone (bytes cross as bytes). The primary answers one ask at a time
 * per process, in order; each operation is one call, so it is atomic.
 */
interface Ask {
  type: 'exam:primary-memory';
  id: string;
  op: string;
  args: unknown[];
}
interface Answer {
  type: 'exam:primary-memory-answer';
  id: string;
  result?: unknown;
  error?: string;
}

const isAsk = (m: unknown): m is Ask => typeof m === 'object' && m !== null && (m as Ask).type === 'exam:primary-memory';
const isAnswer = (m: unknown): m is Answer => typeof m === 'object' && m !== null && (m as Answer).type === 'exam:primary-memory-answer';

export type Operations = Record<string, (...args: never[]) => Promise<unknown>>;

/** In the primary: answers a server process's asks with `ops`. */
export function servePrimaryMemory(worker: Worker, ops: Operations): void {
  worker.on('message', (m: unknown) => {
    if (!isAsk(m)) return;
    const op = ops[m.op];
    const run = op ? (op as (...a: unknown[]) => Promise<unknown>)(...m.args) : Promise.reject(new Error(`no operation ${m.op}`));
    run.then(
      (result) => worker.isConnected() && worker.send({ type: 'exam:primary-memory-answer', id: m.id, result } satisfies Answer),
      (err: unknown) => worker.isConnected() && worker.send({ type: 'exam:primary-memory-answer', id: m.id, error: (err as Error).message } satisfies Answer),
    );
  });
}

const waiting = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
let listening = false;

/** In a server process: asks the primary to run `op`; refused if it does not answer within `timeoutMs`. */
export function askPrimary<T>(op: string, args: unknown[], timeoutMs = 10_000): Promise<T> {
  if (!listening) {
    listening = true;
    process.on('message', (m: unknown) => {
      if (!isAnswer(m)) return;
      const w = waiting.get(m.id);
      if (!w) return;
      waiting.delete(m.id);
      clearTimeout(w.timer);
      if (m.error !== undefined) w.reject(new Error(m.error));
      else w.resolve(m.result);
    });
  }
  return new Promise<T>((resolve, reject) => {
    const id = randomUUID();
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error(`the primary process did not answer (${op})`));
    }, timeoutMs);
    waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
    process.send!({ type: 'exam:primary-memory', id, op, args } satisfies Ask);
  });
}
