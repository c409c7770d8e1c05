import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ExamError } from '@exam/shared';
import { BACKUP_MAGIC, openBackup, sealBackup } from './file';
import { backupKeyCode, parseBackupKeyCode } from './key';

const key = new Uint8Array(randomBytes(32));
const header = { format: 'exam-backup/1' as const, createdAt: 1_796_000_000_000, reason: 'demo: paper opened', log: { seq: 42, hash: 'ab'.repeat(32) } };
const files = [
  { name: 'exam.db', data: randomBytes(5000) },
  { name: 'server-key.pem', data: Buffer.from('-----BEGIN PRIVATE KEY-----\n') },
];

describe('backup files', () => {
  it('open with their key to exactly what was sealed, and carry their header', () => {
    const sealed = sealBackup(key, header, files);
    expect(sealed.subarray(0, 8).equals(BACKUP_MAGIC)).toBe(true);
    const opened = openBackup(key, sealed);
    expect(opened.header).toMatchObject({ ...header, files: [{ name: 'exam.db', bytes: 5000 }, { name: 'server-key.pem' }] });
    for (const f of files) expect(opened.files.get(f.name)!.equals(f.data)).toBe(true);
    // Nothing of the contents is readable without the key.
    expect(sealed.includes(Buffer.from('BEGIN PRIVATE KEY'))).toBe(false);
  });

  it('refuse another key, an altered byte anywhere, and a file that is not a backup, saying which', () => {
    const sealed = sealBackup(key, header, files);
    const refusal = (k: Uint8Array, bytes: Buffer) => {
      try {
        openBackup(k, bytes);
      } catch (err) {
        expect(err).toBeInstanceOf(ExamError);
        return (err as ExamError).details![0]!.zh;
      }
      throw new Error('opened');
    };
    expect(refusal(new Uint8Array(randomBytes(32)), sealed)).toContain('备份密钥打不开这个备份');
    for (const at of [3, 10, 30, sealed.length - 40, sealed.length - 1]) {
      const altered = Buffer.from(sealed);
      altered[at] = altered[at]! ^ 1;
      expect(refusal(key, altered), `byte ${at}`).toMatch(at < 8 ? /不是本系统的备份文件/ : /备份密钥打不开这个备份/);
    }
    expect(refusal(key, Buffer.from('姓名,身份证号\n'))).toContain('不是本系统的备份文件');
  });
});

describe('the printed backup key', () => {
  it('reads back as typed, forgiving case, spaces and look-alike letters', () => {
    const code = backupKeyCode(key);
    expect(code).toMatch(/^([0-9A-Z]{5}-){10}[0-9A-Z]{5}$/);
    for (const typed of [code, code.toLowerCase(), code.replace(/-/g, ' '), code.replace(/0/g, 'O').replace(/1/g, 'l')]) {
      const r = parseBackupKeyCode(typed);
      expect(r.ok && Buffer.from(r.key).equals(Buffer.from(key)), typed).toBe(true);
    }
  });
  it('names a typo, a wrong length and a foreign character', () => {
    const code = backupKeyCode(key);
    const typo = code.slice(0, 7) + (code[7] === '2' ? '3' : '2') + code.slice(8);
    expect(parseBackupKeyCode(typo)).toMatchObject({ ok: false, zh: expect.stringContaining('有字符输错') });
    expect(parseBackupKeyCode(code.slice(0, -1))).toMatchObject({ ok: false, en: expect.stringContaining('this one has 54') });
    expect(parseBackupKeyCode(code.replace(/^./, 'U'))).toMatchObject({ ok: false, en: expect.stringContaining('not in backup keys') });
  });
});
