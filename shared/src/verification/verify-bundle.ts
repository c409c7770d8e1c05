import { bundleHash } from './bundle';
import { VerifyContext, type KeptByTheSupervisors } from './context';
import { Step, type VerificationReport } from './report';
import { verifyManyPortable, type VerifyMany } from './signatures';
import type { Bundle } from './bundle';
import { checkFormat } from './steps/01-format';
import { addServerSignature, checkServerSignature } from './steps/02-signature';
import { addCheckpointSignatures, checkChain, checkWitnesses, restoreNotes } from './steps/03-audit-log';
import { checkKeys, sheetRoles } from './steps/04-keys';
import { AdmissionTimeline } from '../protocol/signers';
import { checkSigners } from './steps/05-signers';
import { checkSealed } from './steps/06-sealed';
import { addReceiptSignatures, checkWrittenAnswers } from './steps/07-written-answers';
import { addMarkSignatures, checkWrittenMarks } from './steps/08-written-marks';
import { checkWrittenResults } from './steps/09-written-results';
import { addCommitSignatures, checkLots } from './steps/10-lots';
import { addSheetSignatures, checkScoreSheets } from './steps/11-score-sheets';
import { checkInterviewResults } from './steps/12-interview-results';
import { addRecordSignatures, checkSelection } from './steps/13-selection';
import { addBallotSignatures, checkEvaluations } from './steps/14-evaluation';
import { checkRankings } from './steps/15-ranking';
import { checkNotices } from './steps/16-notices';
import { isObject, rowsOf } from './steps/payload';
import { supervisorsBundleSchema, type SupervisorsBundle } from './supervisors-bundle';

export type { KeptByTheSupervisors } from './context';

export interface VerifyOptions {
  verifyMany?: VerifyMany;
  kept?: KeptByTheSupervisors;
  /** The supervisors' bundle (docs/bundle.md), as read from its file: the records behind the selection's commitments. */
  supervisors?: unknown;
  progress?: (stage: string, done: number, total: number) => void;
}

/** The numbered steps of docs/bundle.md: ids and titles are normative, the problems' wording is not. */
export const STEPS = [
  ['1-format', 'The bundle has the documented format and version'],
  ['2-signature', 'The server signed this bundle'],
  ['3-audit-log', 'The audit log is one unbroken hash chain, witnessed by the supervisors’ checkpoints'],
  ['4-keys', 'The key register is what the log admitted'],
  ['5-signers', 'Every signed object was signed by a key admitted for it at that moment'],
  ['6-sealed', 'Each sealed file is the one announced, and its key opens it'],
  ['7-written-answers', 'Every hand-in matches its receipt and the log'],
  ['8-written-marks', 'Every mark is recomputed, or signed by an admitted marker and current'],
  ['9-written-results', 'The written results are recomputed from the marks, not trusted'],
  ['10-lots', 'Every draw recomputes from the log, and the lots are the ones drawn'],
  ['11-score-sheets', 'Which score sheets count is derived from the signed sheets alone'],
  ['12-interview-results', 'The interview results are recomputed from the signed sheets, not trusted'],
  ['13-selection', 'Registration, review, the qualified lists and the seats are recomputed from the log'],
  ['14-evaluation', 'Every evaluation’s ballots are signed by committed cards, once each, and its count is recomputed'],
  ['15-ranking', 'The ranking rules were fixed before their components began, and every composite, bar, shortlist and vacancy is recomputed'],
  ['16-notices', 'Every notice lasted its working days, every objection was handled, and appointments became final only after their notice'],
] as const;

