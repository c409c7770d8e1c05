// npm run bench -- [--kiosks 2000] [--runs 3] [--autosave-seconds 10] [--throughput-seconds 6] [--fleets 2] [--forms 2000] [--voters 1000] [--parts all|selection|evaluation|curve] [--database postgres://…] [--processes 1]
// (--parts curve: the kiosks' figures alone for each of --kiosks 2000,5000,10000 and --processes 1,3)
// Simulated kiosks over real socket.io on loopback against the real server in its own process.
// Ends with one line of JSON: the median over the runs of each figure.
import { fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { wallNow, type FleetCommand, type FleetOrders, type FleetReport } from './kiosk-fleet';
import { connect, request } from './fleet';
import { median, percentile, round1 } from './stats';
import { CLOCK_TICKS, cpuSecondsOf, cpuSecondsOfAll } from './proc';
import { freePort } from '../support/process';
import { benchSession } from '../support/bench-session';
import { measureOpenPaper, measureSign, measureVerify10k, measureVerifyBundle } from './signing';
import { VerifyPool, startExamServer } from '@exam/server';
import { bundleFileText } from '@exam/shared';
import { realisticBundle } from './realistic-bundle';
// The flags the server runs with as `npm start` starts it, so that the benchmark measures the product as it ships.
import { SERVER_NODE_FLAGS, YOUNG_GENERATION_FLAGS } from '../../scripts/server-flags.mjs';
import { selectionBundle } from './selection-bundle';
import { measureSelection, type SelectionFigures } from './selection-bench';
import { measureEvaluation, type EvaluationFigures } from './evaluation-bench';
import { benchStore, spawnBenchServer } from './venue';
import { databaseOn, dropDatabaseOn } from '../support/store';
import { isPostgresUrl } from '@exam/server';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    kiosks: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '3' },
    'autosave-seconds': { type: 'string', default: '10' },
    'throughput-seconds': { type: 'string', default: '6' },
    fleets: { type: 'string', default: '2' },
    /** Registration forms in the selection's figures (selection-bench.ts). */
    forms: { type: 'string', default: '2000' },
    /** Voters in the evaluation's figures (evaluation-bench.ts). */
    voters: { type: 'string', default: '1000' },
    /** `selection` or `evaluation`: only those figures, without the kiosks. */
    parts: { type: 'string', default: 'all' },
    /** A PostgreSQL role that may create databases: every server of the run gets a fresh database there (else a SQLite file). */
    database: { type: 'string', default: '' },
    /** Server processes (`exam start --processes N`; more than one needs --database). With --parts curve, a list: 1,3. */
    processes: { type: 'string', default: '1' },
    /** Broadcasts between the processes over this Redis (`exam start --redis`) instead of PostgreSQL. */
    redis: { type: 'string', default: '' },
  },
});
/** A number, or with --parts curve a comma-separated list of them. */
const listOf = (text: string, name: string): number[] => {
  const list = text.split(',').map(Number);
  if (list.some((n) => !Number.isSafeInteger(n) || n < 1) || (list.length > 1 && args.parts !== 'curve')) throw new Error(`--${name} is a whole number (a list of them, 2000,5000,10000, only with --parts curve)`);
  return list;
};
const KIOSK_COUNTS = listOf(args.kiosks!, 'kiosks');
const PROCESS_COUNTS = listOf(args.processes!, 'processes');
if (args.redis && !args.database) throw new Error('--redis carries the broadcasts between processes on PostgreSQL: give --database too');
if (PROCESS_COUNTS.some((n) => n > 1) && !args.database) throw new Error('--processes above 1 needs --database: several processes serve one PostgreSQL database');
if (args.database && !isPostgresUrl(args.database)) throw new Error('--database is a PostgreSQL connection string (postgres://user:password@host:5432/db) of a role that may create databases');
benchStore.admin = args.database || undefined;
/** Simulated kiosks of the run under way, and server processes serving them. */
let N = KIOSK_COUNTS[0]!;
let PROCESSES = PROCESS_COUNTS[0]!;
/** Processes the simulated kiosks are spread over (kiosk-fleet.ts). */
const FLEETS = Number(args.fleets);
const root = fileURLToPath(new URL('../..', import.meta.url));
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface RunResult {
  start_p50_ms: number;
  start_p99_ms: number;
  start_max_ms: number;
  start_key_p99_ms: number;
  open_paper_ms: number;
  open_where: string;
  autosave_p50_ms: number;
  autosave_p99_ms: number;
  durable_saves_per_s: number;
  save_ceiling_per_s: number;
  /** Processor time of the product's server per durable save, and of the ceiling's per save (µs). */
  server_cpu_us_per_save: number;
  ceiling_cpu_us_per_save: number;
  /** The machine's processors left idle while the product's server took saves: a share above zero with the server's thread busy the whole window means one thread, not the machine, sets the figure. */
  machine_idle_share: number;
  server_main_thread_busy: number;
  kiosks_cpu_us_per_save: number;
  sign_ms: number;
  sign_where: string;
  verify_10k_ms: number;
  verify_bundle_ms: number;
}

