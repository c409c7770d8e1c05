import { closeSync, fsyncSync, openSync } from 'node:fs';

/**
 * What makes a file's creation, renaming or removal survive a power loss: the file's own bytes synced
 * (`syncFile`) and then its folder's entry (`syncFolder`) — a rename or a link is on disk only once
 * the folder is synced, whatever was synced before it.
 */

/** Syncs a file's content to disk. */
export function syncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes the names in a folder durable (a file made, renamed or removed in it). Where the file
 * system cannot sync a folder (FAT sticks and some others refuse to open or sync one) there is
 * nothing more to do, and nothing is said; any other failure is thrown.
 */
export function syncFolder(folder: string): void {
  let fd: number;
  try {
    fd = openSync(folder, 'r');
  } catch (err) {
    if (cannotSyncFolders(err)) return;
    throw err;
  }
  try {
    fsyncSync(fd);
  } catch (err) {
    if (!cannotSyncFolders(err)) throw err;
  } finally {
    closeSync(fd);
  }
}

const cannotSyncFolders = (err: unknown) => ['EINVAL', 'EISDIR', 'ENOTSUP', 'EPERM', 'EBADF'].includes((err as NodeJS.ErrnoException).code ?? '');