/** The steps' titles in Chinese, for the reports people read (the ids stay as they are). */
export const STEP_TITLES_ZH: Record<(typeof STEPS)[number][0], string> = {
  '1-format': '核验包的格式和版本符合文档',
  '2-signature': '本核验包由服务器签名',
  '3-audit-log': '审计日志是一条完整的哈希链，并由监督员的检查点见证',
  '4-keys': '密钥登记表与日志中的准入记录一致',
  '5-signers': '每个签名对象都由当时已为此准入的密钥签署',
  '6-sealed': '每个密封文件都是事先公布的那一个，且其密钥能打开它',
  '7-written-answers': '每份交卷与其回执和日志一致',
  '8-written-marks': '每个评分或经重算，或由已准入的阅卷人签名且为现行版本',
  '9-written-results': '笔试成绩由评分重新计算，不采信服务器',
  '10-lots': '每次抽签都可由日志重算，抽签号与抽出的一致',
  '11-score-sheets': '哪些评分表计入，只由已签名的评分表推出',
  '12-interview-results': '面试成绩由已签名的评分表重新计算，不采信服务器',
  '13-selection': '报名、资格审查、合格人员名单和考场座位由日志重新推出',
  '14-evaluation': '每次民主测评的选票都由登记的测评码签名、每码一票，计票结果重新计算',
  '15-ranking': '排名规则在相关环节开始前确定，每个综合成绩、资格线、考察人选和空缺都重新计算',
  '16-notices': '每次公示都满足规定的工作日数，每件异议都有处理结果，任用在公示期满后才确定',
};

/**
 * The verifier's context and every signature of a person in the bundle (checkpoints' cosignatures,
 * receipts, marks, score sheets, draw commitments), sent to `verifyMany`. On a file not yet held to
 * its schema, anything that does not read as a bundle gives null (step 1 will say why); on a bundle
 * step 1 accepted (`surely`) it is an error.
 */
function sendPeoplesSignatures(bundle: Bundle, opts: VerifyOptions, verifyMany: VerifyMany, supervisors: SupervisorsBundle | null, surely = false): { ctx: VerifyContext; pending: Promise<boolean[]> } | null {
  try {
    const ctx = new VerifyContext(bundle, opts.kept ?? {}, supervisors);
    addCheckpointSignatures(ctx);
    addReceiptSignatures(ctx);
    addMarkSignatures(ctx);
    addSheetSignatures(ctx);
    addCommitSignatures(ctx);
    addRecordSignatures(ctx);
    addBallotSignatures(ctx);
    const people = ctx.jobs.slice();
    const pending = verifyMany(people, (n) => opts.progress?.('signatures', n, people.length + 1), ctx.encode);
    pending.catch(() => undefined); // awaited only if step 1 passes
    return { ctx, pending };
  } catch (err) {
    if (surely) throw err;
    return null;
  }
}

/**
 * Verifies an export bundle without trusting the server: every signature, the hash chain and its
 * witnesses, who signed what and when, the sealed files and their keys, every receipt, mark, draw
 * and score sheet — and recomputes every written and interview result from the signed inputs alone,
 * comparing them with what the bundle claims. One function per numbered step (steps/); each step
 * reports what it found, and every step runs even when an earlier one fails (except step 1).
 */