/**
 * The benchmark's server: the product's own command (`exam start`, the built server when it is
 * current, test/support/process.ts), as PROCESSES processes on PostgreSQL or one, in a process of its
 * own, on a fresh store holding one session of N candidates (the 100-question paper sealed 2-of-3).
 * `pids`: the processes whose processor time is the server's (the primary's and each process's).
 */
async function startServer(dataDir: string) {
  const database = benchStore.admin ? await databaseOn(benchStore.admin, dataDir) : '';
  const setup = await startExamServer({ dataDir, database: database || undefined, httpPort: 0, httpsPort: false, keepTime: false });
  const { paperShares } = await benchSession(setup.ctx.db, { id: 'bench', kiosks: N, seat: (i) => String(i + 1).padStart(5, '0'), prefix: 'T', durationMinutes: 120, lateEntryMinutes: 30 });
  await setup.close();
  return { ...(await spawnBenchServer(dataDir, { database, processes: PROCESSES, redis: args.redis })), shares: paperShares };
}

/**
 * The benchmark's data folder lies where the product's does (`./data` beside the project, see the
 * README), on the same filesystem, not in a temporary one that may live in memory.
 */
const DATA_PARENT = join(root, 'data');
/** The filesystem type of a folder, from the longest mount point that contains it (/proc/mounts). */
function filesystemOf(dir: string): string {
  try {
    const path = realpathSync(dir);
    const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')).filter((f) => f.length > 2);
    const best = mounts.filter(([, at]) => path === at || path.startsWith(at === '/' ? '/' : `${at}/`)).sort((a, b) => b[1]!.length - a[1]!.length)[0];
    return best ? `${best[2]} (${best[1]})` : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** One process of simulated kiosks (kiosk-fleet.ts), with its reports in arrival order. */
function forkFleet(orders: FleetOrders) {
  // The load, not the server: the young generation alone, as when the server's other flags were measured (scripts/server-flags.mjs).
  const child = fork(join(root, 'test/bench/kiosk-fleet.ts'), [], { cwd: root, execArgv: [...YOUNG_GENERATION_FLAGS, '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const reports: FleetReport[] = [];
  const waiting: Array<(r: FleetReport) => void> = [];
  child.on('message', (r: FleetReport) => (waiting.length ? waiting.shift()!(r) : reports.push(r)));
  const failed = new Promise<never>((_, reject) => child.once('exit', (c) => c !== 0 && reject(new Error(`the simulated kiosks exited ${c}`))));
  failed.catch(() => undefined);
  child.send(orders);
  return {
    next: <K extends FleetReport['kind']>(kind: K) =>
      Promise.race([failed, new Promise<FleetReport>((resolve) => (reports.length ? resolve(reports.shift()!) : waiting.push(resolve)))]).then((r) => {
        if (r.kind !== kind) throw new Error(`the simulated kiosks sent ${r.kind}, not ${kind}`);
        return r as Extract<FleetReport, { kind: K }>;
      }),
    send: (c: FleetCommand) => child.send(c),
    exited: new Promise((r) => child.once('exit', r)),
    pid: child.pid,
  };
}

/** The whole machine's processor time so far (Linux: /proc/stat's first line), in seconds: idle and stolen by the host, of all. */
function machineSeconds(): { idle: number; steal: number; all: number } | null {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal …
    return { idle: (f[3]! + f[4]!) / CLOCK_TICKS, steal: (f[7] ?? 0) / CLOCK_TICKS, all: f.slice(0, 8).reduce((a, b) => a + b, 0) / CLOCK_TICKS };
  } catch {
    return null;
  }
}
/** Where the processors went over a window: µs per save of the server (user, system) and of the simulated kiosks, and the machine's idle and stolen shares. */
interface CpuWindow {
  serverUserUs: number;
  serverSystemUs: number;
  kiosksUs: number;
  idleShare: number;
  stealShare: number;
  /** The share of the window the busiest serving process's main thread ran: the one thread each of its sockets' events cross (with several processes, the primary serves none and is left out). */
  mainThreadBusy: number;
}
function cpuSnapshot(server: Array<number | undefined>, kiosks: Array<number | undefined>) {
  const serving = server.length > 1 ? server.slice(1) : server;
  return { server: cpuSecondsOfAll(server), mains: serving.map((p) => cpuSecondsOf(p, p)), kiosks: kiosks.map((k) => cpuSecondsOf(k)), machine: machineSeconds(), at: wallNow() };
}
function cpuWindow(a: ReturnType<typeof cpuSnapshot>, b: ReturnType<typeof cpuSnapshot>, saves: number): CpuWindow | null {
  if (!a.server || !b.server || !a.machine || !b.machine || a.kiosks.some((k) => !k) || b.kiosks.some((k) => !k)) return null;
  const kiosks = b.kiosks.reduce((n, k, i) => n + k!.user + k!.system - a.kiosks[i]!.user - a.kiosks[i]!.system, 0);
  const all = b.machine.all - a.machine.all;
  return {
    serverUserUs: ((b.server.user - a.server.user) * 1e6) / saves,
    serverSystemUs: ((b.server.system - a.server.system) * 1e6) / saves,
    kiosksUs: (kiosks * 1e6) / saves,
    idleShare: (b.machine.idle - a.machine.idle) / all,
    stealShare: (b.machine.steal - a.machine.steal) / all,
    mainThreadBusy: Math.max(...b.mains.map((m, i) => (m && a.mains[i] ? (m.user + m.system - a.mains[i]!.user - a.mains[i]!.system) / ((b.at - a.at) / 1000) : NaN))),
  };
}

/**
 * 3. Durable throughput (or the ceiling's): every fleet saves as fast as acknowledgements come, from
 * one moment; saves per second, and the server's own processor time per save over that window
 * (`pid`: the server's process) — what the server spends, whatever limits the simulated kiosks.
 */
async function throughputOf(fleets: Array<ReturnType<typeof forkFleet>>, pids: Array<number | undefined>): Promise<{ perSecond: number; acked: number; cpuUsPerSave: number | null; spent: CpuWindow | null }> {
  const seconds = Number(args['throughput-seconds']);
  const begin = wallNow() + 500;
  const until = begin + seconds * 1000;
  for (const f of fleets) f.send({ kind: 'throughput', begin, until });
  const cpu: Array<ReturnType<typeof cpuSnapshot>> = [];
  const sampled = Promise.all([begin, until].map((at) => new Promise<void>((r) => setTimeout(() => (cpu.push(cpuSnapshot(pids, fleets.map((f) => f.pid))), r()), at - wallNow()))));
  const saved = await Promise.all(fleets.map((f) => f.next('saved')));
  await sampled;
  const acked = saved.reduce((n, r) => n + r.acked, 0);
  // The last save acknowledged after `until` still counts, and so does the time it took.
  const perSecond = acked / ((Math.max(...saved.map((r) => r.ended)) - begin) / 1000);
  const spent = cpuWindow(cpu[0]!, cpu[1]!, perSecond * seconds);
  const cpuUsPerSave = spent ? spent.serverUserUs + spent.serverSystemUs : null;
  await Promise.all(fleets.map((f) => f.exited));
  return { perSecond, acked, cpuUsPerSave, spent };
}

const spentText = (s: CpuWindow | null) =>
  s ? `server ${round1(s.serverUserUs)} µs user + ${round1(s.serverSystemUs)} µs system, simulated kiosks ${round1(s.kiosksUs)} µs per save; machine idle ${Math.round(s.idleShare * 100)} %, stolen ${Math.round(s.stealShare * 100)} %; the server's main thread busy ${Math.round(s.mainThreadBusy * 100)} % of the time` : 'processor times unreadable here';

/**
 * The ceiling: the same simulated kiosks against socket.io alone (ceiling-server.ts, the product's
 * socket.io options, a save acknowledged at once), in its own process like the product's server.
 */
async function measureCeiling(run: number): Promise<{ perSecond: number; cpuUsPerSave: number | null }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'test/bench/ceiling-server.ts', String(port)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const { url } = await new Promise<{ url: string }>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(JSON.parse(d.toString())));
    child.once('exit', (c) => reject(new Error(`ceiling server exited ${c}`)));
  });
  const fleets = Array.from({ length: FLEETS }, (_, f) => forkFleet({ url, deskCode: '', from: Math.floor((f * N) / FLEETS), to: Math.floor(((f + 1) * N) / FLEETS), total: N, bare: true }));
  await Promise.all(fleets.map((f) => f.next('ready')));
  await sleep(1000);
  const { perSecond, acked, cpuUsPerSave, spent } = await throughputOf(fleets, [child.pid]);
  log(`run ${run}: ceiling (socket.io alone, a save acknowledged at once) ${Math.round(perSecond)} saves/s (${acked} saves), ${round1(cpuUsPerSave ?? NaN)} µs of its processor per save; ${spentText(spent)}`);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { perSecond, cpuUsPerSave };
}

