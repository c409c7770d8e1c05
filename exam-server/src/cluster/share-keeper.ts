import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:cluster';
import type { PaperShare } from '@exam/shared';
import { MemoryShareKeeper, type ShareKeeper } from '../papers/share-vault';

type Op = 'put' | 'indices' | 'shares' | 'remove' | 'clear';
interface Ask {
  type: 'exam:shares';
  id: string;
  op: Op;
  fileId: string;
  share?: PaperShare;
  index?: number;
}
interface Answer {
  type: 'exam:shares-answer';
  id: string;
  result?: unknown;
  error?: string;
}

const isAsk = (m: unknown): m is Ask => typeof m === 'object' && m !== null && (m as Ask).type === 'exam:shares';
const isAnswer = (m: unknown): m is Answer => typeof m === 'object' && m !== null && (m as Answer).type === 'exam:shares-answer';

/**
 * The primary of `exam start --processes N` holds the entered shares for every process (in its
 * memory; never written), answering each process's asks over the cluster's IPC channel — a local
 * socket pair between the two processes, never a file or the database.
 */
export function keepSharesFor(worker: Worker, keeper: MemoryShareKeeper): void {
  worker.on('message', (m: unknown) => {
    if (!isAsk(m)) return;
    const run = async (): Promise<unknown> => {
      switch (m.op) {
        case 'put':
          return keeper.put(m.fileId, { ...m.share!, share: new Uint8Array(m.share!.share) });
        case 'indices':
          return keeper.indices(m.fileId);
        case 'shares':
          return keeper.shares(m.fileId);
        case 'remove':
          return keeper.remove(m.fileId, m.index!);
        case 'clear':
          return keeper.clear(m.fileId);
      }
    };
    run().then(
      (result) => worker.isConnected() && worker.send({ type: 'exam:shares-answer', id: m.id, result } satisfies Answer),
      (err: unknown) => worker.isConnected() && worker.send({ type: 'exam:shares-answer', id: m.id, error: (err as Error).message } satisfies Answer),
    );
  });
}

/** A server process's keeper of shares under `--processes`: the primary's (above). */
export function sharesInPrimary(timeoutMs = 10_000): ShareKeeper {
  const waiting = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  process.on('message', (m: unknown) => {
    if (!isAnswer(m)) return;
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    clearTimeout(w.timer);
    if (m.error !== undefined) w.reject(new Error(m.error));
    else w.resolve(m.result);
  });
  const ask = <T>(op: Op, fileId: string, extra: Partial<Ask> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = randomUUID();
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error('the primary process did not answer about the entered shares'));
      }, timeoutMs);
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      process.send!({ type: 'exam:shares', id, op, fileId, ...extra } satisfies Ask);
    });
  return {
    put: (fileId, share) => ask<boolean>('put', fileId, { share }),
    indices: (fileId) => ask<number[]>('indices', fileId),
    shares: async (fileId) => (await ask<PaperShare[]>('shares', fileId)).map((s) => ({ ...s, share: new Uint8Array(s.share) })),
    remove: (fileId, index) => ask<void>('remove', fileId, { index }),
    clear: (fileId) => ask<void>('clear', fileId),
  };
}