export async function verifyBundle(input: unknown, opts: VerifyOptions = {}): Promise<VerificationReport> {
  const steps = STEPS.map(([id, title]) => new Step(id, title));
  const [s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15, s16] = steps as [Step, Step, Step, Step, Step, Step, Step, Step, Step, Step, Step, Step, Step, Step, Step, Step];
  const verifyMany = opts.verifyMany ?? verifyManyPortable;
  // The supervisors' bundle, when given, is held to its own schema first; one that is not is named at step 13.
  const sup = opts.supervisors === undefined ? null : supervisorsBundleSchema.safeParse(opts.supervisors);
  if (sup && !sup.success) s13.check(false, () => `监督员核验包格式无效：${sup.error.issues[0]?.path.join('.') ?? ''} · the supervisors’ bundle is not in the documented format: ${sup.error.issues[0]?.path.join('.') ?? ''} ${sup.error.issues[0]?.message ?? ''}`);
  const records = sup?.success ? sup.data : null;
  // The people's signatures are on their way (a pool checks them on other cores) before the file is
  // held to its schema, a long pass over a large bundle: read from the file as it stands, their
  // verdicts are used only once step 1 has passed, and then they are of exactly the objects it accepted.
  const early = sendPeoplesSignatures(input as Bundle, opts, verifyMany, records);
  const bundle = checkFormat(input, s1);
  let restored: string[] = [];
  const report = (hash: string | null, upTo = steps.length): VerificationReport => {
    const shown = steps.slice(0, upTo).map((s) => s.report());
    return { ok: upTo === steps.length && shown.every((s) => s.ok), bundleHash: hash, steps: shown, unproven: unproven(opts.kept ?? {}, bundle?.body.log ?? [], opts.supervisors !== undefined), restored };
  };
  if (!bundle) return report(null, 1);
  let sent = early;
  if (!sent) {
    // The signed objects could not be read from a bundle step 1 accepted: a member of another type
    // than the documented one, which the schema leaves open (a payload's). Nothing further can be read.
    try {
      sent = sendPeoplesSignatures(bundle, opts, verifyMany, records, true)!;
    } catch (err) {
      s1.check(false, () => `核验包中有类型与文档不符的内容，无法读出其中的签名（${err instanceof Error ? err.message : String(err)}） · the bundle holds a member of another type than the documented one, and its signatures cannot be read (${err instanceof Error ? err.message : String(err)})`);
      return report(null, 1);
    }
  }
  const { ctx, pending } = sent;

  // Then the server's signature, whose statement needs the bundle hash.
  ctx.bundleHash = bundleHash(ctx.body, ctx.canonical);
  const server = addServerSignature(ctx);
  const serverPending = verifyMany([server]);
  // What needs no signature's verdict runs while the signatures are checked.
  s3.run(() => checkChain(ctx, s3));
  s6.run(() => checkSealed(ctx, s6));
  s4.run(() => checkKeys(ctx, s4));
  s5.run(() => checkSigners(ctx, s5));
  ctx.setVerdicts([...(await pending), ...(await serverPending)]);

  s2.run(() => checkServerSignature(ctx, s2));
  s3.run(() => checkWitnesses(ctx, s3));
  s7.run(() => checkWrittenAnswers(ctx, s7));
  s8.run(() => checkWrittenMarks(ctx, s8));
  s9.run(() => checkWrittenResults(ctx, s9));
  s10.run(() => checkLots(ctx, s10));
  s11.run(() => checkScoreSheets(ctx, s11));
  s12.run(() => checkInterviewResults(ctx, s12));
  s13.run(() => checkSelection(ctx, s13));
  s14.run(() => checkEvaluations(ctx, s14));
  s15.run(() => checkRankings(ctx, s15));
  s16.run(() => checkNotices(ctx, s16));
  restored = restoreNotes(ctx);
  return report(ctx.bundleHash);
}

/**
 * What no step can prove without the supervisors' own records: the server's key signs the bundle
 * and every checkpoint, so a server that kept its key can rebuild the whole log and re-sign it; only
 * what the supervisors kept themselves tells the log shown today from the one shown on the day.
 */
