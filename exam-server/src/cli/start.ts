import cluster from 'node:cluster';
import { refusal, say } from './lang';
import { isPostgresUrl } from '../db/database';
import { reportReady, runProcesses } from '../cluster/processes';
import { paperInPrimary, sharesInPrimary } from '../cluster/kept-by-primary';
import { projectFile } from '../project-files';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ExamError } from '@exam/shared';
import { prepareStore, startExamServer } from '../server';
import type { ServerContext } from '../context';
import { setUpDemo, setUpInterviewDemo, type InterviewDemo } from '../demo/setup';
import { setUpSelectionDemo } from '../demo/selection';
import { RANKED_DEMO_SELECTION, setUpRankedDemo, type DemoClock } from '../demo/ranked-demo';

/** In the data folder while the demonstration is being set up, removed once it is whole. */
const DEMO_PENDING = 'demo-setting-up';

/**
 * A demonstration whose setting up was stopped halfway (the mark is still there): the folder held
 * nothing before it (the demonstration is only ever set up in an empty store), so on a SQLite file
 * the folder is moved aside, whole, under a name that says so, and this start sets it up afresh; a
 * PostgreSQL database is not this command's to move, and the start says what to do.
 */
function setAsideInterruptedDemo(data: string, database: string | undefined): void {
  if (!existsSync(join(data, DEMO_PENDING))) return;
  if (isPostgresUrl(database)) {
    throw new ExamError('conflict', 'the demonstration was being set up in this database when the server was stopped: it is incomplete; start with an empty database (it held the demonstration alone)', [
      { message: 'start with an empty database', zh: '上次启动时演示数据未准备完（中途被停止）：此数据库中的演示不完整。请换一个空数据库（原数据库中只有演示数据）。' },
    ]);
  }
  const aside = `${resolve(data)}.interrupted-demo-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(data, aside);
  console.log(say(`上次启动时演示数据未准备完（中途被停止）。不完整的演示已移到 ${aside}，现在重新准备。`, `The demonstration was being set up when the server was stopped last time. The incomplete one is moved to ${aside}; it is set up afresh now.`));
}

/** Whether the store holds nothing anyone made: no selection, written session, interview day or evaluation. The demonstration goes only into such a one. */
async function holdsNothing(ctx: ServerContext): Promise<boolean> {
  for (const table of ['selections', 'sessions', 'interview_days', 'evaluations'] as const) {
    if ((await ctx.db.selectFrom(table).select(ctx.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n > 0) return false;
  }
  return true;
}

/** A port another program holds: said so, with what to do, rather than as the system's error. */
const inUse =
  (opts: { port: string; httpsPort: string }) =>
  (err: unknown): never => {
    const e = err as NodeJS.ErrnoException & { port?: number };
    if (e?.code !== 'EADDRINUSE') throw err;
    const port = e.port ?? opts.port;
    throw new ExamError('conflict', `port ${port} is in use: another exam server (or another program) is running on it; stop it, or give another port with --port (and --https-port)`, [
      { message: `port ${port} in use`, zh: `端口 ${port} 已被占用：可能已有一个考务服务器（或其他程序）在使用它。请先停止它，或用 --port（及 --https-port）换一个端口。` },
    ]);
  };

/** A time as people at the venue read it, with the machine's UTC offset: 2026-12-01 09:00:00 (UTC+08:00). */
function localTime(ms: number): string {
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return `${date} (UTC${off >= 0 ? '+' : '-'}${pad(Math.trunc(off / 60))}:${pad(off % 60)})`;
}

/** What the server prints when it is up: where it keeps the data, its addresses, the desk code, the fingerprints people check. */
export function serverLines(o: { data: string; database: string; urls: string[]; deskCode: string; serverKey: string; certificate: string | null; phonesUrl: string | null }): string[] {
  return [
    '',
    say('考务服务器已启动', '考务服务器已启动 · Exam server running'),
    say(`  数据目录          ${o.data}`, `  data folder      ${o.data}`),
    say(`  数据库            ${o.database}`, `  database         ${o.database}`),
    ...o.urls.flatMap((u) => [
      say(`  考生机            ${u}/kiosk/`, `  kiosk (考生机)    ${u}/kiosk/`),
      say(`  监考台            ${u}/desk/`, `  desk  (监考台)    ${u}/desk/`),
      say(`  阅卷/面试平板     ${u}/desk/#/marking`, `  examiner app     ${u}/desk/#/marking`),
      say(`  组织者控制台      ${u}/desk/#/organiser`, `  organiser        ${u}/desk/#/organiser`),
      say(`  资格审查          ${u}/desk/#/review`, `  reviewer         ${u}/desk/#/review`),
    ]),
    say(`  监考台访问码      ${o.deskCode}（在监考台页面输入一次）`, `  desk access code ${o.deskCode}   (type it on the desk page once)`),
    say(`  服务器密钥指纹    ${o.serverKey}`, `  server key fingerprint ${o.serverKey}`),
    ...(o.certificate ? [say(`  考点证书 SHA-256  ${o.certificate}`, `  venue certificate SHA-256 ${o.certificate}`)] : []),
    ...(o.phonesUrl ? [say(`  手机投票          ${o.phonesUrl}`, `  phone voting     ${o.phonesUrl}`)] : []),
  ];
}

