// `npm run soak -- [--kills 1000] [--kiosks 200] [--database postgres://…] [--minutes 150] [--seed N]`
//
// The crash test of test/crash-recovery.test.ts at scale: the real server (`exam start`, its own
// process) on a fresh data folder — SQLite, or the PostgreSQL database given (which must be empty) —
// with one session of `--kiosks` candidates, the paper opened; that many kiosks (real socket.io
// clients, each admitted at its seat) sign in and type without pause; the server is SIGKILLed at a
// random moment and started again, `--kills` times. After every restart each kiosk signs in again
// and every save it had acknowledged is checked against what the server holds: the same revision or
// a later one it sent, value for value. Progress to stderr; one JSON line to stdout at the end; exit
// code 1 if any acknowledged save was lost or any check failed, or the time ran out first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPostgresUrl, startExamServer } from '@exam/server';
import { benchSession } from '../support/bench-session';
import { connectDesk, connectDevice, seeded, type Device } from '../support/clients';
import { KioskDriver } from '../support/kiosk-driver';
import { freePort, kill, spawnServer, type ServerProcess } from '../support/process';
import { argOf } from '../support/cli-args';

const arg = (name: string, fallback: string) => argOf(process.argv.slice(2), name, fallback);
const KILLS = Number(arg('kills', '1000'));
const KIOSKS = Number(arg('kiosks', '200'));
const MINUTES = Number(arg('minutes', '150'));
const SEED = Number(arg('seed', '20261201'));
const DATABASE = arg('database', '');
if (![KILLS, KIOSKS, MINUTES, SEED].every((n) => Number.isSafeInteger(n) && n > 0) || (DATABASE && !isPostgresUrl(DATABASE))) {
  console.error('usage: npm run soak -- [--kills 1000] [--kiosks 200] [--database postgres://…] [--minutes 150] [--seed N]');
  process.exit(2);
}
const deadline = Date.now() + MINUTES * 60_000;
const started = performance.now();
const dataDir = mkdtempSync(join(tmpdir(), 'exam-soak-'));
const dbArgs = DATABASE ? ['--database', DATABASE] : [];
const seat = (i: number) => String(i + 1).padStart(4, '0');
const log = (m: string) => process.stderr.write(`[soak ${((performance.now() - started) / 1000).toFixed(0)} s] ${m}\n`);

// The session, made once with the server stopped: KIOSKS candidates, the 100-question paper sealed 2-of-3.
const setup = await startExamServer({ dataDir, database: DATABASE || undefined, httpPort: 0, httpsPort: false, keepTime: false });
const { paperShares } = await benchSession(setup.ctx.db, { id: 'soak', kiosks: KIOSKS, seat, prefix: 'S', durationMinutes: MINUTES + 60, lateEntryMinutes: MINUTES + 60 });
const deskCode = setup.ctx.deskCode;
await setup.close();

const port = await freePort();
let proc: ServerProcess | undefined;
const devices: Device[] = [];
const random = seeded(SEED);
const result = { kills: 0, kiosks: KIOSKS, acked_saves: 0, acked_checked: 0, acked_lost: 0, value_mismatches: 0, clock_changed: 0, paper_closed: 0, restart_ms: [] as number[] };
let failure: string | null = null;

