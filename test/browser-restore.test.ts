import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { loadServerKey } from '@exam/server';
import { verifyBundle, type Bundle } from '@exam/shared';
import { rebuildAndResign } from './support/tampering';
import { connectDesk, type Device } from './support/clients';
import { kioskPageAtSeat, launchChromium } from './support/browser';
import { demoPrinted, execExam, freePort, kill, type ServerProcess, spawnServer } from './support/process';
import { onPostgres, openTestStore } from './support/store';

const cli = (...args: string[]) => execExam(['--lang', 'en', ...args], { stdio: 'pipe' });

/**
 * The server dies mid-exam and its data folder with it. The operator restores the last encrypted
 * backup from the stick into a new data folder and starts the server from it. The backup is older
 * than the candidate's last acknowledged answers; the kiosk page (real Chromium, its IndexedDB
 * journal) sends them again by itself, the candidate hands in, and the bundle verifies, naming
 * the restore.
 */
// Backups to a folder are of the SQLite file; a PostgreSQL database is backed up by PostgreSQL (docs/postgresql.md).
describe.skipIf(onPostgres)('in Chromium: a server lost mid-exam, restored from its backup', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exam-restore-'));
  const first = join(dir, 'data-lost');
  const second = join(dir, 'data-restored');
  const stick = join(dir, 'stick');
  let proc: ServerProcess | undefined;
  let browser: Browser | undefined;
  let desk: Device | undefined;
  afterAll(async () => {
    desk?.close();
    await browser?.close();
    if (proc) await kill(proc);
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no acknowledged answer, finishes the exam, and the bundle verifies with the restore reported', async () => {
    const port = await freePort();
    proc = await spawnServer(first, port, ['--demo', '--backup-to', stick, '--backup-every', '60']);
    const { deskCode, shares } = demoPrinted(proc);
    const keyCode = /Backup key[^\n]*\n\s+(\S+)/.exec(proc.output())![1]!;
    expect(keyCode).toMatch(/^([0-9A-Z]{5}-){10}[0-9A-Z]{5}$/);
    desk = await connectDesk(proc.url, deskCode);
    browser = await launchChromium();
    const page = await kioskPageAtSeat(browser, proc.url, desk, '01', '2026001');
    for (const code of shares.slice(0, 2)) await desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code, keyholder: 'k' });
    await desk.req('desk:start', { sessionId: 'demo', overrideReason: 'restore test' });
    // The opening is the end of a phase: a backup is written then, holding the start and nothing typed.
    const backups = () => readdirSync(stick).filter((f) => f.endsWith('.bak')).sort();
    await expect.poll(() => backups().length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const last = backups().at(-1)!;

    const box = page.locator('article[data-question=q7] textarea');
    await box.waitFor();
    await page.locator('article[data-question=q1] label', { hasText: '严格保密' }).click();
    await box.click();
    await page.keyboard.type('公开、平等、竞争、择优。', { delay: 15 });
    await expect.poll(() => page.getByTestId('save-state').textContent()).toContain('已保存');
    const typed = await box.inputValue();

    // The server dies and its data folder is lost; the backup on the stick is all there is.
    await kill(proc, 'SIGKILL');
    proc = undefined;
    desk.close();
    desk = undefined;
    rmSync(first, { recursive: true, force: true });
    expect(backups().at(-1)).toBe(last);
    const wrong = keyCode.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(() => cli('restore', '--from', join(stick, last), '--data', second, '--key', wrong)).toThrow(/check does not match/);
    const said = cli('restore', '--from', join(stick, last), '--data', second, '--key', keyCode, '--note', 'the server machine failed at 09:40');
    expect(said).toContain('The restore is logged');
    const before = await openTestStore(second);
    expect((await before.db.selectFrom('answers').select('question_id').where('ticket', '=', '2026001').execute()).length).toBe(0);
    await before.close();

    proc = await spawnServer(second, port);
    // No reload: the page reconnects, finds the server without its answers, and sends them again.
    const database = async () => {
      const d = await openTestStore(second);
      try {
        return Object.fromEntries((await d.db.selectFrom('answers').select(['question_id', 'value_json']).where('ticket', '=', '2026001').execute()).map((r) => [r.question_id, JSON.parse(r.value_json) as unknown]));
      } finally {
        await d.close();
      }
    };
    await expect.poll(async () => Object.keys(await database()).sort(), { timeout: 30_000 }).toEqual(['q1', 'q7']);
    expect((await database()).q7).toBe(typed);

    await page.locator('nav.qnav button.submit').click();
    await page.locator('.dialog button.submit').click();
    await page.getByTestId('receipt').waitFor();
    expect(await page.getByTestId('receipt').textContent()).toContain('作答题数: 2');
    desk = await connectDesk(proc.url, deskCode);
    await desk.req('desk:close', { sessionId: 'demo' });
    desk.close();
    desk = undefined;
    await kill(proc, 'SIGTERM');
    proc = undefined;

    const bundle = join(dir, 'bundle.json');
    cli('export-bundle', '--data', second, '--out', bundle);
    const report = cli('verify', bundle);
    expect(report).toMatch(/restored from the backup exam-backup-\S+ at entry \d+/);
    expect(report).toContain('the server machine failed at 09:40');

    // Held against what the supervisors kept: a checkpoint up to the backup is in the restored log;
    // one the lost server made after the backup is reported as lost in the restore, not as a
    // rewrite; one before the backup that does not match is still a rewrite.
    const b = JSON.parse(readFileSync(bundle, 'utf8')) as Bundle;
    const restore = b.body.log.find((e) => e.type === 'server.restored')!;
    const upTo = Number(restore.payload['seq']);
    expect(restore.seq).toBe(upTo + 1);
    const kept = (seq: number, hash: string) => verifyBundle(b, { kept: { checkpoints: [{ seq, hash }] } });
    const inBackup = await kept(upTo, b.body.log[upTo - 1]!.hash);
    expect(inBackup.ok).toBe(true);
    const lost = await kept(upTo + 2, 'ab'.repeat(32));
    expect(lost.ok).toBe(true);
    expect(lost.restored).toEqual([expect.stringContaining(`at entry ${restore.seq}`), expect.stringContaining(`was lost in the restore at entry ${restore.seq}`)]);
    const rewritten = await kept(upTo - 1, 'ab'.repeat(32));
    expect(rewritten.steps.find((x) => x.id === '3-audit-log')!.problems).toEqual([expect.stringContaining(`the checkpoint kept for entry ${upTo - 1}`)]);
    expect(rewritten.ok).toBe(false);
    // A restore entry must follow the entry its backup ended with, even when the attacker re-signs everything.
    const key = loadServerKey(second);
    const moved = JSON.parse(JSON.stringify(b)) as Bundle;
    const r = moved.body.log.find((e) => e.type === 'server.restored')!;
    r.payload = { ...r.payload, seq: upTo - 1, head: moved.body.log[upTo - 2]!.hash };
    rebuildAndResign(moved, { signObject: (type, object) => key.signObject(type, object) });
    const movedReport = await verifyBundle(moved);
    expect(movedReport.steps.filter((x) => !x.ok).map((x) => [x.id, x.problems])).toEqual([['3-audit-log', [expect.stringContaining('but it does not follow that entry')]]]);
  }, 240_000);
});