const dist = (app: string) => projectFile(`${app}/dist`);

export async function startCommand(opts: { data: string; database?: string; port: string; httpsPort: string; https: boolean; processes: string; redis?: string; demo?: boolean; demoSelection?: boolean; backupTo?: string; backupEvery: string; phones?: string; phonesCert?: string; phonesKey?: string }): Promise<void> {
  const processes = Number(opts.processes);
  if (!(Number.isSafeInteger(processes) && processes >= 1 && processes <= 64)) throw refusal('bad-request', '--processes 应为 1 到 64 之间的整数', '--processes is a whole number from 1 to 64');
  if (processes > 1) {
    // Several processes share one database and one state: PostgreSQL's (docs/processes.md).
    if (!isPostgresUrl(opts.database)) throw refusal('bad-request', '多个进程（--processes）须共用一个 PostgreSQL 数据库：请给出 --database postgres://…；SQLite 文件只能由一个进程使用', 'several processes (--processes) share one PostgreSQL database: give --database postgres://…; a SQLite file is served by one process');
    if (opts.demo || opts.backupTo) throw refusal('bad-request', '--demo 和 --backup-to 只用于单进程的 SQLite 文件，不能与 --processes 同用', '--demo and --backup-to are for one process on a SQLite file, not for --processes');
    if (cluster.isPrimary) return startProcesses(opts, processes);
  }
  const every = Number(opts.backupEvery);
  if (opts.backupTo && !(every > 0)) throw refusal('bad-request', '--backup-every 应为分钟数', '--backup-every is a number of minutes');
  // Phones are off unless the venue names the host and gives the certificate the phones trust for it.
  if ((opts.phones || opts.phonesCert || opts.phonesKey) && !(opts.phones && opts.phonesCert && opts.phonesKey)) throw refusal('bad-request', '--phones 须同时给出 --phones-cert 和 --phones-key：手机已信任的、该主机名的证书', '--phones needs --phones-cert and --phones-key: a certificate for that host name that the phones already trust');
  if (opts.phones && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(opts.phones)) throw refusal('bad-request', '--phones 应为主机名（例如 vote.example.gov.cn），而不是 IP 地址', '--phones is a host name (like vote.example.gov.cn), not an address');
  const phones = opts.phones ? { host: opts.phones.toLowerCase(), cert: readFileSync(opts.phonesCert!, 'utf8'), key: readFileSync(opts.phonesKey!, 'utf8') } : undefined;
  const apps = { kioskDist: dist('candidate-kiosk'), deskDist: dist('examiner-app') };
  for (const d of Object.values(apps)) if (!existsSync(d)) console.warn(`warning: ${d} is missing; build the apps (npm start or npm test builds them) to serve the pages`);
  // The demonstration plays the past of its selection on the server's clock set back; the real clock otherwise.
  const clock: DemoClock = { offset: 0 };
  const which = `${process.env.EXAM_PROCESS ?? 1}`;
  const onLeadership = cluster.isWorker
    ? (leading: boolean) => console.log(leading ? say(`进程 ${which}（pid ${process.pid}）负责考试时钟`, `process ${which} (pid ${process.pid}) keeps the exam clock`) : say(`进程 ${which}（pid ${process.pid}）不再负责考试时钟`, `process ${which} (pid ${process.pid}) no longer keeps the exam clock`))
    : undefined;
  if (opts.demo) setAsideInterruptedDemo(opts.data, opts.database);
  const server = await startExamServer({ onLeadership, ...(cluster.isWorker ? { shareKeeper: sharesInPrimary(), paperEntries: paperInPrimary() } : {}), now: () => Date.now() + clock.offset, dataDir: opts.data, database: opts.database, ...(opts.redis ? { redis: opts.redis } : {}), httpPort: Number(opts.port), httpsPort: opts.https ? Number(opts.httpsPort) : false, apps, ...(opts.backupTo ? { backup: { folder: resolve(opts.backupTo), everyMinutes: every } } : {}), ...(phones ? { phones } : {}) }).catch(inUse(opts));
  const { ctx } = server;
  if (cluster.isWorker) {
    // One of several processes: the primary prints the banner once all listen.
    reportReady({ httpUrl: server.httpUrl, httpsUrl: server.httpsUrl });
    const stop = () => void server.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return;
  }
  let demo: Awaited<ReturnType<typeof setUpDemo>> | undefined;
  let interview: InterviewDemo | undefined;
  // The demo's share codes are kept in the data folder so a restart can print them again.
  // (A real paper's shares are never on the server: they are printed at sealing, elsewhere.)
  const demoFile = join(opts.data, 'demo-shares.json');
  if (opts.demo && existsSync(demoFile)) {
    const kept = JSON.parse(readFileSync(demoFile, 'utf8')) as Awaited<ReturnType<typeof setUpDemo>> & { interview?: InterviewDemo };
    demo = kept;
    interview = kept.interview;
  } else if (opts.demo && !(await holdsNothing(ctx))) {
    console.log(say('此数据文件夹中已有数据：未添加演示。', 'This data folder holds data already: no demonstration was added.'));
  } else if (opts.demo) {
    // The whole selection to the decision first, played three days back; then the procedure's front
    // (registration closed two hours ago): the log entries carry their times in order. A mark in the
    // folder says it is being set up, until it is whole: a start stopped halfway is seen at the next.
    writeFileSync(join(opts.data, DEMO_PENDING), '', { mode: 0o600 });
    if (opts.demoSelection) {
      console.log(say('正在准备演示选拔（约半分钟）…', 'Setting up the demonstration selection (half a minute or so)…'));
      await setUpRankedDemo(server.httpUrl, ctx.deskCode, clock);
    }
    await setUpSelectionDemo(ctx);
    demo = await setUpDemo(ctx.db);
    interview = await setUpInterviewDemo(ctx.db);
    writeFileSync(demoFile, JSON.stringify({ ...demo, interview }, null, 2), { mode: 0o600 });
    rmSync(join(opts.data, DEMO_PENDING));
    await ctx.live.load(ctx.db);
  }
  const rankedDemo = !!demo && (await ctx.db.selectFrom('selections').select('id').where('id', '=', RANKED_DEMO_SELECTION).executeTakeFirst()) !== undefined;
  const lines = [
    ...serverLines({ data: opts.data, database: ctx.database.where, urls: [server.httpUrl, server.httpsUrl].filter(Boolean) as string[], deskCode: ctx.deskCode, serverKey: ctx.serverKey.fingerprint, certificate: server.certificate?.fingerprint ?? null, phonesUrl: phones && server.httpsUrl ? `https://${phones.host}:${new URL(server.httpsUrl).port}/kiosk/#phone` : null }),
    ...(ctx.backups
      ? [
          say(
            `  备份              ${resolve(opts.backupTo!)}，每 ${every} 分钟及每个环节结束时；最近一次 ${ctx.backups.last?.file ?? '—'}`,
            `  backups (备份)    ${resolve(opts.backupTo!)}, every ${every} min and at the end of each phase; last ${ctx.backups.last?.file ?? '—'}`,
          ),
        ]
      : []),
    ...(server.newBackupKeyCode
      ? [
          '',
          '  备份密钥（只显示这一次：请抄下或打印，与备份U盘分开保管；恢复备份时需要它）',
          '  Backup key (shown this once: write it down or print it, keep it apart from the backup stick; a restore needs it)',
          `    ${server.newBackupKeyCode}`,
        ]
      : []),
    '',
  ];
  if (demo) {
    lines.push(
      say('演示场次 demo（考场 demo，座位 01–04）', 'Demo session "demo" (room demo, seats 01–04) — 演示场次'),
      say(`  计划开考时间      ${localTime(demo.scheduledStart)}（监考台可提前开考，须填写原因并记入日志）`, `  scheduled start  ${localTime(demo.scheduledStart)} (the desk may start earlier, with a reason that is logged)`),
      say(`  密封试卷哈希      ${demo.sealedHash}`, `  sealed paper hash ${demo.sealedHash}`),
      say('  试卷分片码（开考时任意 2 份即可启封）：', '  paper share codes (any 2 of 3 open the paper at the start signal):'),
      ...demo.paperShares.map((c, i) => say(`    保管人 ${i + 1}：${c}`, `    keyholder ${i + 1}: ${c}`)),
      say('  答案分片码（收卷后任意 2 份即可启封）：', '  answer-key share codes (any 2 of 3, after the close):'),
      ...demo.answerKeyShares.map((c, i) => say(`    保管人 ${i + 1}：${c}`, `    keyholder ${i + 1}: ${c}`)),
      say('  考生：', '  candidates: ') + demo.tickets.map((t) => say(`${t.ticket} 座位 ${t.seat}`, `${t.ticket} seat ${t.seat}`)).join(say('，', ', ')),
      say('  打开考生机页面，在监考台把它登记到一个座位，再用该座位的准考证号登录。', '  Open the kiosk page, admit it at the desk to a seat, sign in with the ticket for that seat.'),
      '',
    );
  }
  if (demo) {
    lines.push(
      say('演示竞争上岗（两个职位，12 人报名，报名已截止，前 5 人已审查）', 'Demo selection "demo-selection" (two posts, 12 registrations, registration closed, the first 5 reviewed) — 演示竞争上岗'),
      say(`  报名页面          ${server.httpUrl}/register/demo-selection`, `  registration page ${server.httpUrl}/register/demo-selection`),
      say('  在监考台把一台设备登记为“组织者（控制台）”或“资格审查人”，再打开上面的控制台或审查页面。', '  Admit a device at the desk as “organiser (console)” or “qualification reviewer”, then open the console or review page above.'),
      '',
    );
  }
  if (demo && rankedDemo) {
    lines.push(
      say('演示选拔“演示：竞争上岗（综合成绩与公示）”（两个职位，5 人；笔试、民主测评、面试已完成，待党组决定和公示）', `Demo selection "${RANKED_DEMO_SELECTION}" (two posts, five people; written exam, evaluation and interview done; the committee's decision and the notices are yours) — 演示选拔`),
      say('  在控制台选择它：“综合成绩与考察人选”中查看排名、记录党组决定，“公示”中发布公示、登记异议。', '  Choose it in the console: rankings and the decision in 综合成绩与考察人选, notices and objections in 公示.'),
      say(`  公示页面          ${server.httpUrl}/notice/`, `  public notices    ${server.httpUrl}/notice/`),
      '',
    );
  }
  if (interview) {
    lines.push(
      say(`演示面试日（候考室 → ${interview.room} → 候分室）`, `Demo interview day "${interview.dayId}" (候考室 → ${interview.room} → 候分室) — 演示面试`),
      say('  面试题本分片码（当天开始时任意 2 份即可启封）：', '  interview-question share codes (any 2 of 3 open them at the start of the day):'),
      ...interview.questionShares.map((c, i) => say(`    保管人 ${i + 1}：${c}`, `    keyholder ${i + 1}: ${c}`)),
      say(`  当天的监考台页面：${server.httpUrl}/desk/#/interview   平板（考官、监督员、引导员）：${server.httpUrl}/desk/#/tablet`, `  desk page for the day: ${server.httpUrl}/desk/#/interview   tablets (examiners, supervisor, escort): ${server.httpUrl}/desk/#/tablet`),
      '',
    );
  }
  console.log(lines.join('\n'));
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** `exam start --processes N`: the shared files and the database made once, then N processes on the same ports. */
async function startProcesses(opts: Parameters<typeof startCommand>[0], n: number): Promise<void> {
  const prepared = await prepareStore({ dataDir: opts.data, database: opts.database, httpsPort: opts.https ? Number(opts.httpsPort) : false });
  if (opts.redis) await (await import('../realtime/adapter')).checkRedis(opts.redis);
  runProcesses(n, (first, all) => {
    const lines = serverLines({ data: opts.data, database: prepared.database, urls: [first.httpUrl, first.httpsUrl].filter(Boolean) as string[], deskCode: prepared.deskCode, serverKey: prepared.serverKey, certificate: prepared.certificate, phonesUrl: opts.phones && first.httpsUrl ? `https://${opts.phones.toLowerCase()}:${new URL(first.httpsUrl).port}/kiosk/#phone` : null });
    lines.push(say(`  服务进程          ${n} 个（pid ${all.map((r) => r.pid).join('、')}），共用上述端口`, `  processes        ${n} (pid ${all.map((r) => r.pid).join(', ')}), sharing the ports above`), '');
    console.log(lines.join('\n'));
  });
}