/**
 * The kiosks' part of a run: the server started with N candidates, N simulated kiosks connected,
 * admitted and signed in; 1. the start signal (with, when `openPaper`, one kiosk opening the paper in
 * Chromium), 2. autosave latency, 3. durable throughput. The server is left running.
 */
async function kioskPhases(run: number, openPaper: boolean) {
  mkdirSync(DATA_PARENT, { recursive: true });
  const dataDir = mkdtempSync(join(DATA_PARENT, 'bench-'));
  const server = await startServer(dataDir);
  const desk = await connect(server.url, 'desk', server.deskCode);
  log(`run ${run}: connecting and admitting ${N} simulated kiosks in ${FLEETS} processes, to ${PROCESSES} server process${PROCESSES > 1 ? 'es' : ''} (${benchStore.admin ? 'PostgreSQL' : 'SQLite'})`);
  const fleets = Array.from({ length: FLEETS }, (_, f) => forkFleet({ url: server.url, deskCode: server.deskCode, from: Math.floor((f * N) / FLEETS), to: Math.floor(((f + 1) * N) / FLEETS), total: N }));
  const every = <K extends FleetReport['kind']>(kind: K) => Promise.all(fleets.map((f) => f.next(kind)));
  await every('ready');
  await request(desk.socket, 'desk:enter-share', { sessionId: 'bench', target: 'paper', code: server.shares[0]!, keyholder: 'a' });
  await request(desk.socket, 'desk:enter-share', { sessionId: 'bench', target: 'paper', code: server.shares[1]!, keyholder: 'b' });
  await sleep(1500);

  // 1. The start signal: from the desk's request until each kiosk holds the key, plus the time one
  // kiosk takes to open the paper with it (measured alone: real kiosks decrypt on their own processors).
  for (const f of fleets) f.send({ kind: 'arm' });
  await every('armed');
  const t0 = wallNow();
  await request(desk.socket, 'desk:start', { sessionId: 'bench' });
  const keys = await every('keys');
  const start = keys.flatMap((k) => k.arrivals.map((t) => t - t0));
  const sealedPaper = (await (await fetch(`${server.url}/api/sessions/bench/sealed-paper`)).json()) as { box: unknown };
  const opened = openPaper ? await measureOpenPaper(`${server.url}/api/health`, sealedPaper, keys[0]!.key, keys[0]!.seed) : null;
  log(`run ${run}: key arrival p50 ${round1(median(start))} ms, p99 ${round1(percentile(start, 99))} ms${opened ? `; opening the paper ${round1(opened.open_paper_ms)} ms in ${opened.open_where}` : ''}`);
  await sleep(1000);

  // 2. Autosave latency: every kiosk saves every 2 s (≈ N/2 saves per second), acknowledged when durable.
  for (const f of fleets) f.send({ kind: 'autosave', until: wallNow() + Number(args['autosave-seconds']) * 1000 });
  const latencies = (await every('autosaved')).flatMap((r) => r.latencies);
  log(`run ${run}: autosave ${latencies.length} saves, p50 ${round1(median(latencies))} ms, p99 ${round1(percentile(latencies, 99))} ms`);

  // 3. Durable throughput: every kiosk saves again as soon as its last save is acknowledged.
  const { perSecond: throughput, acked, cpuUsPerSave, spent } = await throughputOf(fleets, server.pids);
  log(`run ${run}: durable throughput ${Math.round(throughput)} saves/s (${acked} saves), ${round1(cpuUsPerSave ?? NaN)} µs of the server's processor per save; ${spentText(spent)}`);
  desk.socket.disconnect();
  return { dataDir, server, start, opened, latencies, throughput, cpuUsPerSave, spent };
}

