import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, linkSync, openSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeFolder } from '../make-folder';
import { syncFile, syncFolder } from './durable-files';

/**
 * The data folder holds the database (every answer, mark and sheet), the server's signing key and
 * the venue certificate's key: readable by its owner only. The folder is 0700; the database is made
 * 0600 before SQLite first opens it, so its WAL and shared-memory files (which SQLite creates with
 * the database's mode) are 0600 too; every file already in the folder is set to 0600 at each start.
 */
export function secureDataFolder(dir: string, dbFile: string | null): void {
  makeFolder(dir, '--data', 0o700);
  chmodSync(dir, 0o700);
  if (dbFile && !existsSync(dbFile)) closeSync(openSync(dbFile, 'a', 0o600));
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (statSync(file).isFile()) chmodSync(file, 0o600);
  }
}

/**
 * Makes `file` with `content` (mode 0600) unless it exists, atomically: written to a temporary file
 * and linked into place, so that of several processes starting on one data folder at once exactly
 * one makes it and every one then reads the same. Durable once it returns: the content synced before
 * the link, the folder after it — a key made at the first start and lost to a power loss would be
 * replaced by another at the next, and the log signed with the first would no longer be the server's.
 * True if this call made it.
 */
export function writeOnce(file: string, content: string): boolean {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, content, { mode: 0o600, flag: 'wx' });
  try {
    syncFile(temp);
    linkSync(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(temp);
    syncFolder(dirname(file));
  }
}
