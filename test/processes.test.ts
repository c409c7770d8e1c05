import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import pg from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeGroupCards, startExamServer } from '@exam/server';
import { softSigner, type DeskDevices, type SignedReceipt } from '@exam/shared';
import { benchSession } from './support/bench-session';
import { codeOf, connectDesk, connectDevice, waitFor, type Device } from './support/clients';
import { openEvaluation, signedBallot } from './support/ballots';
import { KioskDriver } from './support/kiosk-driver';
import { freePort, kill, spawnServer, type ServerProcess } from './support/process';
import { databaseFor, dropDatabaseFor, onPostgres } from './support/store';
import { hasRedis, startRedis } from './support/redis';
import { servedBy, untilOnWebSocket } from './support/served-by';

/** The pids `exam start --processes N` prints in its banner, in process order. */
const pidsOf = (p: ServerProcess) => /processes\s+\d+ \(pid ([\d, ]+)\)/.exec(p.output())![1]!.split(', ').map(Number);

/** The server processes alive now: the banner's, and those the primary started again since, less the ended. */
function livingPidsOf(p: ServerProcess): number[] {
  const out = p.output();
  const started = [...pidsOf(p), ...[...out.matchAll(/process \d+ \(pid (\d+)\) started again/g)].map((m) => Number(m[1]))];
  const ended = new Set([...out.matchAll(/process \d+ \(pid (\d+)\) ended/g)].map((m) => Number(m[1])));
  return started.filter((pid) => !ended.has(pid));
}

/**
 * Kills the processes `pids`, one at a time, until at least one of `devices` loses its connection
 * (one of them served it); waits up to 2 s after each kill to see, and calls `between` before the
 * next. Returns how many of `devices` lost theirs (0 if no kill reached them).
 */
async function killUntilOneDrops(devices: Device[], pids: number[], kill: (pid: number) => void, between: () => Promise<void>): Promise<number> {
  for (const pid of pids) {
    const lost = devices.map(
      (d) =>
        new Promise<boolean>((r) => {
          d.socket.once('disconnect', () => r(true));
          setTimeout(() => r(false), 2_000);
        }),
    );
    kill(pid);
    const dropped = (await Promise.all(lost)).filter(Boolean).length;
    if (dropped > 0) return dropped;
    await between();
  }
  return 0;
}

/**
 * `count` kiosks connected to the processes (the round robin spreads them), each admitted by its
 * fingerprint alone, as an invigilator does — it may wait on another process than the desk's — to
 * seat `seat(i)` of `room`, and driven as the candidate with ticket `prefix + seat(i)`.
 */