async function stopServer(server: Awaited<ReturnType<typeof startServer>>): Promise<void> {
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
}

async function oneRun(run: number): Promise<RunResult> {
  const { dataDir, server, start, opened: openedOrNull, latencies, throughput, cpuUsPerSave, spent } = await kioskPhases(run, true);
  const opened = openedOrNull!;

  // 4. Signing on the tablet (Chromium on the server's origin); then the server stops, so that
  // what it still does (2,000 kiosks gone: 2,000 incidents written) is not measured with what follows.
  const signed = await measureSign(`${server.url}/api/health`);
  await stopServer(server);
  await sleep(1000);

  // 5. The ceiling of durable saves: socket.io alone, with the same kiosks on the same machine.
  const ceiling = await measureCeiling(run);
  await sleep(1000);

  // 6. Checking 10,000 signed score sheets (median of 3, after a warm-up), and the realistic bundle.
  const pool = new VerifyPool();
  await measureVerify10k(pool); // warm-up: the workers' first keys and code paths
  const verify10k = median([await measureVerify10k(pool), await measureVerify10k(pool), await measureVerify10k(pool)]);
  const verifyBundleMs = await measureVerifyBundle(pool, await bundleTextOnce());
  await pool.close();
  log(`run ${run}: the realistic bundle verified in ${round1(verifyBundleMs)} ms`);
  log(`run ${run}: sign ${round1(signed.sign_ms)} ms in ${signed.sign_where}; 10,000 sheets verified in ${round1(verify10k)} ms`);
  if (benchStore.admin) await dropDatabaseOn(benchStore.admin, dataDir);
  rmSync(dataDir, { recursive: true, force: true });
  return {
    start_p50_ms: median(start) + opened.open_paper_ms,
    start_p99_ms: percentile(start, 99) + opened.open_paper_ms,
    start_max_ms: Math.max(...start) + opened.open_paper_ms,
    start_key_p99_ms: percentile(start, 99),
    open_paper_ms: opened.open_paper_ms,
    open_where: opened.open_where,
    autosave_p50_ms: median(latencies),
    autosave_p99_ms: percentile(latencies, 99),
    durable_saves_per_s: throughput,
    save_ceiling_per_s: ceiling.perSecond,
    server_cpu_us_per_save: cpuUsPerSave ?? NaN,
    ceiling_cpu_us_per_save: ceiling.cpuUsPerSave ?? NaN,
    machine_idle_share: spent?.idleShare ?? NaN,
    server_main_thread_busy: spent?.mainThreadBusy ?? NaN,
    kiosks_cpu_us_per_save: spent?.kiosksUs ?? NaN,
    sign_ms: signed.sign_ms,
    sign_where: signed.sign_where,
    verify_10k_ms: verify10k,
    verify_bundle_ms: verifyBundleMs,
  };
}

