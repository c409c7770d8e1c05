import { refusal, say } from './lang';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { allQuestions, formatHundredths, interviewMax, paperTotal } from '@exam/shared';
import { parseInterviewQuestions } from '../papers/interview-authoring';
import { parseAuthoredPaper } from '../papers/authoring';
import { sealInterview, sealPaper } from '../papers/seal';
import { shareSheet } from '../papers/share-sheet';
import { makeFolder } from '../make-folder';

/** `-k` and `-n` as numbers: anything but a whole number is said so, naming the option. */
function sharesOf(opts: { threshold: string; shares: string }): { threshold: number; count: number } {
  const whole = (flag: string, v: string) => {
    if (!/^\s*\d{1,2}\s*$/.test(v)) throw refusal('bad-request', `${flag} 应为整数（n 份分片中任 k 份可启封，2 ≤ k ≤ n ≤ 9），而不是“${v}”`, `${flag} is a whole number (k of n shares, 2 ≤ k ≤ n ≤ 9), not “${v}”`);
    return Number(v);
  };
  return { threshold: whole('-k', opts.threshold), count: whole('-n', opts.shares) };
}

async function sealInterviewCommand(file: string, source: string, opts: { out: string; threshold: string; shares: string; label?: string; force?: boolean }): Promise<void> {
  const set = parseInterviewQuestions(source);
  const { threshold, count } = sharesOf(opts);
  const stem = basename(file).replace(/\.[^.]+$/, '');
  const clash = existsSync(opts.out) ? readdirSync(opts.out).filter((f) => f.startsWith(`${stem}.`)) : [];
  if (clash.length > 0 && !opts.force) throw refusal('conflict', `${opts.out} 中已有密封的 ${stem}：请换一个 --out，或加 --force 替换`, `${opts.out} already holds sealed ${stem}: use another --out, or --force`);
  const sealed = await sealInterview(set, { label: opts.label ?? stem, threshold, count });
  makeFolder(opts.out, '--out');
  const path = join(opts.out, `${stem}.interview.sealed.json`);
  writeFileSync(path, JSON.stringify(sealed.file, null, 2));
  const written = [path];
  for (let i = 0; i < sealed.shareCodes.length; i++) {
    const sheet = join(opts.out, `${stem}.interview.share-${i + 1}-of-${count}.html`);
    writeFileSync(sheet, await shareSheet({ label: sealed.file.label, kind: 'interview', sealId: sealed.file.sealId, sealedHash: sealed.hash, index: i + 1, threshold, count, code: sealed.shareCodes[i]! }), { mode: 0o600 });
    written.push(sheet);
  }
  console.log(say(`已密封 ${file}：面试题 ${set.questions.length} 道，满分 ${formatHundredths(interviewMax(set))} 分`, `sealed ${file}: ${set.questions.length} interview questions, ${formatHundredths(interviewMax(set))} points`));
  console.log(say(`  题本        密封号 ${sealed.file.sealId}  哈希 ${sealed.hash}（${count} 份分片，任 ${threshold} 份可启封）`, `  questions   seal ${sealed.file.sealId}  hash ${sealed.hash}  (${threshold} of ${count})`));
  console.log(say('请提前公布哈希。分片单打印后分别交给各密钥保管人，然后删除分片单文件：', 'Announce the hash in advance. Hand each share sheet, printed, to its keyholder, then delete the sheet files:'));
  for (const w of written) console.log(`  ${w}`);
}