try {
  proc = await spawnServer(dataDir, port, dbArgs);
  const desk = await connectDesk(proc.url, deskCode);
  devices.push(desk);
  const drivers: KioskDriver[] = [];
  for (let i = 0; i < KIOSKS; i++) {
    const k = await connectDevice(proc.url, 'kiosk');
    devices.push(k);
    await desk.req('desk:admit', { deviceId: k.status.deviceId, role: 'kiosk', fingerprint: k.status.fingerprint, room: 'soak', seat: seat(i) });
    const d = new KioskDriver(k, `S${seat(i)}`);
    drivers.push(d);
  }
  await Promise.all(drivers.map((d) => d.signIn()));
  await desk.req('desk:enter-share', { sessionId: 'soak', target: 'paper', code: paperShares[0]!, keyholder: 'a' });
  await desk.req('desk:enter-share', { sessionId: 'soak', target: 'paper', code: paperShares[1]!, keyholder: 'b' });
  const { startedAt } = await desk.req('desk:start', { sessionId: 'soak', overrideReason: 'soak' });
  const endsAt = (await drivers[0]!.signIn())!.timing.endsAt;
  log(`${KIOSKS} kiosks signed in, the paper open; ${KILLS} kills to go`);

  for (let round = 0; round < KILLS; round++) {
    if (Date.now() > deadline) throw new Error(`out of time after ${round} kills`);
    // Every kiosk types without pause; the server is killed at a random moment of it.
    let typing = true;
    const loops = drivers.map((d, i) => d.typeUntil(() => !typing, ['q91', 'q99'], `round ${round} kiosk ${i}`));
    await new Promise((r) => setTimeout(r, 100 + Math.floor(random() * 900)));
    await kill(proc, 'SIGKILL');
    result.kills++;
    typing = false;
    await Promise.all(loops);
    const ackedBefore = drivers.map((d) => new Map(d.acked));
    const signInsBefore = drivers.map((d) => d.signIns.length);

    const t0 = performance.now();
    proc = await spawnServer(dataDir, port, dbArgs);
    // The kiosks come back by themselves and sign in again.
    const until = Date.now() + 60_000;
    while (!drivers.every((d, i) => d.signIns.length > signInsBefore[i]!)) {
      if (Date.now() > until) throw new Error(`round ${round}: not every kiosk signed in again within a minute`);
      await new Promise((r) => setTimeout(r, 50));
    }
    result.restart_ms.push(performance.now() - t0);

    for (const [i, d] of drivers.entries()) {
      const r = d.signIns[d.signIns.length - 1]!;
      if (r.key === null) result.paper_closed++;
      if (r.timing.startedAt !== startedAt || r.timing.endsAt !== endsAt) result.clock_changed++;
      for (const [q, acked] of ackedBefore[i]!) {
        const stored = r.answers.find((a) => a.questionId === q);
        result.acked_checked++;
        // What is stored is the acknowledged save or a later one this kiosk sent — the very value sent with that revision.
        if (!stored || stored.rev < acked.rev) result.acked_lost++;
        else if (stored.value !== d.sent.get(stored.rev)) result.value_mismatches++;
      }
      // Keep the driver's memory bounded: the last sign-in, and the values of revisions still to be checked.
      const oldest = Math.min(...[...d.acked.values()].map((a) => a.rev));
      d.signIns.splice(0, d.signIns.length - 1);
      for (const rev of d.sent.keys()) if (rev < oldest) d.sent.delete(rev);
    }
    if ((round + 1) % 10 === 0) log(`${round + 1} kills, ${result.acked_checked} acknowledged saves checked, ${result.acked_lost} lost`);
  }
  result.acked_saves = drivers.reduce((n, d) => n + d.rev, 0);
} catch (err) {
  failure = (err as Error).message;
} finally {
  for (const d of devices) d.close();
  if (proc) await kill(proc, 'SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
const sorted = [...result.restart_ms].sort((a, b) => a - b);
const failed = failure !== null || result.acked_lost > 0 || result.value_mismatches > 0 || result.clock_changed > 0 || result.paper_closed > 0 || result.kills < KILLS;
process.stdout.write(
  `${JSON.stringify({
    store: DATABASE ? 'postgres' : 'sqlite',
    kills: result.kills,
    kiosks: KIOSKS,
    saves_sent: result.acked_saves,
    acked_checked: result.acked_checked,
    acked_lost: result.acked_lost,
    value_mismatches: result.value_mismatches,
    clock_changed: result.clock_changed,
    paper_closed: result.paper_closed,
    restart_to_all_signed_in_median_ms: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
    elapsed_s: Math.round((performance.now() - started) / 1000),
    seed: SEED,
    ...(failure ? { failure } : {}),
  })}\n`,
);
process.exit(failed ? 1 : 0);
