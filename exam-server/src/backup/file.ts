import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ExamError } from '@exam/shared';

/**
 * A backup file (docs/backups.md): the 8 bytes "EXAMBAK1", a 12-byte nonce, then ChaCha20-Poly1305
 * (RFC 8439) under the backup key of the contents, with the 16-byte tag last; the 8 magic bytes
 * are the additional authenticated data. The contents: a 4-byte big-endian length, that many
 * bytes of a JSON header (`BackupHeader`), then each file's bytes in the header's order.
 */
export const BACKUP_MAGIC = Buffer.from('EXAMBAK1', 'ascii');
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface BackupHeader {
  format: 'exam-backup/1';
  /** ms since the epoch */
  createdAt: number;
  /** why it was written: "every 5 minutes", or the phase that just ended */
  reason: string;
  /** the last entry of the audit log in the backed-up database */
  log: { seq: number; hash: string };
  files: Array<{ name: string; bytes: number; sha256: string }>;
}

export function sealBackup(key: Uint8Array, header: Omit<BackupHeader, 'files'>, files: Array<{ name: string; data: Buffer }>): Buffer {
  const full: BackupHeader = { ...header, files: files.map((f) => ({ name: f.name, bytes: f.data.length, sha256: createHash('sha256').update(f.data).digest('hex') })) };
  const head = Buffer.from(JSON.stringify(full), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(head.length);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(BACKUP_MAGIC, { plaintextLength: 4 + head.length + files.reduce((n, f) => n + f.data.length, 0) });
  const body = [cipher.update(length), cipher.update(head), ...files.map((f) => cipher.update(f.data)), cipher.final()];
  return Buffer.concat([BACKUP_MAGIC, nonce, ...body, cipher.getAuthTag()]);
}

const refuse = (zh: string, en: string): never => {
  throw new ExamError('key-mismatch', en, [{ message: en, zh }]);
};

/** Opens a backup file with the key; refuses a file that is not a backup, a wrong key, or an altered file. */
export function openBackup(key: Uint8Array, bytes: Buffer): { header: BackupHeader; files: Map<string, Buffer> } {
  if (bytes.length < BACKUP_MAGIC.length + NONCE_BYTES + TAG_BYTES + 4 || !bytes.subarray(0, BACKUP_MAGIC.length).equals(BACKUP_MAGIC)) {
    refuse('这不是本系统的备份文件', 'this is not a backup file of this system');
  }
  const nonce = bytes.subarray(BACKUP_MAGIC.length, BACKUP_MAGIC.length + NONCE_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(BACKUP_MAGIC, { plaintextLength: bytes.length - BACKUP_MAGIC.length - NONCE_BYTES - TAG_BYTES });
  decipher.setAuthTag(tag);
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(bytes.subarray(BACKUP_MAGIC.length + NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return refuse('备份密钥打不开这个备份：密钥不是这个备份的，或文件已损坏或被改动', 'the backup key does not open this backup: it is another backup’s key, or the file is damaged or altered');
  }
  const headLength = plain.readUInt32BE(0);
  const header = JSON.parse(plain.subarray(4, 4 + headLength).toString('utf8')) as BackupHeader;
  if (header.format !== 'exam-backup/1') refuse(`不支持的备份格式 ${header.format}`, `unsupported backup format ${header.format}`);
  const files = new Map<string, Buffer>();
  let at = 4 + headLength;
  for (const f of header.files) {
    const data = plain.subarray(at, at + f.bytes);
    at += f.bytes;
    if (createHash('sha256').update(data).digest('hex') !== f.sha256) refuse(`备份中的文件 ${f.name} 不完整`, `the file ${f.name} in the backup is incomplete`);
    files.set(f.name, data);
  }
  return { header, files };
}