export function unproven(kept: KeptByTheSupervisors, log: ReadonlyArray<{ seq: number; type: string; payload: Record<string, unknown> }>, withRecords = false): string[] {
  const out: string[] = [];
  const logLength = log.length;
  const has = (type: string) => log.some((e) => e.type === type);
  const withoutRecords = has('registration.recorded') && !withRecords;
  const cps = kept.checkpoints ?? [];
  if (cps.length === 0) {
    out.push('未提供监督员自己保存或手写的检查点：无法证明这份日志就是考试当天展示的那份——持有服务器密钥者可以重建整个日志、重新签署所有检查点和本核验包，而各步骤仍会通过。 · No checkpoint you kept or wrote down was given: nothing proves this log is the one shown on the day. Whoever holds the server’s key can rebuild the whole log, re-sign every checkpoint and this bundle, and every step would still pass.');
  } else {
    const last = Math.max(...cps.map((c) => c.seq));
    if (last < logLength) out.push(`第 ${last} 条之后的 ${logLength - last} 条日志没有任何监督员的检查点见证，可能是事后添加的（例如事后准入的密钥及其签名）。 · The ${logLength - last} entries after entry ${last}, the last checkpoint you kept, are witnessed by no supervisor: they could have been added afterwards (a key admitted after the day, and what it signed).`);
  }
  if (withoutRecords) {
    out.push('未提供监督员核验包：报名表、审查人的签名、回避申报和公示期间收到的异议只以承诺的形式出现在日志中——无法证明审查决定确由审查人签署、一个身份证号只有一份有效报名、申报回避者未审查其亲属、异议记录与收到的一致，合格人员名单只按日志中最后的决定重算。 · No supervisors’ bundle was given: the forms, the reviewers’ signatures, the declared relations and the objections received during the notices are only commitments on the log — nothing proves a decision was signed by its reviewer, that an ID number held one active form, that no reviewer decided on a relative, or that an objection is recorded as it was received; the lists are recomputed from the last decision logged for each item.');
  }
  // Per evaluation and group: a group the supervisors' figures were not given for is only as the log says.
  const groupsOf = (evaluationId: string) =>
    log
      .filter((e) => e.type === 'evaluation.created' && e.payload['evaluationId'] === evaluationId)
      .flatMap((e) => rowsOf(isObject(e.payload['settings']) ? e.payload['settings']['groups'] : null).map((g) => `${evaluationId}/${String(g['id'])}`));
  const evaluationsWith = (type: string) => [...new Set(log.filter((e) => e.type === type).map((e) => String(e.payload['evaluationId'])))];
  const given = (records: Array<{ evaluationId: string; group: string }> | undefined) => new Set((records ?? []).map((r) => `${r.evaluationId}/${r.group}`));
  const listed = given(kept.ballotLists);
  const withoutList = evaluationsWith('evaluation.created').flatMap(groupsOf).filter((g) => !listed.has(g));
  if (withoutList.length > 0) {
    out.push(`未提供这些组测评码卡片仪式记录单上的数量和哈希：${withoutList.join('、')}——这些组的码单只是日志所称的码单，持有服务器密钥者可以在其中加入自己的测评码并投票。 · No card lists from the evaluation’s ceremony sheet were given for ${withoutList.join(', ')}: each of those groups’ list of cards is only the one the log names — whoever holds the server’s key could add cards of its own to it and vote with them.`);
  }
  const closedWith = given(kept.ballotCloses);
  const withoutClose = evaluationsWith('evaluation.closed').flatMap(groupsOf).filter((g) => !closedWith.has(g));
  if (withoutClose.length > 0) {
    out.push(`未提供监督员在结束投票时为这些组记录的发出、缺失和未用张数：${withoutClose.join('、')}——这些数字只是日志所称的，服务器可以把有效选票从投票板上拿掉，同时把“缺失”或“未用”加大，各项合计仍然相符。 · No figures from the evaluation’s close were given for ${withoutClose.join(', ')}: those groups’ cards handed out, missing and unused are only the ones the log gives — a server could leave valid ballots off the board and call their cards missing or unused, and every sum would still agree.`);
  }
  if (kept.fingerprints?.length) {
    const missing = sheetRoles({ timeline: new AdmissionTimeline(log) }, kept.fingerprints).filter((r) => !r.covered).map((r) => r.role);
    if (missing.length > 0) out.push(`密钥仪式记录单上没有这些身份的任何指纹：${missing.join('、')}——这些密钥只是日志所称的密钥。 · No fingerprint of these roles’ keys was given: ${missing.join(', ')} — those keys are only the ones the log names.`);
  } else {
    out.push('未提供密钥仪式记录单上的指纹：考官、阅卷人和监督员的密钥只是日志所称的密钥。 · No fingerprints from the key ceremony sheets were given: the keys of examiners, markers and supervisors are only the ones the log names.');
  }
  return out;
}
