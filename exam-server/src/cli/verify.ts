import { cliLang, refusal, say } from './lang';
import { readFileSync, writeFileSync } from 'node:fs';
import { ExamError, bundleFileText, fingerprintLineProblems, parseBallotCloseText, parseBallotListText, parseCheckpointText, parseFingerprintLines, parseKeptCheckpointFile, reportText, verifyBundle, type VerificationReport, STEP_TITLES_ZH } from '@exam/shared';
import { startExamServer } from '../server';
import { exportBundle } from '../verification/export';
import { exportSupervisorsBundle, supervisorsBundleText } from '../verification/supervisors-export';
import { VerifyPool, poolVerifyMany } from '../identity/verify-pool';

export async function exportCommand(opts: { data: string; database?: string; out: string; supervisors?: string }): Promise<void> {
  const server = await startExamServer({ dataDir: opts.data, database: opts.database, httpPort: 0, httpsPort: false, keepTime: false });
  try {
    const bundle = await exportBundle(server.ctx);
    writeFileSync(opts.out, bundleFileText(bundle));
    const { bundleHash } = await import('@exam/shared');
    console.log(say(`核验包已写入 ${opts.out}：日志 ${bundle.body.log.length} 条，笔试场次 ${bundle.body.sessions.length} 个，面试日 ${bundle.body.days.length} 个`, `bundle written to ${opts.out}: ${bundle.body.log.length} log entries, ${bundle.body.sessions.length} session(s), ${bundle.body.days.length} interview day(s)`));
    console.log(say(`核验包哈希 ${bundleHash(bundle.body)} — 请随成绩一并公布`, `bundle hash ${bundleHash(bundle.body)} — publish it with the results`));
    if (opts.supervisors) {
      const records = await exportSupervisorsBundle(server.ctx.db);
      writeFileSync(opts.supervisors, supervisorsBundleText(records), { mode: 0o600 });
      console.log(say(`监督员核验包已写入 ${opts.supervisors}：报名表 ${records.registrations.length} 份，审查决定 ${records.decisions.length} 个 — 含个人信息，只交外部监督员，不得公开`, `supervisors’ bundle written to ${opts.supervisors}: ${records.registrations.length} forms, ${records.decisions.length} decisions — it holds personal data: for the outside supervisors only, never published`));
    }
  } finally {
    await server.close();
  }
}