async function admittedKiosks(url: string, desk: Device, o: { count: number; room: string; seat: (i: number) => string; prefix: string }, devices: Device[]): Promise<KioskDriver[]> {
  const drivers: KioskDriver[] = [];
  for (let i = 0; i < o.count; i++) {
    const k = await connectDevice(url, 'kiosk');
    devices.push(k);
    const admitted = waitFor<{ status: string }>(k.socket, 'device:status', (s) => s.status === 'admitted');
    await desk.req('desk:admit', { role: 'kiosk', fingerprint: k.status.fingerprint, room: o.room, seat: o.seat(i) });
    await admitted;
    drivers.push(new KioskDriver(k, `${o.prefix}${o.seat(i)}`));
  }
  return drivers;
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
    shareCodes = (await benchSession(setup.ctx.db, { id: 'multi', kiosks: KIOSKS, seat, prefix: 'M', durationMinutes: 1, lateEntryMinutes: 60 })).paperShares;
    deskCode = setup.ctx.deskCode;
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
  let kills = 0;
  const killed = (pid: number) => {
    process.kill(pid, 'SIGKILL');
    kills++;
  };
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
    const drivers = await admittedKiosks(proc.url, desk, { count: KIOSKS, room: 'multi', seat, prefix: 'M' }, devices);
    for (const d of drivers) expect((await d.signIn())?.key).toBeNull();
    // Exactly one process keeps the clock.
    const leader = leaderPid();
    expect(pids).toContain(leader);
    expect([...proc.output().matchAll(/keeps the exam clock/g)]).toHaveLength(1);

    // A keyholder's share is entered; then the desk's process is killed (processes are killed in turn
    // until the desk's connection drops): the share is held by the primary, not by the process that
    // took it, so the second keyholder's share, entered through another process, adds up.
    const share = (i: 0 | 1) => desk.req('desk:enter-share', { sessionId: 'multi', target: 'paper', code: shareCodes[i]!, keyholder: 'ab'[i]! });
    expect((await share(0)).entered).toEqual([1]);
    const deskDown = await killUntilOneDrops([desk], [...pids.filter((p) => p !== leader), leader], killed, () => waitForLiving(3));
    expect(deskDown).toBe(1);
    await untilOnWebSocket([desk.socket]);
    expect((await share(1)).entered).toEqual([1, 2]);

    // The start signal, with a process that is not the leader killed as it is given. If it was the
    // desk's, the start either committed before (and stands) or not: the desk, reconnected to another
    // process, gives it again (the shares are still in the primary).
    const start = () => desk.req('desk:start', { sessionId: 'multi', overrideReason: 'several processes' });
    const started = start().catch(() => null);
    killed(livingPidsOf(proc).find((p) => p !== leaderPid())!);
    if ((await started) === null) {
      await untilOnWebSocket([desk.socket]);
      const again = await start().catch((e: { code?: string }) => e);
      if (!('startedAt' in again)) expect((again as { code?: string }).code).toBe('session-state');
    }
    // Every kiosk gets the key — by the broadcast, or when it signs in again after losing its process.
    const until = Date.now() + 20_000;
    for (;;) {
      const signIns = await Promise.all(drivers.map((d) => d.signIn()));
      if (signIns.every((r) => r?.key)) break;
      if (Date.now() > until) {
        // Which kiosks, and why: not connected (and whether socket.io still tries), or connected and told no key.
        const lacking = drivers.flatMap((d, i) => (signIns[i]?.key ? [] : [`kiosk ${i}: ${signIns[i] ? 'signed in, no key' : d.device.socket.connected ? `connected, sign-in refused (${d.lastRefusal})` : `not connected${d.device.socket.active ? ' (reconnecting)' : ' (gave up)'}`}`]));
        throw new Error(`not every kiosk has the key: ${lacking.join('; ')}\n${proc.output().split('\n').slice(-40).join('\n')}`);
      }
      await pause(200);
    }
    const endsAt = drivers.map((d) => d.signIns.at(-1)!.timing.endsAt!);
    expect(new Set(endsAt).size).toBe(1);

    for (const [i, d] of drivers.entries()) {
      await d.save('q91', `before ${i}`);
      await d.save('q92', `before ${i}`);
    }
    expect(drivers.every((d) => d.pending.size === 0 && d.acked.size === 2)).toBe(true);
    // The desk's seat map, whichever process serves the desk: every kiosk online and answering, its
    // two answers counted, its last save known — wherever the kiosk is connected.
    // (A process started again a moment ago is counted by the others once its first heartbeat is in: a few seconds.)
    const expected = drivers.map((_, i) => [seat(i), 'answering', true, 2, true]);
    const seatsNow = async () => (await desk.req('desk:session', { sessionId: 'multi' })).seats.map((s) => [s.seat, s.state, s.kioskOnline, s.answered, s.lastSaveAt !== null]);
    let seen = await seatsNow();
    for (let tries = 0; tries < 20 && JSON.stringify(seen) !== JSON.stringify(expected); tries++) {
      if (process.env.DEBUG_PROCESSES) console.log(tries, JSON.stringify(seen.filter((s) => !s[2])));
      await pause(500);
      seen = await seatsNow();
    }
    expect(seen).toEqual(expected);
    // And what the desk is sent as it changes: the seat of a kiosk that saves again, from whichever process took the save.
    const pushed = waitFor<{ sessionId: string; seats: Array<{ seat: string; answered: number }> }>(desk.socket, 'desk:seats', (m) => m.seats.some((s) => s.seat === seat(KIOSKS - 1) && s.answered === 3), 10_000);
    await drivers[KIOSKS - 1]!.save('q95', 'one more');
    await pushed;

    // Processes are killed while the kiosks type — non-leaders first, one at a time, until one that
    // served kiosks is gone: those kiosks reconnect to the others and carry on.
    await waitForLiving(3);
    let typing = true;
    const loops = drivers.map((d, i) => d.typeUntil(() => !typing, ['q93', 'q94'], `kiosk ${i}`));
    await pause(300);
    const disconnected = await killUntilOneDrops(
      drivers.map((d) => d.device),
      [...livingPidsOf(proc).filter((p) => p !== leaderPid()), leaderPid()],
      killed,
      () => waitForLiving(3),
    );
    typing = false;
    await Promise.all(loops);
    // The process killed held kiosks (after the kills above, where they went is the round robin's and the reconnections' doing).
    expect(disconnected).toBeGreaterThan(0);
    await untilOnWebSocket(drivers.map((d) => d.device.socket));
    // What the server holds for each kiosk is every save it acknowledged, value for value. The
    // acknowledgements are taken before the answers are read: a save sent again after the
    // reconnection may be acknowledged while the sign-in reads, committed after what it read.
    for (const d of drivers) {
      const ackedBefore = new Map(d.acked);
      const r = (await d.signIn())!;
      for (const [q, acked] of ackedBefore) {
        const stored = r.answers.find((a) => a.questionId === q);
        expect(stored && stored.rev >= acked.rev, `${d.ticket} ${q}`).toBe(true);
        expect(stored!.value).toBe(d.sent.get(stored!.rev));
      }
    }

    // After the failover an announcement reaches every kiosk and extra time its kiosk, whichever process
    // each is on: the kiosks checked include some on other processes than the desk's (read from the
    // operating system, not left to the round robin), and the one given a minute more is one of them.
    // Its minute more outlasts the test.
    await untilOnWebSocket([desk.socket, ...drivers.map((d) => d.device.socket)]);
    const living = livingPidsOf(proc);
    const deskOn = servedBy(desk.socket, living);
    const elsewhere = drivers.filter((d) => servedBy(d.device.socket, living) !== deskOn);
    expect(deskOn).not.toBeNull();
    expect(elsewhere.length).toBeGreaterThan(0);
    const notice = '请考生注意：距考试结束还有五分钟。';
    const heard = drivers.map((d) => waitFor<{ text: string }>(d.device.socket, 'exam:announcement', (m) => m.text === notice, 10_000));
    await desk.req('desk:announce', { sessionId: 'multi', text: notice });
    await Promise.all(heard);
    const extended = elsewhere[0]!;
    const onTime = drivers.filter((d) => d !== extended);
    const longer = waitFor<{ endsAt: number | null }>(extended!.device.socket, 'exam:timing', (m) => m.endsAt === endsAt[0]! + 60_000, 10_000);
    await desk.req('desk:extra-time', { sessionId: 'multi', ticket: extended!.ticket, minutes: 1, reason: '设备故障补时' });
    await longer;

    // The leader is killed five seconds before time is up: another takes the clock, and every candidate
    // is handed in at their time — once, with the answers they saved — and the clock has not moved.
    const submitted = onTime.map((d) => waitFor<SignedReceipt>(d.device.socket, 'exam:submitted', () => true, 90_000));
    await pause(Math.max(0, endsAt[0]! - 5_000 - Date.now()));
    const oldLeader = leaderPid();
    killed(oldLeader);
    const receipts = (await Promise.all(submitted)).map((r) => r.receipt);
    expect(leaderPid()).not.toBe(oldLeader);
    for (const r of receipts) {
      expect(r.submittedAt).toBeGreaterThan(endsAt[0]!);
      // Within the grace and a few seconds for the takeover and the hand-ins, on a loaded machine.
      expect(r.submittedAt).toBeLessThan(endsAt[0]! + 2_000 + 8_000);
    }
    expect(receipts.map((r) => r.answerCount)).toEqual(onTime.map((d) => (d === drivers[KIOSKS - 1] ? 5 : 4)));
    for (const d of onTime) {
      const r = (await d.signIn())!;
      expect(r.timing.endsAt).toBe(endsAt[0]);
      expect(r.receipt).not.toBeNull();
    }
    // The candidate with a minute more is still answering, to the end the new leader keeps.
    const still = (await extended!.signIn())!;
    expect([still.timing.endsAt, still.receipt]).toEqual([endsAt[0]! + 60_000, null]);
    // The invigilator closes the session; a kiosk then goes away. Its seat still changes on the desk's
    // map: the clock's keeper goes on building a session for a minute after its close (a connection
    // lost on another process is in no feed of changes). The desk first asks for the session's seats,
    // as the desk page does whenever it is connected again (its process may have been one of those
    // killed above): from then on it is sent what changes — the close, then the kiosk gone.
    await desk.req('desk:session', { sessionId: 'multi' });
    const seatOf = (d: KioskDriver) => seat(drivers.indexOf(d));
    type Pushed = { sessionId: string; seats: Array<{ seat: string; kioskOnline: boolean; state: string }> };
    const closedSeen = waitFor<Pushed>(desk.socket, 'desk:seats', (m) => m.seats.some((s) => s.seat === seatOf(extended) && s.state === 'submitted'), 10_000);
    expect((await desk.req('desk:close', { sessionId: 'multi', reason: '监考员提前结束' })).autoSubmitted).toBe(1);
    await closedSeen;
    // (A kiosk on another process than the clock's keeper: the keeper rebuilds what its own connections touch.)
    // The kills above may have left every on-time kiosk on the keeper's process (the round robin and
    // the reconnections decide): then one connects again until another process takes it.
    const notOnKeeper = () => onTime.find((d) => servedBy(d.device.socket, livingPidsOf(proc)) !== leaderPid());
    await untilOnWebSocket(onTime.map((d) => d.device.socket));
    for (let tries = 0; !notOnKeeper() && tries < 20; tries++) {
      onTime[0]!.device.socket.disconnect().connect();
      await untilOnWebSocket([onTime[0]!.device.socket]);
    }
    const leaving = notOnKeeper()!;
    const gone = waitFor<Pushed>(desk.socket, 'desk:seats', (m) => m.seats.some((s) => s.seat === seatOf(leaving) && !s.kioskOnline), 10_000);
    leaving.device.close();
    expect((await gone).seats.find((s) => s.seat === seatOf(leaving))!.state).toBe('submitted');
    // No process ended but the three killed: none crashed on a peer gone silent.
    const ended = [...proc.output().matchAll(/process \d+ \(pid \d+\) ended \(([^)]*)\)/g)].map((m) => m[1]);
    expect(ended).toEqual(Array.from({ length: kills }, () => 'SIGKILL'));
  }, 150_000);
});

