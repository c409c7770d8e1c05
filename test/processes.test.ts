import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, sealPaper, startExamServer } from '@exam/server';
import type { SignedReceipt } from '@exam/shared';
import { benchPaper } from './bench/bench-paper';
import { connectDesk, connectDevice, waitFor, type Device } from './support/clients';
import { KioskDriver } from './support/kiosk-driver';
import { freePort, kill, spawnServer, type ServerProcess } from './support/process';
import { databaseFor, dropDatabaseFor, onPostgres } from './support/store';

/** The pids `exam start --processes N` prints in its banner, in process order. */
const pidsOf = (p: ServerProcess) => /processes\s+\d+ \(pid ([\d, ]+)\)/.exec(p.output())![1]!.split(', ').map(Number);

/** The server processes alive now: the banner's, and those the primary started again since, less the ended. */
function livingPidsOf(p: ServerProcess): number[] {
  const out = p.output();
  const started = [...pidsOf(p), ...[...out.matchAll(/process \d+ \(pid (\d+)\) started again/g)].map((m) => Number(m[1]))];
  const ended = new Set([...out.matchAll(/process \d+ \(pid (\d+)\) ended/g)].map((m) => Number(m[1])));
  return started.filter((pid) => !ended.has(pid));
}

async function untilAllConnected(drivers: KioskDriver[]): Promise<void> {
  const until = Date.now() + 20_000;
  while (!drivers.every((d) => d.device.socket.connected)) {
    if (Date.now() > until) throw new Error('kiosks did not come back');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Several processes of one server on one PostgreSQL database (docs/processes.md): the real CLI
 * (`exam start --processes 3`), real socket.io clients spread over the processes by the cluster's
 * round robin. What one process does, every other knows: a device waiting on one is admitted from
 * a desk on another, the start signal reaches kiosks on every process, and when a process is
 * killed its kiosks carry on from the others with every acknowledged save kept.
 */
describe.runIf(onPostgres)('several processes serve one exam', () => {
  const KIOSKS = 9;
  const dataDir = mkdtempSync(join(tmpdir(), 'exam-processes-'));
  const seat = (i: number) => String(i + 1).padStart(2, '0');
  let proc: ServerProcess;
  let deskCode: string;
  let shareCodes: string[];
  const devices: Device[] = [];
  beforeAll(async () => {
    const setup = await startExamServer({ dataDir, database: await databaseFor(dataDir), httpPort: 0, httpsPort: false, keepTime: false });
    const sealed = await sealPaper(benchPaper().paper, benchPaper().answerKey, { label: 'processes', threshold: 2, count: 3 });
    await createSession(setup.ctx.db, {
      id: 'multi',
      label: 'multi',
      room: 'multi',
      seats: [],
      sealedPaper: sealed.paper.file,
      sealedAnswerKey: sealed.answerKey.file,
      scheduledStart: Date.now(),
      durationMinutes: 1,
      lateEntryMinutes: 60,
      roster: Array.from({ length: KIOSKS }, (_, i) => ({ name: `考生${i + 1}`, idNumber: '11010519491231002X', ticket: `M${seat(i)}`, seat: seat(i) })),
    });
    deskCode = setup.ctx.deskCode;
    shareCodes = sealed.paper.shareCodes;
    await setup.close();
    proc = await spawnServer(dataDir, await freePort(), ['--processes', '3']);
  });
  afterAll(async () => {
    if (process.env.DEBUG_PROCESSES) console.log(proc?.output());
    for (const d of devices) d.close();
    if (proc) await kill(proc, 'SIGTERM');
    await dropDatabaseFor(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The process that keeps the exam clock now, as the primary last printed it. */
  const leaderPid = () => Number([...proc.output().matchAll(/process \d+ \(pid (\d+)\) keeps the exam clock/g)].at(-1)![1]);
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const waitForLiving = async (n: number) => {
    const until = Date.now() + 20_000;
    while (livingPidsOf(proc).length !== n) {
      if (Date.now() > until) throw new Error(`not ${n} processes`);
      await pause(100);
    }
  };

  it('admits, opens, saves and closes across processes, through a process killed at the start signal, one during autosave and the leader before time-up', async () => {
    const pids = pidsOf(proc);
    expect(new Set(pids).size).toBe(3);
    const desk = await connectDesk(proc.url, deskCode);
    devices.push(desk);
    const drivers: KioskDriver[] = [];
    for (let i = 0; i < KIOSKS; i++) {
      const k = await connectDevice(proc.url, 'kiosk');
      devices.push(k);
      // Admitted by its fingerprint alone, as an invigilator does: it may wait on another process than the desk's.
      const admitted = waitFor<{ status: string }>(k.socket, 'device:status', (s) => s.status === 'admitted');
      await desk.req('desk:admit', { role: 'kiosk', fingerprint: k.status.fingerprint, room: 'multi', seat: seat(i) });
      await admitted;
      drivers.push(new KioskDriver(k, `M${seat(i)}`));
    }
    for (const d of drivers) expect((await d.signIn())?.key).toBeNull();
    // Exactly one process keeps the clock.
    const leader = leaderPid();
    expect(pids).toContain(leader);
    expect([...proc.output().matchAll(/keeps the exam clock/g)]).toHaveLength(1);

    // The start signal, with a process that is not the leader killed as it is given. If it was the
    // desk's, the start either committed before (and stands) or did not (the shares went with the
    // process: the keyholders enter them again at the desk, reconnected to another process).
    const open = async () => {
      await desk.req('desk:enter-share', { sessionId: 'multi', target: 'paper', code: shareCodes[0]!, keyholder: 'a' });
      await desk.req('desk:enter-share', { sessionId: 'multi', target: 'paper', code: shareCodes[1]!, keyholder: 'b' });
      return desk.req('desk:start', { sessionId: 'multi', overrideReason: 'several processes' });
    };
    const started = open().catch(() => null);
    const first = pids.find((p) => p !== leader)!;
    process.kill(first, 'SIGKILL');
    if ((await started) === null) {
      await waitFor(desk.socket, 'connect', () => true, 20_000).catch(() => undefined);
      const again = await open().catch((e: { code?: string }) => e);
      // Started after all (the commit came before the kill), or started now.
      if (!('startedAt' in again)) expect((again as { code?: string }).code).toBe('session-state');
    }
    // Every kiosk gets the key — by the broadcast, or when it signs in again after losing its process.
    const until = Date.now() + 20_000;
    while (!(await Promise.all(drivers.map((d) => d.signIn()))).every((r) => r?.key)) {
      if (Date.now() > until) throw new Error('not every kiosk has the key');
      await pause(200);
    }
    const endsAt = drivers.map((d) => d.signIns.at(-1)!.timing.endsAt!);
    expect(new Set(endsAt).size).toBe(1);

    for (const [i, d] of drivers.entries()) {
      await d.save('q91', `before ${i}`);
      await d.save('q92', `before ${i}`);
    }
    expect(drivers.every((d) => d.pending.size === 0 && d.acked.size === 2)).toBe(true);

    // A process is killed while the kiosks type: those it served reconnect to the others and carry on.
    // Three processes again (the primary started the killed one again, with no kiosk yet).
    await waitForLiving(3);
    const lost = drivers.map((d) => new Promise<boolean>((r) => {
      d.device.socket.once('disconnect', () => r(true));
      setTimeout(() => r(false), 3_000);
    }));
    let typing = true;
    const loops = drivers.map((d, i) => d.typeUntil(() => !typing, ['q93', 'q94'], `kiosk ${i}`));
    await pause(300);
    // Kill the third of the first three, which holds kiosks since the start.
    process.kill(pids.find((p) => p !== leader && p !== first)!, 'SIGKILL');
    const disconnected = (await Promise.all(lost)).filter(Boolean).length;
    typing = false;
    await Promise.all(loops);
    // Round robin spreads the kiosks: some were on the killed process, the others were not.
    expect(disconnected).toBeGreaterThan(0);
    expect(disconnected).toBeLessThan(KIOSKS);
    await untilAllConnected(drivers);
    // What the server holds for each kiosk is every save it acknowledged, value for value.
    for (const d of drivers) {
      const r = (await d.signIn())!;
      for (const [q, acked] of d.acked) {
        const stored = r.answers.find((a) => a.questionId === q);
        expect(stored && stored.rev >= acked.rev, `${d.ticket} ${q}`).toBe(true);
        expect(stored!.value).toBe(d.sent.get(stored!.rev));
      }
    }

    // The leader is killed five seconds before time is up: another takes the clock, and every candidate
    // is handed in at their time — once, with the answers they saved — and the clock has not moved.
    const submitted = drivers.map((d) => waitFor<SignedReceipt>(d.device.socket, 'exam:submitted', () => true, 90_000));
    await pause(Math.max(0, endsAt[0]! - 5_000 - Date.now()));
    const oldLeader = leaderPid();
    process.kill(oldLeader, 'SIGKILL');
    const receipts = (await Promise.all(submitted)).map((r) => r.receipt);
    expect(leaderPid()).not.toBe(oldLeader);
    for (const r of receipts) {
      expect(r.submittedAt).toBeGreaterThan(endsAt[0]!);
      expect(r.submittedAt).toBeLessThan(endsAt[0]! + 2_000 + 4_000);
      expect(r.answerCount).toBe(4);
    }
    for (const d of drivers) {
      const r = (await d.signIn())!;
      expect(r.timing.endsAt).toBe(endsAt[0]);
      expect(r.receipt).not.toBeNull();
    }
    // No process ended but the three killed: none crashed on a peer gone silent.
    expect([...proc.output().matchAll(/process \d+ \(pid \d+\) ended \(([^)]*)\)/g)].map((m) => m[1])).toEqual(['SIGKILL', 'SIGKILL', 'SIGKILL']);
  }, 150_000);
});
