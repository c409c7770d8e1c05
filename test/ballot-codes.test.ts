import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ballotKeyPair, ballotKeysHash, checkpointText, decodeBallotCode, parseBallotListText, toBase64 } from '@exam/shared';
import { execExam } from './support/process';

const { EXAM_LANG: _unused, ...inherited } = process.env;
const env = { ...inherited, LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
const exam = (...args: string[]) => execExam(args, { stdio: 'pipe', env });
const fails = (...args: string[]) => {
  try {
    exam(...args);
  } catch (err) {
    return String((err as { stderr: string }).stderr);
  }
  throw new Error('the command succeeded');
};

/**
 * Ballot codes are made offline, on a supervisor's machine (docs/protocol.md §24): the cards hold
 * the codes, the key lists hold only public keys, and what the supervisors write down commits to
 * each list. Every card's code derives exactly one key of its group's list.
 */
describe('`exam ballot-codes`: cards offline, public keys for the server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exam-ballot-codes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes each group’s cards and key list, and prints what goes on the ceremony sheet', () => {
    const out = exam('ballot-codes', '--evaluation', 'ev-2026', '--group', 'leaders=5:领导班子成员', '--group', 'others=8', '--spares', '2', '--out', dir);
    for (const [group, n] of [['leaders', 7], ['others', 10]] as const) {
      const list = JSON.parse(readFileSync(join(dir, `ev-2026-${group}.keys.json`), 'utf8')) as { evaluationId: string; group: string; keys: string[] };
      expect([list.evaluationId, list.group, list.keys.length]).toEqual(['ev-2026', group, n]);
      expect(list.keys).toEqual([...list.keys].sort());
      const hash = ballotKeysHash('ev-2026', group, list.keys);
      expect(out).toContain(checkpointText(n, hash));
      // The line to copy onto the ceremony sheet is what `exam verify --ballot-list` and the offline page read back.
      const line = new RegExp(`ceremony sheet: (ev-2026/${group}: [^\\n]+)`).exec(out)?.[1];
      expect(line).toBeDefined();
      const read = parseBallotListText(line!);
      expect(read).toEqual({ evaluationId: 'ev-2026', group, count: n, hash: hash.slice(0, 32) });
      // The cards: every code reads back, derives one key of this group's list, and each key has its card.
      const html = readFileSync(join(dir, `ev-2026-${group}-cards.html`), 'utf8');
      const codes = [...html.matchAll(/<p class="code">([0-9A-Z-]+)<\/p>/g)].map((m) => m[1]!);
      expect(codes.length).toBe(n);
      const derived = codes.map((c) => {
        const d = decodeBallotCode(c);
        if (!d.ok) throw new Error(d.message);
        return toBase64(ballotKeyPair(d.payload).publicKey);
      });
      expect([...derived].sort()).toEqual(list.keys);
      // No code in the list the server receives.
      const keysText = readFileSync(join(dir, `ev-2026-${group}.keys.json`), 'utf8');
      for (const c of codes) expect(keysText).not.toContain(c);
      // The card files hold the codes: their owner's alone, the PDFs as much as the HTML.
      expect(statSync(join(dir, `ev-2026-${group}-cards.html`)).mode & 0o777).toBe(0o600);
      if (existsSync('/usr/bin/chromium')) {
        expect(readFileSync(join(dir, `ev-2026-${group}-cards.pdf`)).subarray(0, 5).toString()).toBe('%PDF-');
        expect(statSync(join(dir, `ev-2026-${group}-cards.pdf`)).mode & 0o777).toBe(0o600);
      }
    }
  });

  it('refuses a group under five, a group named twice, and cards made before unless told', () => {
    expect(fails('ballot-codes', '--evaluation', 'ev-x', '--group', 'few=4', '--out', dir)).toContain('at least 5');
    expect(fails('ballot-codes', '--evaluation', 'ev-x', '--group', 'a=5', '--group', 'a=6', '--out', dir)).toContain('a group is named twice');
    // In Chinese under --lang zh, and in English said once.
    expect(fails('--lang', 'zh', 'ballot-codes', '--evaluation', 'ev-x', '--group', 'a=5', '--group', 'a=6', '--out', dir)).toMatch(/^ {2}有一个类别写了两次$/m);
    expect(fails('ballot-codes', '--evaluation', 'ev-x', '--group', 'a=5', '--group', 'a=6', '--out', dir).trim()).toBe('error (bad-request): a group is named twice');
    expect(fails('ballot-codes', '--evaluation', 'ev-2026', '--group', 'leaders=5', '--out', dir)).toContain('ev-2026-leaders.keys.json exists');
  });

  it('says which --out folder it cannot make, and why, instead of failing bare or going round for ever', () => {
    const args = ['ballot-codes', '--evaluation', 'ev-x', '--group', 'a=5', '--out'];
    // A folder under one where none can be made: Node's own recursive mkdir loops for ever there.
    expect(fails(...args, '/proc/exam-no-such/cards').trim()).toBe('error (bad-request): --out /proc/exam-no-such/cards (at /proc/exam-no-such): a folder cannot be made there (ENOENT)');
    expect(fails('--lang', 'zh', ...args, '/proc/exam-no-such/cards')).toMatch(/^ {2}--out \/proc\/exam-no-such\/cards（\/proc\/exam-no-such）：无法在此新建文件夹（ENOENT）$/m);
    // A file where a folder should be, above the folder asked for.
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect(fails(...args, join(file, 'cards')).trim()).toBe(`error (bad-request): --out ${join(file, 'cards')} (at ${file}): it is a file, not a folder`);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });
});