/**
 * An evaluation on several processes: booths spread over the processes cast, the organiser closes on
 * one of them, and the close holds everywhere at once — every acknowledged ballot is on the board, a
 * booth on another process is refused from then on (never told `received`), and nothing of the box
 * is left in the database or the data folder.
 */
describe.runIf(onPostgres)('several processes keep one ballot box', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'exam-processes-ev-'));
  let proc: ServerProcess;
  const devices: Device[] = [];
  beforeAll(async () => {
    const setup = await startExamServer({ dataDir, database: await databaseFor(dataDir), httpPort: 0, httpsPort: false, keepTime: false });
    await setup.close();
    proc = await spawnServer(dataDir, await freePort(), ['--processes', '3']);
  });
  afterAll(async () => {
    for (const d of devices) d.close();
    if (proc) await kill(proc, 'SIGTERM');
    await dropDatabaseFor(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('closes on one process while booths on every process cast: each acknowledged ballot is on the board, and none is taken after', async () => {
    const deskCode = /desk access code (\S+)/.exec(proc.output())![1]!;
    const desk = await connectDesk(proc.url, deskCode);
    devices.push(desk);
    const cards = makeGroupCards('ev-multi', 'all', 40);
    const refs = ['20260001', '20260002'];
    const { org, booths } = await openEvaluation({ url: proc.url, desk, id: 'ev-multi', refs, groups: [{ cards, name: '全体干部职工', weight: 100, entitled: 40 }], booths: 6 });
    devices.push(org, ...booths);
    const cast = (i: number) => booths[i % booths.length]!.req('booth:cast', signedBallot({ code: cards.codes[i]!, evaluationId: 'ev-multi', group: 'all', candidates: refs, overall: ['excellent', 'competent'], dimensions: true }));
    // Twenty cards vote, from six booths the round robin put on every process.
    for (let i = 0; i < 20; i++) expect(await cast(i)).toEqual({ received: true });
    const closed = await org.req('organiser:close-evaluation', { evaluationId: 'ev-multi', handedOut: { all: 20 }, missing: {}, unused: cards.codes.slice(20) });
    expect(closed.state).toBe('closed');
    // After the close, not one booth — whichever process serves it — takes a ballot.
    for (let i = 20; i < 26; i++) expect(await codeOf(cast(i))).toBe('session-state');
    const admin = new pg.Client({ connectionString: (await databaseFor(dataDir))! });
    await admin.connect();
    try {
      const rows = await admin.query<{ n: string }>(`select count(*) as n from evaluation_board where evaluation_id = 'ev-multi'`);
      expect(Number(rows.rows[0]!.n)).toBe(20);
      expect((await admin.query(`select 1 from ballot_box where evaluation_id = 'ev-multi'`)).rowCount).toBe(0);
    } finally {
      await admin.end();
    }
    expect(existsSync(join(dataDir, 'ballot-keys')) ? readdirSync(join(dataDir, 'ballot-keys')) : []).toEqual([]);
  });

  it('shows the desk every process’s devices: how many wait, and which are connected, wherever they are', async () => {
    const desk = await connectDesk(proc.url, /desk access code (\S+)/.exec(proc.output())![1]!);
    devices.push(desk);
    // Six tablets wait for admission; the round robin spreads them over the three processes.
    const tablets: Device[] = [];
    for (let i = 0; i < 6; i++) tablets.push(await connectDevice(proc.url, 'tablet'));
    devices.push(...tablets);
    expect((await desk.req('desk:overview', {})).pending.tablet).toBe(6);
    const listed = (m: DeskDevices, d: Device) => m.devices.find((r) => r.id === d.status.deviceId);
    const allOnline = waitFor<DeskDevices>(desk.socket, 'desk:devices', (m) => tablets.every((d) => listed(m, d)?.online === true), 10_000);
    for (const [i, d] of tablets.entries()) await desk.req('desk:admit', { deviceId: d.status.deviceId, role: 'supervisor', fingerprint: d.status.fingerprint, person: `监督员${i + 1}` });
    expect((await allOnline).pending.tablet).toBe(0);
    // One goes away, on whichever process it was: the list pushed to the desk says so.
    const gone = waitFor<DeskDevices>(desk.socket, 'desk:devices', (m) => listed(m, tablets[0]!)?.online === false && tablets.slice(1).every((d) => listed(m, d)?.online === true), 10_000);
    tablets[0]!.close();
    await gone;
  });

  it('counts wrong desk codes over every process: the sixth from one device is refused unread, wherever it lands', async () => {
    const signer = softSigner();
    const codes: string[] = [];
    // Each try a new connection; the round robin spreads them over the three processes.
    for (let i = 0; i < 6; i++) codes.push(await connectDevice(proc.url, 'desk', { signer, deskCode: 'WRNG-CODE', reconnection: false }).then(() => 'connected', (e: { data?: { code?: string } }) => e.data?.code ?? 'none'));
    expect(codes).toEqual(['desk-code-wrong', 'desk-code-wrong', 'desk-code-wrong', 'desk-code-wrong', 'desk-code-wrong', 'too-many-attempts']);
  });

  it('matches a paper ballot entered by two tellers whose stations are on different processes, the first one’s process gone', async () => {
    const deskCode = /desk access code (\S+)/.exec(proc.output())![1]!;
    const desk = await connectDesk(proc.url, deskCode);
    devices.push(desk);
    const cards = makeGroupCards('ev-paper', 'all', 10);
    const refs = ['20260001', '20260002'];
    await openEvaluation({ url: proc.url, desk, id: 'ev-paper', refs, groups: [{ cards, name: '全体干部职工', weight: 100, entitled: 10 }], booths: 0 });
    const tellers: Device[] = [];
    for (const person of ['计票人甲', '计票人乙']) {
      const d = await connectDevice(proc.url, 'kiosk');
      devices.push(d);
      await desk.req('desk:admit', { deviceId: d.status.deviceId, role: 'teller', fingerprint: d.status.fingerprint, person });
      tellers.push(d);
    }
    const paper = () => signedBallot({ code: cards.codes[0]!, evaluationId: 'ev-paper', group: 'all', candidates: refs, overall: ['competent', 'basic'], dimensions: true, paper: true });
    expect(await tellers[0]!.req('teller:enter', paper())).toEqual({ state: 'first' });
    // The first teller's process is killed (processes are killed in turn until that station's connection drops).
    const down = await killUntilOneDrops([tellers[0]!], pidsOf(proc), (pid) => process.kill(pid, 'SIGKILL'), async () => undefined);
    expect(down).toBe(1);
    // The second teller's matching entry counts the ballot: the first entry was kept by the primary.
    const until = Date.now() + 20_000;
    let second: unknown;
    while (Date.now() < until) {
      second = await tellers[1]!.req('teller:enter', paper()).catch((e: { code?: string }) => e);
      if ((second as { state?: string }).state) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(second).toEqual({ state: 'counted' });
  });
});


/**
 * The other adapter measured (docs/processes.md): the same processes with their broadcasts over
 * Redis (`--redis`). A device waiting on one process is admitted from a desk on another, the start
 * signal's key and an announcement reach the kiosks on every process, and after a process is killed
 * its kiosks, reconnected to the others, still hear the next announcement.
 */
// Skipped where redis-server is not installed, unless EXAM_REQUIRE_REDIS=1 (CI), where that fails.
describe.runIf(onPostgres && (hasRedis || process.env.EXAM_REQUIRE_REDIS === '1'))('several processes with their broadcasts over Redis', () => {
  const KIOSKS = 6;
  const dataDir = mkdtempSync(join(tmpdir(), 'exam-processes-redis-'));
  const seat = (i: number) => String(i + 1).padStart(2, '0');
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let proc: ServerProcess;
  let shareCodes: string[];
  const devices: Device[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    const setup = await startExamServer({ dataDir, database: await databaseFor(dataDir), httpPort: 0, httpsPort: false, keepTime: false });
    shareCodes = (await benchSession(setup.ctx.db, { id: 'redis', kiosks: KIOSKS, seat, prefix: 'R', durationMinutes: 30, lateEntryMinutes: 30 })).paperShares;
    await setup.close();
    proc = await spawnServer(dataDir, await freePort(), ['--processes', '3', '--redis', redis.url]);
  });
  afterAll(async () => {
    for (const d of devices) d.close();
    if (proc) await kill(proc, 'SIGTERM');
    await redis?.stop();
    await dropDatabaseFor(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('admits, starts and announces across processes, and after one is killed', async () => {
    const desk = await connectDesk(proc.url, /desk access code (\S+)/.exec(proc.output())![1]!);
    devices.push(desk);
    const drivers = await admittedKiosks(proc.url, desk, { count: KIOSKS, room: 'redis', seat, prefix: 'R' }, devices);
    for (const d of drivers) expect((await d.signIn())?.key).toBeNull();
    for (const [i, code] of shareCodes.slice(0, 2).entries()) await desk.req('desk:enter-share', { sessionId: 'redis', target: 'paper', code, keyholder: 'ab'[i]! });
    // Some kiosks are on other processes than the desk's (read from the operating system).
    await untilOnWebSocket([desk.socket, ...drivers.map((d) => d.device.socket)]);
    const deskOn = servedBy(desk.socket, pidsOf(proc));
    expect(deskOn).not.toBeNull();
    expect(drivers.filter((d) => servedBy(d.device.socket, pidsOf(proc)) !== deskOn).length).toBeGreaterThan(0);
    const keys = drivers.map((d) => waitFor<{ key: string }>(d.device.socket, 'exam:key', () => true, 10_000));
    await desk.req('desk:start', { sessionId: 'redis', overrideReason: 'broadcasts over Redis' });
    expect(new Set((await Promise.all(keys)).map((k) => k.key)).size).toBe(1);
    // Every process has heard that the exam runs (the start re-reads the session's own row there, not
    // its candidates): each kiosk's save is taken, whichever process it is connected to.
    for (const [i, d] of drivers.entries()) await d.save('q91', `started ${i}`);
    expect(drivers.map((d) => d.acked.get('q91')?.value)).toEqual(drivers.map((_, i) => `started ${i}`));
    const announce = async (text: string) => {
      const heard = drivers.map((d) => waitFor<{ text: string }>(d.device.socket, 'exam:announcement', (m) => m.text === text, 10_000));
      await desk.req('desk:announce', { sessionId: 'redis', text });
      await Promise.all(heard);
    };
    await announce('第一次通知');
    // A process is killed (one at a time until one of the kiosks' drops); they come back on the others.
    const dropped = await killUntilOneDrops(drivers.map((d) => d.device), pidsOf(proc), (pid) => process.kill(pid, 'SIGKILL'), async () => undefined);
    expect(dropped).toBeGreaterThan(0);
    await untilOnWebSocket([...drivers.map((d) => d.device.socket), desk.socket]);
    await announce('第二次通知');
  }, 90_000);
});