function bar(stage: string, done: number, total: number): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  process.stderr.write(`\r${stage} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
  if (done >= total) process.stderr.write('\n');
}

function printReport(r: VerificationReport): void {
  const lang = cliLang();
  const zh = lang === 'zh';
  console.log(`${say('核验包', 'bundle')} ${r.bundleHash ?? say('（无法读取）', '(unreadable)')}`);
  for (const s of r.steps) {
    const title = zh ? (STEP_TITLES_ZH[s.id as keyof typeof STEP_TITLES_ZH] ?? s.title) : s.title;
    console.log(`${s.ok ? say('通过', 'PASS') : say('未通过', 'FAIL')}  ${s.id.padEnd(22)} ${title}${say(`（检查 ${s.checked} 项）`, ` (${s.checked} checked)`)}`);
    for (const p of s.problems) console.log(`        - ${reportText(p, lang)}`);
  }
  if (r.restored.length > 0) {
    console.log(say('日志记录的从备份恢复：', 'Restores from a backup that the log records:'));
    for (const u of r.restored) console.log(`  ↺ ${reportText(u, lang)}`);
  }
  if (r.unproven.length > 0) {
    console.log(say('本次核验不能证明的：', 'What this verification cannot prove:'));
    for (const u of r.unproven) console.log(`  ! ${reportText(u, lang)}`);
  }
  // Every step holding is not all a verification can prove: what it could not, it says in the verdict too.
  if (!r.ok) console.log(say('核验未通过：见上面未通过的步骤。', 'NOT VERIFIED: see the failures above.'));
  else if (r.unproven.length > 0) console.log(say('核验通过：每一步都成立；但上面列出的几项本次核验不能证明，须有监督员自己的记录。', 'VERIFIED: every step holds; what is listed above as not proven needs the supervisors’ own records.'));
  else console.log(say('核验通过：各项均成立。', 'VERIFIED: everything holds.'));
}

const zhName = (what: string) => (what === 'the bundle' ? '核验包' : what);

/** A JSON file named on the command line: one that is not JSON is said so (its shape is the verifier's to check). */
function givenJson(what: string, file: string): unknown {
  const text = givenFile(what, file);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw refusal('bad-request', `${zhName(what)}：${file} 不是 JSON 文件`, `${what}: ${file} is not a JSON file (${(err as Error).message.slice(0, 80)})`);
  }
}

/** A file named on the command line, as text: one that is not there, or cannot be read, is said so with the option that names it. */
function givenFile(option: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    if (missing) throw refusal('bad-request', `${zhName(option)}：找不到文件 ${file}`, `${option}: there is no file ${file}`);
    throw refusal('bad-request', `${zhName(option)}：无法读取 ${file}`, `${option}: ${file} cannot be read (${(err as Error).message})`);
  }
}

/**
 * `exam verify <bundle>`: checks a bundle on this machine without the server. What the supervisors
 * kept is given with --checkpoint "seq:hash" (repeatable; the hash as written down, at least its
 * first 32 hex digits, spaces allowed), --kept FILE (a tablet's checkpoint file) and
 * --fingerprints FILE (one per line).
 */
export async function verifyCommand(file: string, opts: { json?: boolean; checkpoint?: string[]; fingerprints?: string; kept?: string[]; supervisors?: string; ballotList?: string[]; ballotClose?: string[] }): Promise<void> {
  const input = givenJson('the bundle', file);
  const checkpoints: Array<{ seq: number; hash: string; phase?: string; supervisorKey?: string; signature?: string }> = (opts.checkpoint ?? []).map((c) => {
    const p = parseCheckpointText(c);
    if ('error' in p) throw new ExamError('bad-request', `--checkpoint: ${p.error}`);
    return p;
  });
  // Checkpoint files exported from the supervisors' tablets: each entry carries its cosignature.
  for (const f of opts.kept ?? []) {
    const read = parseKeptCheckpointFile(givenFile('--kept', f));
    if (!('entries' in read)) throw refusal('bad-request', `--kept ${f}：${read.zh}`, `--kept ${f}: ${read.en}`);
    for (const k of read.entries) checkpoints.push({ ...k.checkpoint, supervisorKey: k.supervisorKey, signature: k.signature });
  }
  // What the supervisors wrote on an evaluation's ceremony sheet: "evaluation/group: count: hash".
  const ballotLists = (opts.ballotList ?? []).map((v) => {
    const p = parseBallotListText(v);
    if ('error' in p) throw refusal('bad-request', `--ballot-list ${v}：${p.zh}`, `--ballot-list ${v}: ${p.error}`);
    return p;
  });
  // What the supervisors wrote at an evaluation's close: "evaluation/group: handed out: missing: unused".
  const ballotCloses = (opts.ballotClose ?? []).map((v) => {
    const p = parseBallotCloseText(v);
    if ('error' in p) throw refusal('bad-request', `--ballot-close ${v}：${p.zh}`, `--ballot-close ${v}: ${p.error}`);
    return p;
  });
  let fingerprints: string[] | undefined;
  if (opts.fingerprints) {
    const text = givenFile('--fingerprints', opts.fingerprints);
    const problems = fingerprintLineProblems(text);
    if (problems.length > 0) {
      throw new ExamError(
        'bad-request',
        `--fingerprints ${opts.fingerprints}: not a list of key fingerprints, one a line (${problems.length} line(s) are not)`,
        problems.slice(0, 5).map((p) => ({ line: p.line, message: p.en, zh: p.zh })),
      );
    }
    fingerprints = parseFingerprintLines(text);
  }
  let supervisors: unknown;
  if (opts.supervisors) supervisors = givenJson('--supervisors', opts.supervisors);
  const pool = new VerifyPool();
  try {
    const report = await verifyBundle(input, {
      kept: { checkpoints, ...(fingerprints ? { fingerprints } : {}), ...(ballotLists.length ? { ballotLists } : {}), ...(ballotCloses.length ? { ballotCloses } : {}) },
      ...(opts.supervisors ? { supervisors } : {}),
      progress: bar,
      verifyMany: poolVerifyMany(pool),
    });
    if (opts.json) console.log(JSON.stringify(report, null, 2));
    else printReport(report);
    process.exitCode = report.ok ? 0 : 2;
  } finally {
    await pool.close();
  }
}
