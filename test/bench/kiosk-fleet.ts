// One share of the simulated kiosks of a benchmark run, in a process of its own (forked by
// main.ts). Several such processes share the kiosks, so that the simulation does not become the
// bottleneck on a small machine, and every run starts from the same state: the measuring
// process's garbage from earlier runs (the realistic bundle, Chromium's pipes) stays out of the
// kiosks' event loops. main.ts gives the orders over the fork's channel, one phase at a time;
// times cross processes as wall-clock milliseconds (`wallNow`).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { connect, inBatches, request } from './fleet';
import { WireKiosk } from './wire-kiosk';

export interface FleetOrders {
  url: string;
  deskCode: string;
  /** this process's kiosks: seats from + 1 … to */
  from: number;
  to: number;
  /** every kiosk of the run, for spreading the autosaves over 2 s */
  total: number;
  /** Against ceiling-server.ts: connect only, then the throughput phase alone. */
  bare?: boolean;
}
export type FleetCommand =
  | { kind: 'arm' }
  | { kind: 'autosave'; until: number }
  | { kind: 'throughput'; begin: number; until: number };
export type FleetReport =
  | { kind: 'ready' }
  | { kind: 'armed' }
  | { kind: 'keys'; arrivals: number[]; key: string; seed: string }
  | { kind: 'autosaved'; latencies: number[] }
  | { kind: 'saved'; acked: number; ended: number };

/** Wall-clock milliseconds with the monotonic clock's resolution, comparable across processes. */
export const wallNow = () => performance.timeOrigin + performance.now();
/** One autosave, acknowledged when durable. */
const save = (k: WireKiosk, questionId: string, value: string, rev: number) => k.request('answer:save', { questionId, value, rev });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (m: FleetReport) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
const commands: FleetCommand[] = [];
const waiting: Array<(c: FleetCommand) => void> = [];
const next = () => new Promise<FleetCommand>((resolve) => (commands.length ? resolve(commands.shift()!) : waiting.push(resolve)));

/**
 * Collects the simulation's own garbage (thousands of handshakes and admissions) before a timed
 * section, so that a pause of its collector does not land inside the figure: profiled, one such
 * pause held back the key's arrival at the simulated kiosks by 70 ms. The server's collector is
 * left alone: its pauses are part of what is measured.
 */
function collectOwnGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** 3. Durable throughput: every kiosk saves again as soon as its last save is acknowledged, from the same wall-clock moment in every process. */
async function throughput(o: FleetOrders, kiosks: WireKiosk[]): Promise<void> {
  const burst = (await next()) as Extract<FleetCommand, { kind: 'throughput' }>;
  collectOwnGarbage();
  await sleep(Math.max(0, burst.begin - wallNow()));
  let acked = 0;
  await Promise.all(
    kiosks.map(async (k, j) => {
      let rev = 1_000_000;
      while (wallNow() < burst.until) {
        await save(k, 'q99', `kiosk ${o.from + j} rev ${++rev}`, rev);
        acked++;
      }
    }),
  );
  const ended = wallNow();
  for (const k of kiosks) k.disconnect();
  await say({ kind: 'saved', acked, ended });
  process.disconnect();
}

/** The same kiosks against the ceiling (ceiling-server.ts): connected, then the throughput phase. */
async function runBare(o: FleetOrders): Promise<void> {
  const kiosks = await inBatches(Array.from({ length: o.to - o.from }, (_, i) => i), 25, () => WireKiosk.connect(o.url, 'kiosk'));
  await say({ kind: 'ready' });
  await throughput(o, kiosks);
}

async function run(o: FleetOrders): Promise<void> {
  const desk = await connect(o.url, 'desk', o.deskCode);
  const seeds: string[] = [];
  const kiosks: WireKiosk[] = await inBatches(
    Array.from({ length: o.to - o.from }, (_, i) => o.from + i),
    25,
    async (i) => {
      const k = await WireKiosk.connect(o.url, 'kiosk');
      const seat = String(i + 1).padStart(5, '0');
      await request(desk.socket, 'desk:admit', { deviceId: k.status.deviceId, role: 'kiosk', fingerprint: k.status.fingerprint, room: 'bench', seat }, 60_000);
      const signIn = await k.request<{ seed: string }>('candidate:sign-in', { ticket: `T${seat}` });
      seeds[i - o.from] = signIn.seed;
      return k;
    },
  );
  desk.socket.disconnect();
  await say({ kind: 'ready' });

  // 1. The start signal: each kiosk's wall-clock time of the key's arrival.
  await next();
  const arrivals: number[] = [];
  let key = '';
  const all = Promise.all(kiosks.map((k) => new Promise<void>((resolve) => k.once('exam:key', (m) => (arrivals.push(wallNow()), (key = (m as { key: string }).key), resolve())))));
  collectOwnGarbage();
  await say({ kind: 'armed' });
  await all;
  await say({ kind: 'keys', arrivals, key, seed: seeds[0]! });

  // 2. Autosave latency: every kiosk saves every 2 s, acknowledged when durable.
  const autosave = (await next()) as Extract<FleetCommand, { kind: 'autosave' }>;
  const latencies: number[] = [];
  await Promise.all(
    kiosks.map(async (k, j) => {
      const i = o.from + j;
      await sleep((i / o.total) * 2000);
      let rev = 0;
      while (wallNow() < autosave.until) {
        const t = performance.now();
        await save(k, 'q91', `考生 ${i} 的第 ${++rev} 次保存：公示接受群众监督，确保公开公平公正。`, rev);
        latencies.push(performance.now() - t);
        await sleep(Math.max(0, 2000 - (performance.now() - t)));
      }
    }),
  );
  await say({ kind: 'autosaved', latencies });

  await throughput(o, kiosks);
}

process.once('message', (o: FleetOrders) => {
  process.on('message', (c: FleetCommand) => (waiting.length ? waiting.shift()!(c) : commands.push(c)));
  (o.bare ? runBare(o) : run(o)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
});
