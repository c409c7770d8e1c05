import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ExamError } from '@exam/shared';
import { openDatabase } from '../db/database';
import { transact } from '../db/transact';
import { appendAudit } from '../audit/log';
import { openBackup, type BackupHeader } from './file';
import { parseBackupKeyCode } from './key';
import { BACKED_UP_FILES } from './writer';
import { makeFolder } from '../make-folder';

/**
 * Puts a backup into a new data folder, from which the server carries on. The log records the
 * restore as such: which backup, up to which entry, and that whatever the lost server logged after
 * that entry is gone from this log (kiosks send their acknowledged answers again, docs/backups.md).
 */
export async function restoreBackup(o: { from: string; data: string; keyCode: string; note?: string }): Promise<BackupHeader> {
  const parsed = parseBackupKeyCode(o.keyCode);
  if (!parsed.ok) throw new ExamError('bad-request', parsed.en, [{ message: parsed.en, zh: parsed.zh }]);
  if (!existsSync(o.from)) throw new ExamError('not-found', `no backup file ${o.from}`, [{ message: `no backup file ${o.from}`, zh: `找不到备份文件 ${o.from}` }]);
  const { header, files } = openBackup(parsed.key, readFileSync(o.from));
  if (existsSync(join(o.data, 'exam.db'))) {
    const en = `the data folder ${o.data} already holds a database: restore into a new, empty folder`;
    throw new ExamError('conflict', en, [{ message: en, zh: `数据目录 ${o.data} 中已有数据库：请恢复到一个新的空目录` }]);
  }
  makeFolder(o.data, '--data', 0o700);
  const db = files.get('exam.db');
  if (!db) throw new ExamError('bad-request', 'the backup holds no database', [{ message: 'the backup holds no database', zh: '备份中没有数据库' }]);
  writeFileSync(join(o.data, 'exam.db'), db, { mode: 0o600 });
  for (const name of BACKED_UP_FILES) {
    const data = files.get(name);
    if (data) writeFileSync(join(o.data, name), data, { mode: 0o600 });
  }
  // The restored server goes on writing backups with the same key.
  writeFileSync(join(o.data, 'backup-key'), parsed.key, { mode: 0o600 });
  const database = await openDatabase(join(o.data, 'exam.db'));
  try {
    await transact(database.db, (tx) =>
      appendAudit(tx, 'server.restored', 'server', {
        backup: basename(o.from),
        createdAt: header.createdAt,
        reason: header.reason,
        seq: header.log.seq,
        head: header.log.hash,
        note: o.note ?? null,
      }),
    );
  } finally {
    await database.close();
  }
  return header;
}
