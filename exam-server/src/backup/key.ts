import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromBase32, normaliseBase32, toBase32 } from '@exam/shared';

/**
 * The backup key: 32 random bytes that encrypt every backup. It is made when backups are first
 * switched on, printed once (as a code to keep on paper, apart from the backup stick), and kept in
 * the data folder (0600) so that the server can write backups unattended. A restore needs the
 * printed code: the data folder it came from is usually what was lost.
 *
 * One key, not the supervisors' shares: a restore happens in a hurry, mid-exam, when the server
 * has failed; it must not wait for several keyholders to be found. The code is printed once and
 * kept like the share sheets.
 */
export const BACKUP_KEY_BYTES = 32;
const CHECK_BYTES = 2;
/** 34 bytes make 55 base32 characters, printed in groups of five. */
const CODE_CHARS = Math.ceil(((BACKUP_KEY_BYTES + CHECK_BYTES) * 8) / 5);
const KEY_FILE = 'backup-key';

const check = (key: Uint8Array) => createHash('sha256').update('exam/v2/backup-key\0').update(key).digest().subarray(0, CHECK_BYTES);

/** The printed form: Crockford base32 of the key and a 2-byte check, in groups of five. */
export function backupKeyCode(key: Uint8Array): string {
  return toBase32(Buffer.concat([key, check(key)])).match(/.{1,5}/g)!.join('-');
}

export type KeyCodeResult = { ok: true; key: Uint8Array } | { ok: false; zh: string; en: string };

/** Reads a typed backup code: case, spaces, hyphens and the letters I, L, O forgiven; the check names a typo. */
export function parseBackupKeyCode(typed: string): KeyCodeResult {
  const text = normaliseBase32(typed.replace(/[\s-]/g, ''));
  if (text === null) return { ok: false, zh: '备份密钥中有不属于密钥的字符', en: 'the backup key has a character that is not in backup keys' };
  if (text.length !== CODE_CHARS) return { ok: false, zh: `备份密钥应为 ${CODE_CHARS} 个字符（不计连字符），这里有 ${text.length} 个`, en: `a backup key has ${CODE_CHARS} characters (not counting hyphens); this one has ${text.length}` };
  const bytes = fromBase32(text, BACKUP_KEY_BYTES + CHECK_BYTES);
  const key = bytes.subarray(0, BACKUP_KEY_BYTES);
  if (!Buffer.from(check(key)).equals(Buffer.from(bytes.subarray(BACKUP_KEY_BYTES)))) {
    return { ok: false, zh: '备份密钥校验不符：有字符输错，请对照打印的密钥核对', en: 'the backup key’s check does not match: a character is mistyped; compare it with the printed key' };
  }
  return { ok: true, key: new Uint8Array(key) };
}

/** The data folder's backup key, made (and returned as `made`) the first time. */
export function loadBackupKey(dataDir: string): { key: Uint8Array; made: boolean } {
  const file = join(dataDir, KEY_FILE);
  if (existsSync(file)) return { key: new Uint8Array(readFileSync(file)), made: false };
  const key = new Uint8Array(randomBytes(BACKUP_KEY_BYTES));
  writeFileSync(file, key, { mode: 0o600 });
  return { key, made: true };
}
