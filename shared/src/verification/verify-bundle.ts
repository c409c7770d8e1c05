import { objectHash } from '../crypto/hash';
import { keyFingerprint } from '../crypto/ed25519';
import { keyCommitment, openBytes } from '../crypto/seal';
import { fromBase64, fromUtf8 } from '../encoding/bytes';
import { sealedHash } from '../protocol/sealed';
import { answerKeySchema, allQuestions, isObjective, paperSchema, type AnswerKey, type Paper } from '../papers/paper';
import { autoMark } from '../papers/marking';
import { candidateSeed } from '../papers/shuffle';
import { interviewSetSchema, type InterviewSet } from '../interview/questions';
import { sheetHash, sheetProblems } from '../interview/score-sheet';
import { checkLotTranscript } from '../lots/draw';
import { competitionRanks, panelScore } from '../scoring/panel';
import { formatHundredths as fmt } from '../scoring/rounding';
import { bundleHash, bundleSchema, type Bundle, type BundleBody } from './bundle';
import { Step, type VerificationReport } from './report';
import { verifyManyPortable, type SignatureJob, type VerifyMany } from './signatures';

/** What the supervisors kept themselves, to hold the bundle against (docs/bundle.md, step 3–4). */
export interface KeptByTheSupervisors {
  /** Fingerprints written on the paper ceremony sheets: each must be an admitted device of the bundle. */
  fingerprints?: string[];
  /**
   * Checkpoints they cosigned or wrote down: the log must hold exactly this hash at this entry.
   * One exported from a supervisor's tablet also carries the phase, the supervisor's key and the
   * cosignature, which are checked too.
   */
  checkpoints?: Array<{ seq: number; hash: string; phase?: string; supervisorKey?: string; signature?: string }>;
}

export interface VerifyOptions {
  verifyMany?: VerifyMany;
  kept?: KeptByTheSupervisors;
  progress?: (stage: string, done: number, total: number) => void;
}

const GENESIS = '0'.repeat(64);
const plain = (f: string) => f.toUpperCase().replace(/[^0-9A-Z]/g, '');


/**
 * Verifies an export bundle without trusting the server: every signature, the hash chain, the
 * sealed files and their keys, every receipt, every mark and score sheet, the draws of lots —
 * and recomputes every written and interview score and ranking from the signed inputs alone,
 * comparing them with what the bundle claims. Each numbered step reports what it found.
 */