export function checkPaperCommand(file: string): void {
  const source = readFileSync(file, 'utf8');
  if (isInterview(source)) {
    const set = parseInterviewQuestions(source);
    const items = set.questions.reduce((n, q) => n + q.rubric.length, 0);
    console.log(say(`${file}：格式正确 — 面试题 ${set.questions.length} 道，评分要素 ${items} 项，满分 ${formatHundredths(interviewMax(set))} 分`, `${file}: valid — ${set.questions.length} interview questions, ${items} rubric items, ${formatHundredths(interviewMax(set))} points`));
    return;
  }
  const { paper } = parseAuthoredPaper(source);
  console.log(say(`${file}：格式正确 — ${paper.sections.length} 部分共 ${allQuestions(paper).length} 题，满分 ${formatHundredths(paperTotal(paper))} 分，${paper.durationMinutes} 分钟`, `${file}: valid — ${allQuestions(paper).length} questions in ${paper.sections.length} sections, ${formatHundredths(paperTotal(paper))} points, ${paper.durationMinutes} minutes`));
}

/** Interview questions (题本) have `questions` at the top; a written paper has `sections`. */
const isInterview = (source: string) => /^questions\s*:/m.test(source) && !/^sections\s*:/m.test(source);

export async function sealCommand(file: string, opts: { out: string; threshold: string; shares: string; label?: string; force?: boolean }): Promise<void> {
  const source = readFileSync(file, 'utf8');
  if (isInterview(source)) return sealInterviewCommand(file, source, opts);
  const { paper, answerKey } = parseAuthoredPaper(source);
  const { threshold, count } = sharesOf(opts);
  const label = opts.label ?? basename(file).replace(/\.[^.]+$/, '');
  const sealed = await sealPaper(paper, answerKey, { label, threshold, count });
  const stem = basename(file).replace(/\.[^.]+$/, '');
  // Sealing again would make new keys: share sheets already handed out would open nothing.
  const clash = existsSync(opts.out) ? readdirSync(opts.out).filter((f) => f.startsWith(`${stem}.`)) : [];
  if (clash.length > 0 && !opts.force) {
    throw refusal('conflict', `${opts.out} 中已有密封的 ${stem}（${clash[0]}…）：重新密封会使已打印的分片单作废。请换一个 --out，或加 --force 替换`, `${opts.out} already holds a sealed ${stem} (${clash[0]}…): sealing again would make the share sheets already printed useless. Use another --out, or --force to replace it`);
  }
  makeFolder(opts.out, '--out');
  const written: string[] = [];
  for (const [what, s] of [['paper', sealed.paper], ['answer-key', sealed.answerKey]] as const) {
    const path = join(opts.out, `${stem}.${what}.sealed.json`);
    writeFileSync(path, JSON.stringify(s.file, null, 2));
    written.push(path);
    for (let i = 0; i < s.shareCodes.length; i++) {
      const sheet = join(opts.out, `${stem}.${what}.share-${i + 1}-of-${s.shareCodes.length}.html`);
      writeFileSync(sheet, await shareSheet({ label: s.file.label, kind: what, sealId: s.file.sealId, sealedHash: s.hash, index: i + 1, threshold, count, code: s.shareCodes[i]! }), { mode: 0o600 });
      written.push(sheet);
    }
  }
  console.log(say(`已密封 ${file}：共 ${allQuestions(paper).length} 题，满分 ${formatHundredths(paperTotal(paper))} 分`, `sealed ${file}: ${allQuestions(paper).length} questions, ${formatHundredths(paperTotal(paper))} points`));
  console.log(say(`  试卷        密封号 ${sealed.paper.file.sealId}  哈希 ${sealed.paper.hash}（${count} 份分片，任 ${threshold} 份可启封）`, `  paper       seal ${sealed.paper.file.sealId}  hash ${sealed.paper.hash}  (${threshold} of ${count})`));
  console.log(say(`  答案        密封号 ${sealed.answerKey.file.sealId}  哈希 ${sealed.answerKey.hash}（${count} 份分片，任 ${threshold} 份可启封）`, `  answer key  seal ${sealed.answerKey.file.sealId}  hash ${sealed.answerKey.hash}  (${threshold} of ${count})`));
  console.log(say('请提前公布哈希。分片单打印后分别交给各密钥保管人，然后删除分片单文件：', 'Announce the hashes in advance. Hand each share sheet, printed, to its keyholder, then delete the sheet files:'));
  for (const w of written) console.log(`  ${w}`);
}
