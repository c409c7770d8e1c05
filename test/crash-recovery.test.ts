import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '@exam/server';
import { connectDesk, connectDevice, type Device, seeded } from './support/clients';
import { KioskDriver } from './support/kiosk-driver';
import { demoPrinted, freePort, kill, spawnServer, type ServerProcess } from './support/process';
import { openTestStore } from './support/store';

describe('SIGKILL the server mid-exam, twenty times at random moments, and start it again', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'exam-kill-'));
  let proc: ServerProcess | undefined;
  const devices: Device[] = [];
  afterAll(async () => {
    for (const d of devices) d.close();
    if (proc) await kill(proc);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged answer, value for value; kiosks reconnect by themselves; the clock is unchanged', async () => {
    const port = await freePort();
    proc = await spawnServer(dataDir, port, ['--demo']);
    const { deskCode, shares } = demoPrinted(proc);
    const desk = await connectDesk(proc.url, deskCode);
    devices.push(desk);
    const drivers: KioskDriver[] = [];
    for (const [seat, ticket] of [['01', '2026001'], ['02', '2026002'], ['03', '2026003']]) {
      const k = await connectDevice(proc.url, 'kiosk');
      devices.push(k);
      await desk.req('desk:admit', { deviceId: k.status.deviceId, role: 'kiosk', fingerprint: k.status.fingerprint, room: 'demo', seat: seat! });
      const d = new KioskDriver(k, ticket!);
      await d.signIn();
      drivers.push(d);
    }
    await desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code: shares[0]!, keyholder: 'a' });
    await desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code: shares[1]!, keyholder: 'b' });
    const { startedAt } = await desk.req('desk:start', { sessionId: 'demo', overrideReason: 'crash test' });
    const before = (await drivers[0]!.signIn())!.timing;
    const random = seeded(20261130);
    const ROUNDS = 20;
    let checked = 0;

    for (let round = 0; round < ROUNDS; round++) {
      // Every kiosk types continuously; the server is killed at a random moment of it.
      let typing = true;
      const loops = drivers.map((d, i) => d.typeUntil(() => !typing, ['q6', 'q7'], `round ${round} kiosk ${i}`));
      await new Promise((r) => setTimeout(r, 150 + Math.floor(random() * 1200)));
      await kill(proc, 'SIGKILL');
      typing = false;
      await Promise.all(loops);
      const ackedBefore = drivers.map((d) => new Map(d.acked));
      const signInsBefore = drivers.map((d) => d.signIns.length);
      expect(ackedBefore.every((m) => m.size === 2), `round ${round}: every kiosk had saves acknowledged`).toBe(true);

      proc = await spawnServer(dataDir, port);
      // The kiosks come back by themselves and sign in again (count sign-ins rather than wait for an event).
      await expect.poll(() => drivers.every((d, i) => d.signIns.length > signInsBefore[i]!), { timeout: 20_000 }).toBe(true);

      for (const [i, d] of drivers.entries()) {
        const r = d.signIns[d.signIns.length - 1]!;
        expect(r.key, 'the paper stays open without the keyholders').not.toBeNull();
        expect(r.timing.startedAt).toBe(startedAt);
        expect(r.timing.endsAt).toBe(before.endsAt);
        for (const [q, acked] of ackedBefore[i]!) {
          const stored = r.answers.find((a) => a.questionId === q)!;
          // What is stored is the acknowledged save or a later one this kiosk sent — the very value sent with that revision.
          expect(stored.rev, `round ${round} kiosk ${i} ${q}`).toBeGreaterThanOrEqual(acked.rev);
          expect(stored.value, `round ${round} kiosk ${i} ${q} rev ${stored.rev}`).toBe(d.sent.get(stored.rev));
          checked++;
        }
      }
    }
    expect(checked).toBe(ROUNDS * drivers.length * 2);
    for (const d of drivers) {
      await d.save('q6', 'after the last restart');
      expect(d.acked.get('q6')!.value).toBe('after the last restart');
    }
    await kill(proc, 'SIGTERM');
    proc = undefined;
    const database = await openTestStore(dataDir);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
    // Every connection that writes commits with synchronous=FULL (2) or stronger.
    for (const w of await database.writers()) expect(w.synchronous, w.connection).toBeGreaterThanOrEqual(2);
    const stored = await database.db.selectFrom('answers').select(['ticket', 'question_id', 'value_json']).where('question_id', '=', 'q6').orderBy('ticket').execute();
    expect(stored.map((x) => JSON.parse(x.value_json))).toEqual(['after the last restart', 'after the last restart', 'after the last restart']);
    await database.close();
  }, 400_000);
});