/**
 * The realistic bundle is made once, on first use (after the first run's kiosks are gone, so its
 * garbage does not slow the simulated kiosks), and kept as a file; each run verifies it from the text.
 */
const bundleFile = join(DATA_PARENT, 'bench-bundle.json');
let bundleMade = false;
async function bundleTextOnce(): Promise<string> {
  if (!bundleMade) {
    log('making the realistic bundle (realistic-bundle.ts: 2 sessions × 1,000, 10,000 sheets, about 100,000 log entries)');
    mkdirSync(DATA_PARENT, { recursive: true });
    writeFileSync(bundleFile, bundleFileText(await realisticBundle())); // as `exam export` writes it
    bundleMade = true;
  }
  return readFileSync(bundleFile, 'utf8');
}
/** The front of a selection, once per run, after the kiosks are gone (selection-bench.ts). */
const selections: SelectionFigures[] = [];
async function selectionRun(run: number): Promise<void> {
  mkdirSync(DATA_PARENT, { recursive: true });
  const f = await measureSelection(DATA_PARENT, Number(args.forms));
  log(`run ${run}: ${args.forms} forms imported from .xlsx in ${round1(f.import_forms_ms)} ms; ${round1(f.review_item_ms)} ms per signed review decision; seat draw ${round1(f.seat_draw_ms)} ms; its bundle with the supervisors' bundle verified in ${round1(f.verify_registration_ms)} ms`);
  selections.push(f);
  // The whole selection's bundle (selection-bundle.ts), verified in this process with a pool warmed first.
  const pool = new VerifyPool();
  await measureVerify10k(pool);
  const ms = await measureVerifyBundle(pool, await selectionTextOnce());
  await pool.close();
  wholeSelections.push(ms);
  log(`run ${run}: the whole selection's bundle (50 posts, 1,000 candidates, 20,000 ballots, 10,000 sheets) verified in ${round1(ms)} ms`);
}
const selectionFigures = () => ({
  forms: Number(args.forms),
  import_forms_ms: round1(median(selections.map((s) => s.import_forms_ms))),
  review_item_ms: round1(median(selections.map((s) => s.review_item_ms))),
  seat_draw_ms: round1(median(selections.map((s) => s.seat_draw_ms))),
  verify_registration_ms: round1(median(selections.map((s) => s.verify_registration_ms))),
  verify_selection_ms: round1(median(wholeSelections)),
});
/** The whole selection's bundle, made once on first use and kept as a file, like the realistic bundle. */
const wholeSelections: number[] = [];
const selectionFile = join(DATA_PARENT, 'bench-selection-bundle.json');
let selectionMade = false;
async function selectionTextOnce(): Promise<string> {
  if (!selectionMade) {
    log('making the whole selection’s bundle (selection-bundle.ts: 50 posts, 1,000 candidates, 20 evaluations × 1,000 ballots, 10,000 sheets, 2 written sessions)');
    mkdirSync(DATA_PARENT, { recursive: true });
    writeFileSync(selectionFile, bundleFileText(await selectionBundle()));
    selectionMade = true;
  }
  return readFileSync(selectionFile, 'utf8');
}
/** A democratic evaluation, once per run (evaluation-bench.ts). */
const evaluations: EvaluationFigures[] = [];
async function evaluationRun(run: number): Promise<void> {
  mkdirSync(DATA_PARENT, { recursive: true });
  const f = await measureEvaluation(DATA_PARENT, Number(args.voters));
  log(`run ${run}: ${args.voters} ballots (50 candidates, overall and 德能勤绩廉) cast at ${round1(f.ballots_per_s)} per second (the second half at ${round1(f.ballots_per_s_second_half)}) from ${f.booths} booths (processor per ballot: the server ${round1(f.server_cpu_us_per_ballot)} µs, the booths ${round1(f.booths_cpu_us_per_ballot)} µs); the bundle with the board verified in ${round1(f.verify_evaluation_ms)} ms`);
  evaluations.push(f);
}
const evaluationFigures = () => ({
  voters: Number(args.voters),
  ballots_per_s: Math.round(median(evaluations.map((e) => e.ballots_per_s))),
  ballots_per_s_second_half: Math.round(median(evaluations.map((e) => e.ballots_per_s_second_half))),
  server_cpu_us_per_ballot: round1(median(evaluations.map((e) => e.server_cpu_us_per_ballot))),
  booths_cpu_us_per_ballot: round1(median(evaluations.map((e) => e.booths_cpu_us_per_ballot))),
  verify_evaluation_ms: round1(median(evaluations.map((e) => e.verify_evaluation_ms))),
});
/**
 * The cost curve (`--parts curve`): the kiosks' figures for every count of kiosks and of server
 * processes asked, the median over the runs of each; the simulated kiosks share the machine's
 * processors with the server processes.
 */
