// Kept in the primary process under `--processes`, for every process: the shares keyholders entered and the paper ballots waiting for their second teller (cluster/primary-memory.ts carries the calls).
import type { PaperShare } from '@exam/shared';
import { MemoryShareKeeper, type ShareKeeper } from '../papers/share-vault';
import { askPrimary, type Operations } from './primary-memory';
import type { PaperEntries, PaperEntriesInMemory } from '../evaluation/paper-entries';

/** The primary's side: the entered shares of every process, in its memory (cluster/primary-memory.ts). */
export function shareOperations(keeper: MemoryShareKeeper): Operations {
  return {
    'shares.put': (fileId: string, share: PaperShare) => keeper.put(fileId, { ...share, share: new Uint8Array(share.share) }),
    'shares.indices': (fileId: string) => keeper.indices(fileId),
    'shares.shares': (fileId: string) => keeper.shares(fileId),
    'shares.remove': (fileId: string, index: number) => keeper.remove(fileId, index),
    'shares.clear': (fileId: string) => keeper.clear(fileId),
  };
}

/** A server process's keeper of shares under `--processes`: the primary's. */
export function sharesInPrimary(): ShareKeeper {
  return {
    put: (fileId, share) => askPrimary<boolean>('shares.put', [fileId, share]),
    indices: (fileId) => askPrimary<number[]>('shares.indices', [fileId]),
    shares: async (fileId) => (await askPrimary<PaperShare[]>('shares.shares', [fileId])).map((s) => ({ ...s, share: new Uint8Array(s.share) })),
    remove: (fileId, index) => askPrimary<void>('shares.remove', [fileId, index]),
    clear: (fileId) => askPrimary<void>('shares.clear', [fileId]),
  };
}

/** The primary's side of the paper ballots waiting for their second teller. */
export function paperOperations(entries: PaperEntriesInMemory): Operations {
  return {
    'paper.enter': (evaluationId: string, key: string, json: string, station: string) => entries.enter(evaluationId, key, json, station),
    'paper.counted': (evaluationId: string, key: string) => entries.counted(evaluationId, key),
    'paper.status': (evaluationId: string) => entries.status(evaluationId),
    'paper.forget': (evaluationId: string) => entries.forget(evaluationId),
  };
}

/** A server process's paper entries under `--processes`: the primary's. */
export function paperInPrimary(): PaperEntries {
  return {
    enter: (evaluationId, key, json, station) => askPrimary('paper.enter', [evaluationId, key, json, station]),
    counted: (evaluationId, key) => askPrimary('paper.counted', [evaluationId, key]),
    status: (evaluationId) => askPrimary('paper.status', [evaluationId]),
    forget: (evaluationId) => askPrimary('paper.forget', [evaluationId]),
  };
}