export async function verifyBundle(input: unknown, opts: VerifyOptions = {}): Promise<VerificationReport> {
  const verifyMany = opts.verifyMany ?? verifyManyPortable;
  const steps: Step[] = [];
  const step = (id: string, title: string) => {
    const s = new Step(id, title);
    steps.push(s);
    return s;
  };
  const done = (hash: string | null): VerificationReport => ({ ok: steps.every((s) => s.problems.length === 0), bundleHash: hash, steps: steps.map((s) => s.report()) });

  // 1. Format
  const s1 = step('1-format', 'The bundle has the documented format');
  const parsed = bundleSchema.safeParse(input);
  if (!s1.check(parsed.success, () => `not a bundle: ${parsed.error!.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)) return done(null);
  const bundle: Bundle = parsed.data!;
  const body: BundleBody = bundle.body;
  const hash = bundleHash(body, objectHash);
  const sheetHashes = new Map<object, string>();
  const hashOf = (sheet: Parameters<typeof sheetHash>[0]) => {
    let h = sheetHashes.get(sheet);
    if (!h) sheetHashes.set(sheet, (h = sheetHash(sheet)));
    return h;
  };

  // Every signature of the bundle, checked in one batch (steps 2, 6, 7, 10 read the answers).
  const jobs: Array<SignatureJob & { step: string; what: string }> = [];
  jobs.push({ type: 'bundle-statement', object: { bundleHash: hash }, publicKey: body.serverKey, signature: bundle.signature, step: '2-signature', what: 'the server’s signature over the bundle' });
  for (const s of body.sessions) {
    for (const c of s.candidates) {
      if (c.receipt) jobs.push({ type: 'receipt', object: c.receipt.receipt, publicKey: c.receipt.serverKey, signature: c.receipt.signature, step: '6-written-answers', what: `the receipt of ${c.ticket} in ${s.id}` });
    }
    for (const m of s.marks) {
      if (m.mark && m.signature) jobs.push({ type: 'mark', object: m.mark, publicKey: m.mark.markerKey, signature: m.signature, step: '7-written-marks', what: `the mark of ${m.ticket} question ${m.questionId} in ${s.id}` });
    }
  }
  for (const d of body.days) {
    for (const sh of d.sheets) {
      jobs.push({ type: 'score-sheet', object: sh.sheet, publicKey: sh.sheet.examinerKey, signature: sh.signature, step: '10-score-sheets', what: `score sheet ${hashOf(sh.sheet).slice(0, 12)}… (day ${d.id}, lot ${sh.sheet.lot})` });
      if (sh.countersign) jobs.push({ type: 'sheet-countersign', object: sh.countersign.countersign, publicKey: sh.countersign.countersign.supervisorKey, signature: sh.countersign.signature, step: '10-score-sheets', what: `the countersignature of sheet ${hashOf(sh.sheet).slice(0, 12)}…` });
    }
    for (const c of d.conflicts) jobs.push({ type: 'conflict-declaration', object: c.declaration, publicKey: c.declaration.examinerKey, signature: c.signature, step: '10-score-sheets', what: `the conflict declaration for lot ${c.declaration.lot} on ${d.id}` });
  }
  for (const cp of body.checkpoints) {
    const st = { seq: cp.seq, hash: cp.hash, phase: cp.phase };
    jobs.push({ type: 'checkpoint', object: st, publicKey: body.serverKey, signature: cp.serverSignature, step: '3-audit-log', what: `the server’s signature of the checkpoint at entry ${cp.seq}` });
    for (const c of cp.cosignatures) jobs.push({ type: 'checkpoint', object: st, publicKey: c.supervisorKey, signature: c.signature, step: '3-audit-log', what: `a supervisor’s cosignature of the checkpoint at entry ${cp.seq}` });
  }
  for (const k of opts.kept?.checkpoints ?? []) {
    if (k.signature && k.supervisorKey && k.phase) jobs.push({ type: 'checkpoint', object: { seq: k.seq, hash: k.hash, phase: k.phase }, publicKey: k.supervisorKey, signature: k.signature, step: '3-audit-log', what: `the supervisor’s own copy of the checkpoint at entry ${k.seq}` });
  }
  // The signatures are checked while the steps below hash and recompute (a pool works in parallel).
  const pending = verifyMany(jobs, (n) => opts.progress?.('signatures', n, jobs.length));
  let verdicts: boolean[] = [];
  const badSignatures = (stepId: string) => jobs.flatMap((j, i) => (j.step === stepId && !verdicts[i] ? [`${j.what} does not verify`] : []));

  // 2. The server's signature (its verdict is read once the batch is done, below)
  const s2 = step('2-signature', 'The server signed this bundle');
  s2.checked++;

  // 3. The audit log's hash chain, and the checkpoints the supervisors kept
  const s3 = step('3-audit-log', 'The audit log is one unbroken hash chain, and matches the supervisors’ checkpoints');
  let prev = GENESIS;
  body.log.forEach((e, i) => {
    s3.check(e.seq === i + 1, () => `entry ${i + 1} is missing or out of order (found seq ${e.seq})`);
    s3.check(e.prev === prev, () => `entry ${e.seq} (${e.type}) does not point at the hash of the entry before`);
    const h = objectHash('audit-entry', { seq: e.seq, at: e.at, type: e.type, actor: e.actor, payload: e.payload, prev: e.prev });
    s3.check(h === e.hash, () => `entry ${e.seq} (${e.type}) was altered: its content does not match its hash`);
    prev = e.hash;
  });
  for (const cp of opts.kept?.checkpoints ?? []) {
    const e = body.log[cp.seq - 1];
    s3.check(e !== undefined && e.hash === cp.hash, () => `the checkpoint kept for entry ${cp.seq} (${cp.hash.slice(0, 12)}…) is not in this log: the history was rewritten or another one was shown`);
  }
  const byType = new Map<string, typeof body.log>();
  for (const e of body.log) {
    const list = byType.get(e.type);
    if (list) list.push(e);
    else byType.set(e.type, [e]);
  }
  const logOf = (type: string) => byType.get(type) ?? [];

  // 4. The key register
  const s4 = step('4-keys', 'Every key is what the ceremony admitted');
  const devices = new Map(body.devices.map((d) => [d.publicKey, d]));
  const admissions = new Set([...logOf('ceremony.key-admitted'), ...logOf('device.admitted')].map((e) => `${String(e.payload['deviceId'])}|${String(e.payload['fingerprint'])}`));
  for (const d of body.devices) {
    s4.check(keyFingerprint(fromBase64(d.publicKey)) === d.fingerprint, () => `device ${d.id}: its fingerprint is not that of its key`);
    if (d.status === 'admitted' && d.role && d.role !== 'kiosk' && d.role !== 'desk') {
      const admitted = admissions.has(`${d.id}|${d.fingerprint}`);
      s4.check(admitted, () => `the ${d.role} key ${d.fingerprint} has no admission on the log`);
    }
  }
  for (const f of opts.kept?.fingerprints ?? []) {
    s4.check(body.devices.some((d) => d.status === 'admitted' && plain(d.fingerprint) === plain(f)), () => `the fingerprint ${f} written on the ceremony sheet is not an admitted key of this bundle`);
  }
  const admittedAs = (key: string, role: string, dayId?: string) => {
    const d = devices.get(key);
    return !!d && d.role === role && d.status !== 'pending' && (dayId === undefined || d.dayId === dayId);
  };

  // 5. Sealed files, their keys and what they open to
  const s5 = step('5-sealed', 'Each sealed file is the one announced, and its key opens it');
  const papers = new Map<string, Paper>();
  const keys = new Map<string, AnswerKey>();
  const questions = new Map<string, InterviewSet>();
  const announced = new Set(body.log.flatMap((e) => [e.payload['paperSealedHash'], e.payload['answerKeySealedHash'], e.payload['questionsSealedHash'], e.payload['sealedHash']].filter((x): x is string => typeof x === 'string')));
  for (const s of body.sealed) {
    const h = sealedHash(s.file);
    s5.check(announced.has(h), () => `the ${s.file.kind} ${s.file.sealId} has hash ${h.slice(0, 12)}…, which the log never announced`);
    if (s.key === null) continue;
    const key = fromBase64(s.key);
    if (!s5.check(keyCommitment(key) === s.file.keyCommitment, () => `the key given for ${s.file.kind} ${s.file.sealId} is not the one its commitment names`)) continue;
    const plainBytes = openBytes(key, s.file.box);
    if (!s5.check(plainBytes !== null, () => `the key does not open ${s.file.kind} ${s.file.sealId}`)) continue;
    const json = JSON.parse(fromUtf8(plainBytes!)) as unknown;
    const logged = body.log.some((e) => e.payload['key'] === s.key && (e.payload['sealId'] === s.file.sealId || e.payload['sealedHash'] === h));
    s5.check(logged, () => `the opening of ${s.file.kind} ${s.file.sealId} with this key is not on the log`);
    if (s.file.kind === 'paper') papers.set(s.file.sealId, paperSchema.parse(json));
    else if (s.file.kind === 'answer-key') keys.set(s.file.sealId, answerKeySchema.parse(json));
    else questions.set(s.file.sealId, interviewSetSchema.parse(json));
  }

  verdicts = await pending;
  for (const p of badSignatures('2-signature')) s2.check(false, () => p);
  for (const p of badSignatures('3-audit-log')) s3.check(false, () => p);
  for (const cp of body.checkpoints) {
    s3.check(body.log[cp.seq - 1]?.hash === cp.hash, () => `the checkpoint of “${cp.phase}” names entry ${cp.seq} with another hash than the log’s`);
    for (const c of cp.cosignatures) s3.check(devices.get(c.supervisorKey)?.role === 'supervisor', () => `the checkpoint at entry ${cp.seq} is cosigned by a key not admitted as a supervisor`);
  }

  // 6. Written answers and receipts
  const s6 = step('6-written-answers', 'Every hand-in matches its receipt, signed by the server, and the log');
  const submitted = new Map(logOf('candidate.submitted').map((e) => [`${String(e.payload['sessionId'])}/${String(e.payload['ticket'])}`, e]));
  for (const p of badSignatures('6-written-answers')) s6.check(false, () => p);
  for (const s of body.sessions) {
    const created = logOf('session.created').find((e) => e.payload['sessionId'] === s.id);
    s6.check(created?.payload['seed'] === s.seed, () => `session ${s.id}: its seed is not the one logged when it was created`);
    for (const c of s.candidates) {
      s6.check(c.seed === candidateSeed(s.seed, c.ticket), () => `${s.id}/${c.ticket}: the shuffle seed is not derived from the session seed`);
      if (!c.receipt) continue;
      s6.check(c.receipt.serverKey === body.serverKey, () => `${s.id}/${c.ticket}: the receipt is signed by another key than the server’s`);
      const kept = Object.fromEntries(Object.entries(c.answers).filter(([, v]) => v !== null));
      const h = objectHash('answers', { sessionId: s.id, ticket: c.ticket, answers: kept });
      s6.check(h === c.receipt.receipt.answersHash, () => `${s.id}/${c.ticket}: the answers are not the ones the receipt was given for`);
      const sub = submitted.get(`${s.id}/${c.ticket}`);
      s6.check(sub?.payload['answersHash'] === c.receipt.receipt.answersHash, () => `${s.id}/${c.ticket}: the hand-in on the log has another answers hash`);
    }
  }

  // 7. Marks: objective ones recomputed, markers' ones signed
  const s7 = step('7-written-marks', 'Every mark is recomputed or signed by an admitted marker');
  for (const p of badSignatures('7-written-marks')) s7.check(false, () => p);
  const writtenTotals = new Map<string, Array<{ ticket: string; objective: number; open: number | null; total: number | null }>>();
  for (const s of body.sessions) {
    const paper = papers.get(s.paperSealId);
    const key = keys.get(s.answerKeySealId);
    if (!paper || !key) continue;
    const qs = allQuestions(paper);
    const rows: Array<{ ticket: string; objective: number; open: number | null; total: number | null }> = [];
    const markOf = new Map<string, (typeof s.marks)[number]>();
    for (const m of s.marks) {
      const k = `${m.ticket}/${m.questionId}`;
      s7.check(!markOf.has(k), () => `${s.id}: two marks for ${k}`);
      markOf.set(k, m);
    }
    for (const c of s.candidates.filter((x) => x.receipt)) {
      let objective = 0;
      let openSum = 0;
      let unmarked = 0;
      for (const q of qs) {
        const value = c.answers[q.id] ?? null;
        const m = markOf.get(`${c.ticket}/${q.id}`);
        if (isObjective(q.type)) {
          const expected = autoMark(q, key, value)!;
          s7.check(m?.source === 'auto' && m.points === expected, () => `${s.id}/${c.ticket} question ${q.id}: the mark should be ${fmt(expected)}, the bundle says ${m ? fmt(m.points) : 'nothing'}`);
          objective += expected;
          continue;
        }
        const blank = value === null || (typeof value === 'string' && value.trim() === '');
        if (blank) {
          s7.check(!m || m.points === 0, () => `${s.id}/${c.ticket} question ${q.id} was left blank but is marked ${fmt(m!.points)}`);
          continue;
        }
        if (!m) {
          unmarked++;
          continue;
        }
        const signedOk = s7.check(m.source === 'marker' && m.mark !== null, () => `${s.id}/${c.ticket} question ${q.id}: an open answer’s mark is not a marker’s signed mark`);
        if (signedOk && m.mark) {
          s7.check(m.mark.points === m.points && m.mark.questionId === q.id && m.mark.sessionId === s.id && m.mark.code === c.code, () => `${s.id}/${c.ticket} question ${q.id}: the mark stored is not the mark signed (or names another script)`);
          s7.check(admittedAs(m.mark.markerKey, 'marker'), () => `${s.id}/${c.ticket} question ${q.id}: signed by a key that was not admitted as a marker`);
          s7.check(m.points <= q.points, () => `${s.id}/${c.ticket} question ${q.id}: ${fmt(m.points)} is above the question’s ${fmt(q.points)}`);
        }
        openSum += m.points;
      }
      rows.push({ ticket: c.ticket, objective, open: unmarked === 0 ? openSum : null, total: unmarked === 0 ? objective + openSum : null });
    }
    writtenTotals.set(s.id, rows);
    const latest = new Map<string, (typeof body.log)[number]>();
    for (const e of logOf('mark.recorded')) if (e.payload['sessionId'] === s.id) latest.set(`${String(e.payload['code'])}/${String(e.payload['questionId'])}`, e);
    const byCode = new Map(s.candidates.map((c) => [c.code, c]));
    for (const e of latest.values()) {
      const c = byCode.get(String(e.payload['code']));
      const m = c && markOf.get(`${c.ticket}/${String(e.payload['questionId'])}`);
      s7.check(!!m && m.signature === e.payload['signature'], () => `${s.id}: the mark logged for script ${String(e.payload['code'])} question ${String(e.payload['questionId'])} is missing or not the one in the bundle`);
    }
  }

  // 8. Written results recomputed
  const s8 = step('8-written-results', 'The written results are recomputed from the marks, not trusted');
  for (const [sid, rows] of writtenTotals) {
    const rk = competitionRanks(rows, (r) => r.total);
    const claimed = body.results.written[sid] ?? [];
    s8.check(claimed.length === rows.length, () => `${sid}: the results list ${claimed.length} candidates, the hand-ins ${rows.length}`);
    for (const r of rows) {
      const c = claimed.find((x) => x.ticket === r.ticket);
      s8.check(!!c && c.objective === r.objective && c.open === r.open && c.total === r.total && c.rank === (rk.get(r) ?? null), () => `${sid}/${r.ticket}: the result published (${c ? `${c.total === null ? '—' : fmt(c.total)}, rank ${c.rank}` : 'missing'}) is not the recomputed one (${r.total === null ? '—' : fmt(r.total)}, rank ${rk.get(r) ?? '—'})`);
    }
  }

  // 9. The draws of lots
  const s9 = step('9-lots', 'Every draw recomputes from its transcript, and the lots are the ones drawn');
  for (const d of body.days) {
    for (const dr of d.draws) {
      const logged = logOf('lot.drawn').find((e) => (e.payload['transcript'] as { drawId?: string } | undefined)?.drawId === dr.transcript.drawId);
      if (dr.state !== 'done') continue;
      const r = checkLotTranscript(dr.transcript);
      for (const p of r.problems) s9.check(false, () => `${dr.transcript.drawId}: ${p}`);
      s9.check(!!logged && objectHash('lot-seed', logged.payload['transcript']) === objectHash('lot-seed', dr.transcript), () => `${dr.transcript.drawId}: the transcript is not the one on the log`);
      for (const [i, ticket] of dr.transcript.order.entries()) {
        const c = d.candidates.find((x) => x.ticket === ticket);
        s9.check(c?.lot === i + 1, () => `${d.id}: ${ticket} should hold lot ${i + 1}, the bundle says ${c?.lot ?? 'none'}`);
      }
    }
    const abandoned = d.draws.filter((x) => x.state === 'abandoned').length;
    s9.check(abandoned === logOf('lot.abandoned').filter((e) => String(e.payload['drawId']).startsWith(`${d.id}-draw-`)).length, () => `${d.id}: a redraw is not on the log`);
  }

  // 10. Score sheets
  const s10 = step('10-score-sheets', 'Every score sheet is signed by an admitted examiner of its room, for a candidate of that room');
  for (const p of badSignatures('10-score-sheets')) s10.check(false, () => p);
  const interviewScores = new Map<string, Array<{ ticket: string; lot: number; room: string; score: number | null }>>();
  for (const d of body.days) {
    const set = questions.get(d.questionsSealId);
    const hashes = new Map<string, (typeof d.sheets)[number]>();
    const byLot = new Map(d.candidates.filter((c) => c.lot !== null).map((c) => [c.lot!, c]));
    const logged = new Set([...logOf('score.signed'), ...logOf('score.correction-signed')].map((e) => `${e.type}|${String(e.payload['hash'])}`));
    const allHashes = new Map(d.sheets.map((x) => [hashOf(x.sheet), x]));
    for (const sh of d.sheets) {
      const h = hashOf(sh.sheet);
      s10.check(!hashes.has(h), () => `${d.id}: sheet ${h.slice(0, 12)}… appears twice`);
      hashes.set(h, sh);
      const cand = byLot.get(sh.sheet.lot);
      s10.check(sh.sheet.dayId === d.id && !!cand && cand.room === sh.sheet.room, () => `${d.id}: sheet ${h.slice(0, 12)}… is for lot ${sh.sheet.lot} in ${sh.sheet.room}, which is not a candidate of that room`);
      const examiner = devices.get(sh.sheet.examinerKey);
      s10.check(!!examiner && examiner.role === 'examiner' && examiner.dayId === d.id && examiner.room === sh.sheet.room, () => `${d.id}: sheet ${h.slice(0, 12)}… is signed by a key not admitted as an examiner of ${sh.sheet.room}`);
      if (set) for (const p of sheetProblems(sh.sheet, set)) s10.check(false, () => `${d.id}: sheet ${h.slice(0, 12)}…: ${p}`);
      s10.check(logged.has(`${sh.sheet.replaces ? 'score.correction-signed' : 'score.signed'}|${h}`), () => `${d.id}: sheet ${h.slice(0, 12)}… was never logged as received`);
      if (sh.sheet.replaces) {
        const old = allHashes.get(sh.sheet.replaces);
        s10.check(!!old && old.sheet.examinerKey === sh.sheet.examinerKey && old.sheet.lot === sh.sheet.lot, () => `${d.id}: correction ${h.slice(0, 12)}… replaces a sheet that is not the same examiner’s for the same candidate`);
        if (sh.state === 'current') {
          const cs = sh.countersign;
          s10.check(!!cs && cs.countersign.sheetHash === h, () => `${d.id}: correction ${h.slice(0, 12)}… counts without the supervisor’s countersignature`);
          if (cs) {
            const sup = devices.get(cs.countersign.supervisorKey);
            s10.check(!!sup && sup.role === 'supervisor' && sup.dayId === d.id && (sup.room === null || sup.room === sh.sheet.room), () => `${d.id}: correction ${h.slice(0, 12)}… is countersigned by a key not admitted as the supervisor of ${sh.sheet.room}`);
          }
          s10.check(old?.state === 'superseded', () => `${d.id}: both a correction and the sheet it replaces count`);
        }
      }
    }
    for (const e of [...logOf('score.signed'), ...logOf('score.correction-signed')]) {
      if (e.payload['dayId'] !== d.id) continue;
      s10.check(hashes.has(String(e.payload['hash'])), () => `${d.id}: the sheet ${String(e.payload['hash']).slice(0, 12)}… on the log is missing from the bundle`);
    }
    // 11's inputs: the current sheets, one per examiner and candidate.
    const rows: Array<{ ticket: string; lot: number; room: string; score: number | null }> = [];
    const currentByLot = new Map<number, typeof d.sheets>();
    for (const x of d.sheets) if (x.state === 'current') currentByLot.set(x.sheet.lot, [...(currentByLot.get(x.sheet.lot) ?? []), x]);
    const panels = new Map<string, string[]>();
    for (const x of body.devices) if (x.role === 'examiner' && x.dayId === d.id && x.status === 'admitted' && x.room) panels.set(x.room, [...(panels.get(x.room) ?? []), x.publicKey]);
    for (const c of d.candidates.filter((x) => x.lot !== null)) {
      const current = currentByLot.get(c.lot!) ?? [];
      const byExaminer = new Set(current.map((x) => x.sheet.examinerKey));
      s10.check(byExaminer.size === current.length, () => `${d.id}: lot ${c.lot} has two current sheets from one examiner`);
      const panel = panels.get(c.room) ?? [];
      const conflicted = d.conflicts.filter((x) => x.declaration.lot === c.lot).map((x) => x.declaration.examinerKey);
      const complete = current.length > 0 && panel.every((k) => byExaminer.has(k) || conflicted.includes(k));
      rows.push({ ticket: c.ticket, lot: c.lot!, room: c.room, score: complete ? panelScore(current.map((x) => x.sheet.total), { trimWhenAtLeast: d.rule.trimWhenAtLeast }).score : null });
    }
    interviewScores.set(d.id, rows);
  }

  // 11. Interview results recomputed
  const s11 = step('11-interview-results', 'The interview results are recomputed from the signed sheets, not trusted');
  for (const [dayId, rows] of interviewScores) {
    const claimed = body.results.interview[dayId] ?? [];
    const rankOf = new Map<(typeof rows)[number], number>();
    for (const room of new Set(rows.map((r) => r.room))) for (const [r, k] of competitionRanks(rows.filter((x) => x.room === room), (x) => x.score)) rankOf.set(r, k);
    s11.check(claimed.length === rows.length, () => `${dayId}: the results list ${claimed.length} candidates, the lots ${rows.length}`);
    const claimedBy = new Map(claimed.map((x) => [x.ticket, x]));
    for (const r of rows) {
      const c = claimedBy.get(r.ticket);
      s11.check(!!c && c.score === r.score && c.lot === r.lot && c.rank === (rankOf.get(r) ?? null), () => `${dayId}/lot ${r.lot}: the result published (${c ? (c.score === null ? '—' : fmt(c.score)) : 'missing'}) is not the recomputed one (${r.score === null ? '—' : fmt(r.score)})`);
    }
  }

  return done(hash);
}