if (args.parts === 'curve') {
  const curve: object[] = [];
  for (const processes of PROCESS_COUNTS) {
    for (const kiosks of KIOSK_COUNTS) {
      [N, PROCESSES] = [kiosks, processes];
      const points: Array<Awaited<ReturnType<typeof kioskPhases>>> = [];
      for (let r = 1; r <= Number(args.runs); r++) {
        const p = await kioskPhases(r, false);
        await stopServer(p.server);
        if (benchStore.admin) await dropDatabaseOn(benchStore.admin, p.dataDir);
        rmSync(p.dataDir, { recursive: true, force: true });
        points.push(p);
        await sleep(1000);
      }
      const med = (f: (p: (typeof points)[number]) => number) => round1(median(points.map(f)));
      const point = {
        kiosks,
        processes,
        start_key_p50_ms: med((p) => median(p.start)),
        start_key_p99_ms: med((p) => percentile(p.start, 99)),
        start_key_max_ms: med((p) => Math.max(...p.start)),
        autosave_p50_ms: med((p) => median(p.latencies)),
        autosave_p99_ms: med((p) => percentile(p.latencies, 99)),
        durable_saves_per_s: Math.round(median(points.map((p) => p.throughput))),
        server_cpu_us_per_save: med((p) => p.cpuUsPerSave ?? NaN),
        machine_idle_share: Math.round(median(points.map((p) => p.spent?.idleShare ?? NaN)) * 100) / 100,
        server_main_thread_busy: Math.round(median(points.map((p) => p.spent?.mainThreadBusy ?? NaN)) * 100) / 100,
      };
      log(`curve: ${JSON.stringify(point)}`);
      curve.push(point);
    }
  }
  console.log(JSON.stringify({ runs: Number(args.runs), curve, adapter: args.redis ? 'redis' : benchStore.admin ? 'postgres' : 'none', data_fs: filesystemOf(DATA_PARENT), store: benchStore.admin ? 'postgres' : 'sqlite', cores: availableParallelism() }));
  process.exit(0);
}
if (args.parts === 'evaluation') {
  for (let r = 1; r <= Number(args.runs); r++) await evaluationRun(r);
  console.log(JSON.stringify({ runs: evaluations.length, ...evaluationFigures(), data_fs: filesystemOf(DATA_PARENT), store: benchStore.admin ? 'postgres' : 'sqlite' }));
  process.exit(0);
}
if (args.parts === 'selection') {
  for (let r = 1; r <= Number(args.runs); r++) await selectionRun(r);
  console.log(JSON.stringify({ runs: selections.length, ...selectionFigures(), data_fs: filesystemOf(DATA_PARENT), store: benchStore.admin ? 'postgres' : 'sqlite' }));
  rmSync(selectionFile, { force: true });
  process.exit(0);
}
const runs: RunResult[] = [];
for (let r = 1; r <= Number(args.runs); r++) {
  runs.push(await oneRun(r));
  await selectionRun(r);
  await evaluationRun(r);
}
const pick = (k: Exclude<keyof RunResult, 'sign_where' | 'open_where'>) => round1(median(runs.map((r) => r[k])));
log(`per run: ${JSON.stringify(runs.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? round1(v) : v]))))}`);
console.log(
  JSON.stringify({
    kiosks: N,
    processes: PROCESSES,
    runs: runs.length,
    start_p50_ms: pick('start_p50_ms'),
    start_p99_ms: pick('start_p99_ms'),
    start_max_ms: pick('start_max_ms'),
    start_key_p99_ms: pick('start_key_p99_ms'),
    open_paper_ms: pick('open_paper_ms'),
    open_where: runs[0]!.open_where,
    autosave_p50_ms: pick('autosave_p50_ms'),
    autosave_p99_ms: pick('autosave_p99_ms'),
    durable_saves_per_s: Math.round(median(runs.map((r) => r.durable_saves_per_s))),
    save_ceiling_per_s: Math.round(median(runs.map((r) => r.save_ceiling_per_s))),
    durable_share_of_ceiling: Math.round(median(runs.map((r) => r.durable_saves_per_s / r.save_ceiling_per_s)) * 100) / 100,
    server_cpu_us_per_save: pick('server_cpu_us_per_save'),
    ceiling_cpu_us_per_save: pick('ceiling_cpu_us_per_save'),
    // Processor seconds the server used per second of the window: about 1 means its one thread was saturated.
    server_cores_busy: Math.round(median(runs.map((r) => (r.server_cpu_us_per_save * r.durable_saves_per_s) / 1e6)) * 100) / 100,
    // The share of the window the server's main thread ran: below 1, the processors it shares with the simulated kiosks, not the thread, set the pace.
    server_main_thread_busy: Math.round(median(runs.map((r) => r.server_main_thread_busy)) * 100) / 100,
    kiosks_cpu_us_per_save: pick('kiosks_cpu_us_per_save'),
    machine_idle_share: Math.round(median(runs.map((r) => r.machine_idle_share)) * 100) / 100,
    sign_ms: Math.round(median(runs.map((r) => r.sign_ms)) * 1000) / 1000,
    sign_where: runs[0]!.sign_where,
    verify_10k_ms: pick('verify_10k_ms'),
    verify_bundle_ms: pick('verify_bundle_ms'),
    ...selectionFigures(),
    ...evaluationFigures(),
    data_fs: filesystemOf(DATA_PARENT),
    store: benchStore.admin ? 'postgres' : 'sqlite',
  }),
);
rmSync(bundleFile, { force: true });
rmSync(selectionFile, { force: true });
process.exit(0);
