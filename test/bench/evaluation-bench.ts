import { DEFAULT_RULES, bundleFileText, verifyBundle, type EvaluationSettings } from '@exam/shared';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { signWithCard } from '../support/ballots';
import type { BoothOrders, BoothReport } from './booth-fleet';
import { VerifyPool, exportBundle, makeGroupCards, poolVerifyMany } from '@exam/server';
import { cpuSecondsOfAll } from './proc';
import { spawnedVenue } from './venue';

/**
 * A democratic evaluation at the scale, against the real server — the product's own `exam
 * start`, in a process of its own started afresh for each run, so that its code is compiled from cold
 * at the first ballot and its processor time is its own — on the real filesystem:
 * 1,000 voters in three groups rating 50 candidates overall and on 德能勤绩廉, their ballots signed
 * beforehand (as the booths would have), cast over real sockets from `booths` booths at once — in a
 * process of their own, as booths are machines of their own — each booth sending its next ballot as
 * soon as the last is acknowledged (each durable before its acknowledgement); then the close, and the
 * bundle as `exam export` writes it verified as `exam verify` does (all steps; the signatures in this
 * thread below 5,000 of them, on the pool's threads above). `ballots_per_s` is ballots over the wall-clock time of the
 * casting, from its first ballot, when nothing of the server's casting path is compiled yet;
 * `ballots_per_s_second_half` the rate of its second half alone; `verify_evaluation_ms` the
 * verification of the bundle that holds the board.
 */
export interface EvaluationFigures {
  ballots_per_s: number;
  /** The same over the second half of the ballots alone: the server warmed up (its code compiled, its threads busy). */
  ballots_per_s_second_half: number;
  booths: number;
  /** Processor time over the casting, per ballot: the booths' process (the load, not the server), and the server's process (its event loop and its threads, from /proc). */
  booths_cpu_us_per_ballot: number;
  server_cpu_us_per_ballot: number;
  verify_evaluation_ms: number;
}

export async function measureEvaluation(dataParent: string, voters = 1000, candidates = 50, booths = 100): Promise<EvaluationFigures> {
  const { server, desk, org, reopen, close } = await spawnedVenue(dataParent, 'evaluation');
  const url = server.url;
  try {
    await org.req('organiser:create-selection', { id: 'bench-ev', title: '基准测试测评', registrationOpens: Date.now() + 86_400_000, registrationCloses: Date.now() + 2 * 86_400_000, steps: ['evaluation'] });
    const entitled = [Math.round(voters * 0.3), Math.round(voters * 0.3)];
    entitled.push(voters - entitled[0]! - entitled[1]!);
    const settings: EvaluationSettings = {
      selectionId: 'bench-ev',
      id: 'bench-evaluation',
      title: '基准测试民主测评',
      candidates: Array.from({ length: candidates }, (_, i) => ({ ref: `2026${String(i + 1).padStart(4, '0')}`, name: `被测评人${i + 1}` })),
      groups: [
        { id: 'leaders', name: '领导班子成员', weight: 30, entitled: entitled[0]! },
        { id: 'managers', name: '中层干部', weight: 30, entitled: entitled[1]! },
        { id: 'others', name: '其他干部职工', weight: 40, entitled: entitled[2]! },
      ],
      ...DEFAULT_RULES,
      dimensions: true,
      recommendation: [],
    };
    const cards = settings.groups.map((g) => makeGroupCards(settings.id, g.id, g.entitled));
    await org.req('organiser:create-evaluation', { settings, lists: cards.map((c) => c.keys) });
    // The ballots, signed beforehand with each card's key (natively): the booths' own work is not the server's.
    const scale = settings.scale.map((s) => s.id);
    const signed = cards.flatMap((c) =>
      c.codes.map((code, v) => {
        const pick = (i: number) => scale[(v * 7 + i * 3) % scale.length]!;
        const ratings = settings.candidates.map((x, i) => ({ candidate: x.ref, overall: pick(i), dimensions: { de: pick(i + 1), neng: pick(i + 2), qin: pick(i + 3), ji: pick(i + 4), lian: pick(i) } }));
        return signWithCard(code, { evaluationId: settings.id, group: c.group, ratings, recommend: [], paper: false });
      }),
    );
    // The booths, in a process of their own (booth-fleet.ts), admitted at the desk like any kiosk.
    const fleet = fork(fileURLToPath(new URL('./booth-fleet.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const reports: BoothReport[] = [];
    const waiting: Array<(r: BoothReport) => void> = [];
    fleet.on('message', (r: BoothReport) => (waiting.length ? waiting.shift()!(r) : reports.push(r)));
    const heard = () => new Promise<BoothReport>((resolve, reject) => (reports.length ? resolve(reports.shift()!) : (waiting.push(resolve), fleet.once('exit', (c) => c !== 0 && reject(new Error(`the booths exited ${c}`))))));
    fleet.send({ kind: 'connect', url, booths } satisfies BoothOrders);
    const connected = await heard();
    if (connected.kind !== 'connected') throw new Error('the booths did not connect');
    for (const b of connected.booths) await desk.req('desk:admit', { deviceId: b.deviceId, role: 'booth', fingerprint: b.fingerprint });
    fleet.send({ kind: 'load', ballots: signed } satisfies BoothOrders);
    if ((await heard()).kind !== 'loaded') throw new Error('the booths did not take the ballots');
    await org.req('organiser:open-evaluation', { evaluationId: settings.id });
    const serverCpu0 = cpuSecondsOfAll(server.pids);
    fleet.send({ kind: 'cast' } satisfies BoothOrders);
    const cast = await heard();
    const serverCpu1 = cpuSecondsOfAll(server.pids);
    if (cast.kind !== 'cast' || cast.received !== signed.length) throw new Error('not every ballot was received');
    const { castMs, halfMs, cpuUs } = cast;
    await org.req('organiser:close-evaluation', { evaluationId: settings.id, handedOut: Object.fromEntries(settings.groups.map((g) => [g.id, g.entitled])), missing: {}, unused: [] });
    // The bundle as `exam export` writes it to a file (the server stopped, its store opened here), and `exam verify` reads it.
    const bundle = JSON.parse(bundleFileText(await exportBundle((await reopen()).ctx))) as unknown;
    const pool = new VerifyPool();
    const t1 = performance.now();
    const report = await verifyBundle(bundle, { verifyMany: poolVerifyMany(pool), kept: { ballotLists: cards.map((c) => ({ evaluationId: settings.id, group: c.group, count: c.codes.length, hash: c.hash })) } });
    const verifyMs = performance.now() - t1;
    await pool.close();
    if (!report.ok) throw new Error(`the evaluation's bundle does not verify: ${JSON.stringify(report.steps.filter((s) => !s.ok).map((s) => [s.id, s.problems.slice(0, 2)]))}`);
    return { ballots_per_s: (signed.length * 1000) / castMs, ballots_per_s_second_half: ((signed.length - Math.ceil(signed.length / 2)) * 1000) / (castMs - halfMs), booths, booths_cpu_us_per_ballot: cpuUs / signed.length, server_cpu_us_per_ballot: serverCpu0 && serverCpu1 ? ((serverCpu1.user + serverCpu1.system - serverCpu0.user - serverCpu0.system) * 1e6) / signed.length : NaN, verify_evaluation_ms: verifyMs };
  } finally {
    await close();
  }
}
