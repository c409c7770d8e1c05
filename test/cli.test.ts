import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleHash, combineShares, decodeShareCode, fromUtf8, openBytes, paperSchema, sealedFileSchema, sealedHash } from '@exam/shared';
import { verifyAuditChain } from '@exam/server';
import { execExam, freePort, kill, spawnServer } from './support/process';
import { databaseFor, dropDatabaseFor, onPostgres, openTestStore, withDatabaseArgs } from './support/store';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The CLI in English unless a test asks otherwise (the machine's own LANG must not decide a test). */
const { EXAM_LANG: _unused, ...inherited } = process.env;
const english = { ...inherited, LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
const exam = (...args: string[]) => examIn(english, ...args);
/** Run on the store under test: each `--data` folder's database is made in the describe's beforeAll. */
const examIn = (env: NodeJS.ProcessEnv, ...args: string[]) => execExam(withDatabaseArgs(args), { stdio: 'pipe', env });
/** The data folders a describe's commands use: their databases made before, dropped after (on PostgreSQL). */
const dataFolders = (dir: string, names: string[]) => {
  beforeAll(async () => {
    for (const n of names) await databaseFor(join(dir, n));
  });
  afterAll(async () => {
    for (const n of names) await dropDatabaseFor(join(dir, n));
  });
};
const examFails = (...args: string[]) => examFailsIn(english, ...args);
const examFailsIn = (env: NodeJS.ProcessEnv, ...args: string[]) => {
  try {
    examIn(env, ...args);
  } catch (err) {
    return String((err as { stderr: string }).stderr);
  }
  throw new Error('the command succeeded');
};

describe('the organiser’s CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exam-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  dataFolders(dir, ['data', 'data-zeros', 'data-banner']);
  const demoPaper = join(root, 'exam-server/src/demo/demo-paper.yaml');

  it('checks a paper and names each problem with its line', () => {
    expect(exam('check-paper', demoPaper)).toMatch(/valid — 7 questions in 5 sections, 100.00 points/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'title: T\nduration_minutes: 30\nsections:\n  - title: S\n    questions:\n      - type: single\n        prompt: P\n        options: [a, b]\n        answer: Z\n        points: 2\n');
    expect(examFails('check-paper', bad)).toMatch(/line 9: sections\.0\.questions\.0\.answer/);
    // Each problem in the reader's language, worded from what was found there.
    const frame = join(dir, 'frame.yaml');
    writeFileSync(frame, 'title: T\nduration_minutes: thirty\nsections: []\n');
    expect(examFails('check-paper', frame)).toMatch(/^ {2}line 2: duration_minutes: must be a number, not text\n {2}line 3: sections: at least 1 item$/m);
    expect(examFails('--lang', 'zh', 'check-paper', frame)).toMatch(/^ {2}第 2 行：duration_minutes: 应为数字，而不是文字\n {2}第 3 行：sections: 至少 1 项$/m);
    expect(examFails('--lang', 'zh', 'check-paper', bad)).toMatch(/^ {2}第 9 行：sections\.0\.questions\.0\.answer: 答案应为选项字母 A–J$/m);
    // A file that is not a paper at all: the first ten problems, the rest counted, and the question it raises.
    const notPaper = examFails('check-paper', join(root, 'README.md')).trim().split('\n');
    expect(notPaper[0]).toMatch(/^error \(invalid-paper\): the paper is not valid YAML: \d+ problems$/);
    expect(notPaper).toHaveLength(12);
    expect(notPaper[11]).toMatch(/^ {2}\d+ more not listed: is this the right file\?$/);
    expect(examFails('--lang', 'zh', 'check-paper', join(root, 'README.md'))).toMatch(/^ {2}另有 \d+ 处问题未列出：是否选错了文件？$/m);
  });

  it('seals a paper 2-of-3: sheets with codes and QR, and any two codes open it', async () => {
    expect(examFails('seal', demoPaper, '--out', join(dir, 'not-sealed'), '-k', 'x', '-n', '3')).toContain('-k is a whole number (k of n shares, 2 ≤ k ≤ n ≤ 9), not “x”');
    const out = exam('seal', demoPaper, '--out', join(dir, 'sealed'), '-k', '2', '-n', '3', '--label', '测试笔试');
    const files = readdirSync(join(dir, 'sealed'));
    expect(files.filter((f) => f.includes('.paper.share-'))).toHaveLength(3);
    expect(files.filter((f) => f.includes('.answer-key.share-'))).toHaveLength(3);
    const sealed = sealedFileSchema.parse(JSON.parse(readFileSync(join(dir, 'sealed', 'demo-paper.paper.sealed.json'), 'utf8')));
    expect(out).toContain(sealedHash(sealed));
    const sheet = readFileSync(join(dir, 'sealed', 'demo-paper.paper.share-2-of-3.html'), 'utf8');
    expect(sheet).toContain('<svg');
    expect(sheet).toContain(sealedHash(sealed));
    const codes = [1, 3].map((i) => readFileSync(join(dir, 'sealed', `demo-paper.paper.share-${i}-of-3.html`), 'utf8').match(/<code>([0-9A-Z-]{80,})<\/code>/)![1]!);
    const shares = codes.map((c) => {
      const d = decodeShareCode(c);
      if (!d.ok) throw new Error(d.message);
      return d.share;
    });
    const paper = paperSchema.parse(JSON.parse(fromUtf8(openBytes(await combineShares(shares), sealed.box)!)));
    expect(paper.title).toContain('演示试卷');
  });

  it('sets up a session from the sealed files and a GB18030 roster, refusing bad rows', async () => {
    const roster = join(dir, 'roster.csv');
    const iconv = (await import('iconv-lite')).default;
    writeFileSync(roster, iconv.encode('姓名,身份证号,准考证号,座位号\r\n张伟,11010519491231002X,A001,01\r\n李娜,110105198001010016,A002,02\r\n', 'gb18030'));
    const data = join(dir, 'data');
    const args = ['session-create', '--data', data, '--id', 'r1', '--label', '第一考场', '--room', 'R1', '--paper', join(dir, 'sealed/demo-paper.paper.sealed.json'), '--answer-key', join(dir, 'sealed/demo-paper.answer-key.sealed.json'), '--start', '2026-12-01T09:00:00+08:00', '--duration', '90', '--seats', '01-30'];
    expect(exam(...args, '--roster', roster)).toMatch(/2 candidates \(roster read as gb18030\)/);
    const db = await openTestStore(data);
    expect((await db.db.selectFrom('candidates').select('name').orderBy('ticket').execute()).map((r) => r.name)).toEqual(['张伟', '李娜']);
    expect((await db.db.selectFrom('seats').select('seat').execute()).length).toBe(30);
    expect((await verifyAuditChain(db.db)).ok).toBe(true);
    await db.close();
    const badRoster = join(dir, 'bad.csv');
    writeFileSync(badRoster, '姓名,身份证号,准考证号,座位号\n张伟,110105194912310021,A009,09\n');
    expect(examFails(...args.map((a) => (a === 'r1' ? 'r2' : a)), '--roster', badRoster)).toMatch(/row 2: the check digit/);
  });

  it('speaks Chinese (by --lang or the system’s language), and imports a roster’s warnings only once confirmed', async () => {
    // The help too: its headings, every command's and option's description, the defaults.
    const help = exam('--lang', 'zh', 'start', '--help');
    expect(help).toMatch(/^用法： exam start \[options\]$/m);
    expect(help).toMatch(/^ {2}--port <n> +本机的 HTTP 端口（默认："8080"）$/m);
    expect(help).toMatch(/^ {2}-h, --help +显示帮助$/m);
    const overview = exam('--help', '--lang', 'zh');
    expect(overview).toMatch(/^ {2}verify \[options\] <bundle> +在本机核验核验包，不需要服务器/m);
    // No English left in the overview but commander's own [options] and [command], the command names and the flags.
    const words = overview.replace(/--?[a-z-]+/g, '').replace(/\[[a-z]+\]|<[a-z]+>|exam|docs\/[a-z./]+|HTML|PDF|YAML|LANG|zh\|en/g, '').match(/[A-Za-z]{2,}/g) ?? [];
    expect(words.filter((w) => !['start', 'restore', 'seal', 'ballot', 'codes', 'check', 'paper', 'session', 'create', 'interview', 'export', 'bundle', 'verify', 'publish', 'audit', 'help', 'command'].includes(w))).toEqual([]);
    expect(exam('seal', '--help')).toMatch(/^ {2}-k, --threshold <k> +shares needed to open \(default: "2"\)$/m);
    // commander's own errors as well: a missing option, a mistyped command.
    expect(examFails('--lang', 'zh', 'seal', demoPaper)).toMatch(/^错误：缺少必需的选项 --out <dir>$/m);
    expect(examFails('--lang', 'zh', 'verfy', 'x')).toMatch(/^错误：没有命令 verfy（是否想用 verify？）$/m);
    expect(examFails('seal', demoPaper)).toMatch(/^error: required option '--out <dir>' not specified$/m);
    const roster = join(dir, 'zeros.csv');
    writeFileSync(roster, '姓名,身份证号,准考证号,座位号\n张伟,11010519491231002X,B001,01\n李娜,110105198001010016,B002,02\n王芳,440524188001010014,B003,3\n');
    const data = join(dir, 'data-zeros');
    const args = ['session-create', '--data', data, '--id', 'z1', '--label', '第二考场', '--room', 'R2', '--paper', join(dir, 'sealed/demo-paper.paper.sealed.json'), '--answer-key', join(dir, 'sealed/demo-paper.answer-key.sealed.json'), '--start', '2026-12-01T09:00:00+08:00', '--duration', '90', '--roster', roster];
    const zh = examFails('--lang', 'zh', ...args);
    expect(zh).toContain('错误：名单文件有误（invalid-roster）');
    expect(zh).toContain('第 4 行：［需确认］座位号“3”可能被 Excel 去掉了前导零');
    expect(zh).toContain('加上 --accept 4 重新运行');
    expect(zh).not.toMatch(/row 4|error \(/);
    // The system's language decides when there is no --lang.
    expect(examFailsIn({ ...english, LANG: 'zh_CN.UTF-8' }, ...args)).toContain('第 4 行：［需确认］');
    const en = examFails(...args);
    expect(en).toContain('row 4: [to confirm] seat “3” may have lost its leading zeros');
    expect(en).toContain('run again with --accept 4');
    expect(examFails('--lang', 'fr', ...args)).toContain('--lang is zh or en');
    expect(exam('--lang', 'zh', ...args, '--accept', '4')).toContain('场次 z1：3 名考生');
    const db = await openTestStore(data);
    expect((await db.db.selectFrom('candidates').select(['ticket', 'seat']).orderBy('ticket').execute()).map((r) => r.seat)).toEqual(['01', '02', '03']);
    await db.close();
  });

  it('checks the audit chain and names a tampered entry', async () => {
    const data = join(dir, 'data');
    expect(exam('audit-verify', '--data', data)).toMatch(/audit log intact: 1 entries/);
    const db = await openTestStore(data);
    await db.db.updateTable('audit_log').set({ actor: 'someone else' }).where('seq', '=', 1).execute();
    await db.close();
    expect(examFails('audit-verify', '--data', data)).toMatch(/BROKEN at entry 1/);
    expect(examFails('--lang', 'zh', 'audit-verify', '--data', data)).toMatch(/^审计日志在第 1 条处断裂/);
    expect(exam('--lang', 'zh', 'check-paper', demoPaper)).toMatch(/格式正确 — 5 部分共 7 题，满分 100.00 分，30 分钟/);
  });

  it('starts with its banner in Chinese: addresses, the desk code, the demo’s share codes and candidates', async () => {
    const proc = await spawnServer(join(dir, 'data-banner'), await freePort(), ['--demo', '--lang', 'zh']);
    try {
      const out = proc.output();
      expect(out).toMatch(/^ {2}监考台访问码 {6}[0-9A-Z]{4}-[0-9A-Z]{4}（在监考台页面输入一次）$/m);
      expect(out).toMatch(/^ {4}保管人 1：\S+$/m);
      expect(out).toContain('考生：2026001 座位 01，');
      // No English: what is left without addresses, paths and codes (groups of capitals and digits) is Chinese.
      const words = out.replace(/\S*\/\S*/g, '').replace(/[0-9A-Z]+(-[0-9A-Z]+)+/g, '').match(/(?<![A-Za-z0-9])[A-Za-z]{2,}(?![A-Za-z0-9])/g) ?? [];
      expect(words.filter((w) => !['demo', 'SHA', 'U', 'UTC'].includes(w))).toEqual([]);
    } finally {
      await kill(proc, 'SIGTERM');
    }
  });
});

describe('the organiser’s CLI for an interview day', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exam-cli-i-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  dataFolders(dir, ['data', 'data-demo-cut', 'data-port']);

  it('checks and seals interview questions, then sets up the day from them and a roster with rooms', async () => {
    const questions = join(root, 'exam-server/src/demo/demo-interview.yaml');
    expect(exam('check-paper', questions)).toMatch(/2 interview questions, 6 rubric items, 100.00 points/);
    // Questions that are not YAML at all: as for a paper, the first ten problems, the rest counted.
    const notQuestions = join(dir, 'not-questions.yaml');
    writeFileSync(notQuestions, `questions:\n${readFileSync(join(root, 'README.md'), 'utf8')}`);
    const broken = examFails('check-paper', notQuestions).trim().split('\n');
    expect(broken[0]).toMatch(/^error \(invalid-paper\): the questions are not valid YAML: \d+ problems$/);
    expect(broken).toHaveLength(12);
    // A rubric's points in the reader's language.
    const badPoints = join(dir, 'bad-points.yaml');
    writeFileSync(badPoints, 'title: T\nquestions:\n  - prompt: P\n    answer_minutes: 5\n    rubric:\n      - id: a\n        label: L\n        max: -3\n        step: 0.5\n');
    expect(examFails('--lang', 'zh', 'check-paper', badPoints)).toMatch(/第 8 行：questions\.0\.rubric\.0\.max: 应为正数，至多两位小数/);
    exam('seal', questions, '--out', join(dir, 'sealed'), '-k', '2', '-n', '3');
    const roster = join(dir, 'roster.csv');
    writeFileSync(roster, '姓名,身份证号,准考证号,面试室\n张伟,11010519491231002X,A001,第一面试室\n李娜,110105198001010016,A002,第二面试室\n');
    const data = join(dir, 'data');
    const out = exam('interview-create', '--data', data, '--id', 'day1', '--label', '面试日', '--questions', join(dir, 'sealed/demo-interview.interview.sealed.json'), '--roster', roster, '--outlier', '8.5', '--announce');
    expect(out).toMatch(/2 candidates in 第一面试室, 第二面试室/);
    const db = await openTestStore(data);
    expect(await db.db.selectFrom('interview_days').select(['outlier_distance', 'announce_on_spot', 'trim_when_at_least']).executeTakeFirstOrThrow()).toEqual({ outlier_distance: 850, announce_on_spot: 1, trim_when_at_least: 5 });
    await db.close();
    expect(examFails('interview-create', '--data', data, '--id', 'day2', '--label', 'x', '--questions', join(dir, 'sealed/demo-interview.interview.sealed.json'), '--roster', roster, '--holding-room', '第一面试室')).toMatch(/must all be different rooms/);
  });

  it('`start --demo` (what npm start gives) adds no demonstration to a store that holds anyone’s work', async () => {
    // The store holds an interview day and no written session: the demonstration used to be added to such a one.
    const data = join(dir, 'data');
    const proc = await spawnServer(data, await freePort(), ['--demo', '--demo-selection']);
    try {
      expect(proc.output()).toContain('This data folder holds data already: no demonstration was added.');
      expect(proc.output()).not.toMatch(/keyholder 1:|demo-selection/);
    } finally {
      await kill(proc, 'SIGTERM');
    }
    const db = await openTestStore(data);
    expect((await db.db.selectFrom('sessions').select('id').execute()).length).toBe(0);
    expect((await db.db.selectFrom('selections').select('id').execute()).length).toBe(0);
    expect((await db.db.selectFrom('interview_days').select('id').execute()).map((d) => d.id)).toEqual(['day1']);
    await db.close();
  });

  it('a demonstration stopped halfway is seen at the next start: on SQLite set aside whole and made afresh; on PostgreSQL refused, saying what to do', async () => {
    const data = join(dir, 'data-demo-cut');
    // A store begun by a demonstration's setting up and stopped before it was whole: its mark is still there.
    const first = await spawnServer(data, await freePort());
    await kill(first, 'SIGTERM');
    writeFileSync(join(data, 'demo-setting-up'), '');
    if (onPostgres) {
      await expect(spawnServer(data, await freePort(), ['--demo'])).rejects.toThrow(/the demonstration was being set up in this database when the server was stopped: it is incomplete; start with an empty database/);
      return;
    }
    const proc = await spawnServer(data, await freePort(), ['--demo']);
    try {
      const aside = /The incomplete one is moved to (\S+); it is set up afresh now\./.exec(proc.output())?.[1];
      expect(aside).toBeDefined();
      expect(readdirSync(aside!)).toContain('exam.db');
      expect(readdirSync(aside!)).toContain('demo-setting-up');
      // This start set it up whole: its share codes printed, and the mark gone.
      expect(proc.output()).toMatch(/keyholder 1: \S+/);
      expect(readdirSync(data)).not.toContain('demo-setting-up');
      expect(readdirSync(data)).toContain('demo-shares.json');
      rmSync(aside!, { recursive: true, force: true });
    } finally {
      await kill(proc, 'SIGTERM');
    }
  });

  it('a port already in use is said so, with what to do', async () => {
    const port = await freePort();
    const holder = createServer().listen(port, '127.0.0.1');
    await new Promise((r) => holder.once('listening', r));
    try {
      await expect(spawnServer(join(dir, 'data-port'), port)).rejects.toThrow(/port \d+ is in use: another exam server \(or another program\) is running on it; stop it, or give another port with --port/);
      await expect(spawnServer(join(dir, 'data-port'), port, ['--lang', 'zh'])).rejects.toThrow(/已被占用：可能已有一个考务服务器（或其他程序）在使用它/);
    } finally {
      holder.close();
    }
  });

  it('exports a signed bundle and verifies it offline; a tampered copy fails with exit code 2 and says where', () => {
    const data = join(dir, 'data');
    const bundle = join(dir, 'bundle.json');
    expect(exam('export-bundle', '--data', data, '--out', bundle)).toMatch(/bundle hash [0-9a-f]{64}/);
    const bare = exam('verify', bundle);
    // Every step holds, and the verdict itself says that is not all: the records it lacks are the supervisors'.
    expect(bare).toMatch(/^VERIFIED: every step holds; what is listed above as not proven needs the supervisors’ own records\.$/m);
    expect(bare).not.toContain('everything holds');
    // Without the supervisors' records it says what it cannot prove.
    expect(bare).toMatch(/What this verification cannot prove:[\s\S]*rebuild the whole log/);
    // Each in the reader's language only: the report's `中文 · English` texts split.
    expect(bare).toMatch(/^ {2}! No checkpoint you kept or wrote down was given/m);
    expect(bare).not.toMatch(/[\u4e00-\u9fff]/);
    // The same report in Chinese: every step's title, the verdict, what it cannot prove.
    const zh = exam('--lang', 'zh', 'verify', bundle);
    expect(zh).toMatch(/^通过  1-format\s+核验包的格式和版本符合文档（检查 \d+ 项）$/m);
    expect(zh).toMatch(/^通过  12-interview-results\s+面试成绩由已签名的评分表重新计算，不采信服务器/m);
    expect(zh).toContain('本次核验不能证明的：');
    expect(zh).toContain('核验通过：每一步都成立；但上面列出的几项本次核验不能证明，须有监督员自己的记录。');
    expect(zh).not.toMatch(/PASS|VERIFIED|checked\)/);
    expect(zh).toMatch(/^ {2}! 未提供监督员自己保存或手写的检查点：[^A-Za-z]*$/m);
    // A checkpoint written down by hand: the entry and the first 32 hex digits, grouped as on the tablet.
    const b = JSON.parse(readFileSync(bundle, 'utf8'));
    const head = b.body.log.at(-1);
    const written = `${head.seq}: ${head.hash.slice(0, 32).toUpperCase().match(/.{4}/g).join(' ')}`;
    expect(exam('verify', bundle, '--checkpoint', written)).not.toMatch(/No checkpoint you kept/);
    expect(examFails('verify', bundle, '--checkpoint', `${head.seq}: ${head.hash.slice(0, 20)}`)).toMatch(/only 20 hex digits were written: at least 32/);
    // Two exports of the same state have the same bundle hash.
    expect(exam('export-bundle', '--data', data, '--out', join(dir, 'again.json')).match(/bundle hash ([0-9a-f]{64})/)![1]).toBe(bundleHash(b.body));
    b.body.log[0].payload.label = '改过的';
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(b));
    let out = '';
    let code = 0;
    try {
      execExam(['verify', join(dir, 'tampered.json')], { stdio: 'pipe' });
    } catch (err) {
      out = String((err as { stdout: string }).stdout);
      code = (err as { status: number }).status;
    }
    expect(code).toBe(2);
    expect(out).toMatch(/FAIL  3-audit-log/);
    expect(out).toMatch(/^ {8}- entry 1 \(interview.day-created\) was altered: its content does not match its hash$/m);
  });

  it('verify names a wrong or missing file with the option that names it, in both languages, once', () => {
    const bundle = join(dir, 'bundle.json');
    const readme = join(root, 'README.md');
    const keptIsBundle = examFails('verify', bundle, '--kept', bundle);
    expect(keptIsBundle).toContain(`--kept ${bundle}: it is not a list: a checkpoint file from a supervisor’s tablet is a list of cosigned checkpoints`);
    // Said once: the detail that only gives its Chinese is not printed again in English.
    expect(keptIsBundle.split('it is not a list').length).toBe(2);
    expect(examFails('--lang', 'zh', 'verify', bundle, '--kept', readme)).toContain(`--kept ${readme}：它不是 JSON 格式。监督员平板导出的检查点文件是已会签检查点的列表`);
    expect(examFails('verify', bundle, '--kept', join(dir, 'nowhere.json'))).toContain(`--kept: there is no file ${join(dir, 'nowhere.json')}`);
    expect(examFails('--lang', 'zh', 'verify', bundle, '--supervisors', join(dir, 'nowhere.json'))).toContain(`--supervisors：找不到文件 ${join(dir, 'nowhere.json')}`);
    const notFingerprints = examFails('verify', bundle, '--fingerprints', readme);
    expect(notFingerprints).toMatch(/--fingerprints \S+README\.md: not a list of key fingerprints, one a line/);
    expect(notFingerprints).toMatch(/^ {2}line 3: “```” is not a fingerprint \(16 characters in four groups of four/m);
    // The supervisors' written figures: a line not in the form is refused before any step runs, saying the form.
    expect(examFails('verify', bundle, '--ballot-close', 'ev-1/all: 5: 0')).toContain('--ballot-close ev-1/all: 5: 0: write evaluation/group: cards handed out: cards missing: cards unused, as the supervisors wrote them at the close');
    expect(examFails('--lang', 'zh', 'verify', bundle, '--ballot-close', 'ev-1/all: 5: 0: 一')).toContain('--ballot-close ev-1/all: 5: 0: 一：应写为“测评/组: 发出张数: 缺失张数: 未用张数”');
    expect(examFails('verify', bundle, '--ballot-list', 'ev-1/all: 6: 048c c641')).toContain('--ballot-list ev-1/all: 6: 048c c641: the hash needs at least its first 32 hex digits (128 bits); this one has 8');
    expect(examFails('verify', readme)).toContain(`the bundle: ${readme} is not a JSON file`);
    expect(examFails('--lang', 'zh', 'verify', join(dir, 'nowhere.json'))).toContain(`核验包：找不到文件 ${join(dir, 'nowhere.json')}`);
  });
});
