import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseInterviewQuestions, sealInterview, sealPaper } from '@exam/server';
import {
  BUNDLE_FORMAT,
  PROTOCOL_VERSION,
  allQuestions,
  autoMark,
  bundleHash,
  candidateSeed,
  competitionRanks,
  decodeShareCode,
  combineShares,
  deviceIdOf,
  isObjective,
  keyFingerprint,
  lotCandidatesHash,
  lotCommitStatement,
  lotCommitment,
  lotOrder,
  lotSeed,
  markHash,
  objectHash,
  panelScore,
  sheetHash,
  signingBytes,
  toBase64,
  toHex,
  writtenRanks,
  type AnswerKey,
  type AnswerValue,
  type Bundle,
  type BundleBody,
  type InterviewSet,
  type MarkObject,
  type ObjectType,
  type Paper,
  type ScoreSheet,
} from '@exam/shared';
import { tenQuestions } from './bench-paper';

/**
 * The mix of the realistic bundle the benchmark verifies (issue: "verify_bundle_ms on a realistic
 * bundle"), at `scale` 1:
 * - 2 written sessions of 1,000 candidates, 10 answers each (8 objective, 2 open), every hand-in
 *   with its signed receipt, every open answer marked by one of 4 markers (2 signed marks per
 *   candidate, 2 % of them marked again: a second version naming the first);
 * - 20 interview days (one per post, one draw each) of 50 candidates in one room of 10 examiners:
 *   1,000 interviewed candidates × 10 examiners = 10,000 signed sheets, 5 % of them corrected by
 *   their examiner and countersigned by the room's supervisor;
 * - each draw with 5 contributors (the server, 2 supervisors, 2 candidates' representatives);
 * - checkpoints at the end of each phase, each cosigned by 2 supervisors: 3 per session (paper
 *   opened, exam closed, marking finished) and 2 per day (lots drawn, scoring finished) — 46;
 * - a log of the day's own events, about 100,000 entries: every admission, sign-in, the kiosks'
 *   6 reconnections and 30 (coalesced) incidents per candidate, share entries, openings, hand-ins,
 *   marks, check-ins, the draws, every move between rooms, every sheet, correction and checkpoint.
 * Every signature is made as the product makes it; the bundle verifies (the benchmark checks).
 */
export const MIX = { sessions: 2, candidates: 1000, markers: 4, remarkShare: 0.02, days: 20, perDay: 50, examiners: 10, correctedShare: 0.05, reconnections: 6, incidents: 30 } as const;

interface Key {
  b64: string;
  raw: Uint8Array;
  sign(type: ObjectType, o: unknown): string;
}
function newKey(): Key {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'));
  const key = createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }));
  return { b64: toBase64(raw), raw, sign: (type, o) => sign(null, signingBytes(type, o), key).toString('base64') };
}

/** The log, chained as it grows, so checkpoints name real hashes. */
class Log {
  readonly entries: BundleBody['log'] = [];
  private prev = '0'.repeat(64);
  constructor(private at: number) {}
  add(type: string, actor: string, payload: Record<string, unknown>): BundleBody['log'][number] {
    this.at += 7;
    const entry = { seq: this.entries.length + 1, at: this.at, type, actor, payload, prev: this.prev };
    const hash = objectHash('audit-entry', entry);
    this.prev = hash;
    const e = { ...entry, hash };
    this.entries.push(e);
    return e;
  }
  get now() {
    return this.at;
  }
}

export async function realisticBundle(scale = 1): Promise<Bundle> {
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  const server = newKey();
  const log = new Log(1_795_000_000_000);
  const devices: BundleBody['devices'] = [];
  const sealed: BundleBody['sealed'] = [];
  const checkpoints: BundleBody['checkpoints'] = [];
  const admit = (k: Key, kind: 'kiosk' | 'desk' | 'tablet', role: string, where: { room?: string | null; seat?: string | null; dayId?: string | null; person?: string | null }) => {
    const d = { id: deviceIdOf(k.raw), publicKey: k.b64, fingerprint: keyFingerprint(k.raw), kind, status: 'admitted' as const, role, room: where.room ?? null, seat: where.seat ?? null, dayId: where.dayId ?? null, person: where.person ?? null };
    devices.push(d);
    const interview = ['examiner', 'supervisor', 'escort', 'contributor'].includes(role);
    log.add(interview ? 'ceremony.key-admitted' : 'device.admitted', 'desk', { deviceId: d.id, role, fingerprint: d.fingerprint, publicKey: d.publicKey, label: null, room: d.room, seat: d.seat, dayId: d.dayId, person: d.person });
    return d;
  };
  const desk = newKey();
  log.add('device.admitted', deviceIdOf(desk.raw), { deviceId: deviceIdOf(desk.raw), role: 'desk', fingerprint: keyFingerprint(desk.raw), publicKey: desk.b64, label: 'desk', room: null, seat: null, dayId: null, person: null });
  devices.push({ id: deviceIdOf(desk.raw), publicKey: desk.b64, fingerprint: keyFingerprint(desk.raw), kind: 'desk', status: 'admitted', role: 'desk', room: null, seat: null, dayId: null, person: null });
  const written = { supervisors: [newKey(), newKey()] };
  for (const [i, s] of written.supervisors.entries()) admit(s, 'tablet', 'supervisor', { person: `笔试监督员${i + 1}` });
  const checkpoint = (phase: string, cosigners: Key[]) => {
    const head = log.entries.at(-1)!;
    const statement = { seq: head.seq, hash: head.hash, phase };
    const serverSignature = server.sign('checkpoint', statement);
    log.add('checkpoint.made', 'server', { ...statement, signature: serverSignature });
    const cosignatures = cosigners.map((k) => {
      const signature = k.sign('checkpoint', statement);
      log.add('checkpoint.cosigned', deviceIdOf(k.raw), { ...statement, supervisorKey: k.b64, signature });
      return { supervisorKey: k.b64, signature };
    });
    checkpoints.push({ ...statement, at: log.now, serverSignature, cosignatures });
  };
  const openingKey = async (codes: string[]) => toBase64(await combineShares(codes.slice(0, 2).map((c) => (decodeShareCode(c) as { ok: true; share: Parameters<typeof combineShares>[0][number] }).share)));

  // The written exam.
  const markers = Array.from({ length: MIX.markers }, () => newKey());
  for (const [i, m] of markers.entries()) admit(m, 'tablet', 'marker', { person: `阅卷人${i + 1}` });
  const sessions: BundleBody['sessions'] = [];
  const writtenResults: BundleBody['results']['written'] = {};
  for (let si = 1; si <= MIX.sessions; si++) {
    const sessionId = `written-${si}`;
    const { paper, answerKey } = tenQuestions();
    const seal = await sealPaper(paper, answerKey, { label: sessionId, threshold: 2, count: 3 });
    const paperKey = await openingKey(seal.paper.shareCodes);
    const answerKeyKey = await openingKey(seal.answerKey.shareCodes);
    sealed.push({ file: seal.paper.file, key: paperKey }, { file: seal.answerKey.file, key: answerKeyKey });
    const seed = toHex(crypto.getRandomValues(new Uint8Array(32)));
    const tickets = Array.from({ length: n(MIX.candidates) }, (_, i) => `${si}${String(i + 1).padStart(5, '0')}`);
    const seatOf = (t: string) => t.slice(1);
    log.add('session.created', 'organiser', { sessionId, label: sessionId, room: sessionId, seats: tickets.map(seatOf), scheduledStart: log.now, durationMinutes: 120, lateEntryMinutes: 30, paperSealedHash: seal.paper.hash, answerKeySealedHash: seal.answerKey.hash, seed, candidates: tickets.map((t) => ({ ticket: t, seat: seatOf(t) })) });
    const kiosks = tickets.map((t) => ({ t, k: newKey() }));
    for (const { t, k } of kiosks) admit(k, 'kiosk', 'kiosk', { room: sessionId, seat: seatOf(t) });
    for (const { t, k } of kiosks) log.add('candidate.signed-in', deviceIdOf(k.raw), { sessionId, ticket: t, seat: seatOf(t), deviceId: deviceIdOf(k.raw), seed: candidateSeed(seed, t) });
    for (const i of [1, 2]) log.add('share.entered', 'desk', { sessionId, target: 'paper', sealId: seal.paper.file.sealId, index: i, keyholder: `保管人${i}` });
    log.add('exam.started', 'desk', { sessionId, startedAt: log.now, scheduledStart: log.now, override: null, sealedHash: seal.paper.hash, key: paperKey, keyCommitment: seal.paper.file.keyCommitment, shares: [1, 2] });
    checkpoint(`${sessionId}: paper opened`, written.supervisors);
    // During the exam: reconnections and (coalesced) incidents, a couple of announcements.
    const kinds = ['lost-focus', 'left-fullscreen', 'blocked-key', 'reloaded'];
    for (let r = 0; r < MIX.reconnections; r++) for (const { t, k } of kiosks) log.add('candidate.resumed', deviceIdOf(k.raw), { sessionId, ticket: t, seat: seatOf(t), deviceId: deviceIdOf(k.raw), seed: candidateSeed(seed, t) });
    for (let r = 0; r < MIX.incidents; r++) for (const { t, k } of kiosks) log.add('kiosk.incident', deviceIdOf(k.raw), { sessionId, ticket: t, seat: seatOf(t), kind: kinds[(r + t.length) % 4], detail: null, repeats: r % 3 });
    log.add('exam.announcement', 'desk', { sessionId, text: '距考试结束还有 30 分钟。' });
    // Hand-ins with receipts.
    const questions = allQuestions(paper);
    const answersOf = new Map<string, Record<string, AnswerValue>>();
    const candidates: BundleBody['sessions'][number]['candidates'] = [];
    for (const [i, { t, k }] of kiosks.entries()) {
      const answers: Record<string, AnswerValue> = {};
      for (const q of questions) {
        if (q.type === 'single') answers[q.id] = (i + q.id.length) % 4;
        else if (q.type === 'multiple') answers[q.id] = i % 3 === 0 ? [0, 2, 3] : [0, 2];
        else if (q.type === 'true-false') answers[q.id] = i % 2 === 0;
        else if (q.type === 'fill-in') answers[q.id] = ['民主集中制', i % 2 === 0 ? '公示' : '考察'];
        else answers[q.id] = `考生${t}对第${q.id}题的作答：坚持公开、平等、竞争、择优，接受群众监督。`;
      }
      answersOf.set(t, answers);
      const receipt = { sessionId, ticket: t, answersHash: objectHash('answers', { sessionId, ticket: t, answers }), answerCount: questions.length, submittedAt: log.now + 7, auto: false };
      log.add('candidate.submitted', deviceIdOf(k.raw), { sessionId, ticket: t, answersHash: receipt.answersHash, answerCount: receipt.answerCount, submittedAt: receipt.submittedAt, auto: false });
      candidates.push({ ticket: t, name: `考生${t}`, seat: seatOf(t), seed: candidateSeed(seed, t), code: null, receipt: { receipt, signature: server.sign('receipt', receipt), serverKey: server.b64 }, answers });
    }
    log.add('exam.closed', 'desk', { sessionId, closedAt: log.now, autoSubmitted: 0, absent: 0, reason: null });
    checkpoint(`${sessionId}: exam closed`, written.supervisors);
    for (const i of [1, 2]) log.add('share.entered', 'desk', { sessionId, target: 'answer-key', sealId: seal.answerKey.file.sealId, index: i, keyholder: `保管人${i}` });
    log.add('answer-key.opened', 'desk', { sessionId, sealId: seal.answerKey.file.sealId, key: answerKeyKey, keyCommitment: seal.answerKey.file.keyCommitment, shares: [1, 2] });
    const key: AnswerKey = { ...answerKey, paperSealId: seal.paper.file.sealId };
    const codes: Record<string, string> = {};
    const totals: Record<string, number> = {};
    for (const [i, c] of candidates.entries()) {
      const digits = String(i).padStart(6, '0');
      c.code = `S${si}${digits.slice(0, 2)}-${digits.slice(2)}`; // XXXX-XXXX, one per script
      codes[c.ticket] = c.code;
      totals[c.ticket] = questions.filter((q) => isObjective(q.type)).reduce((s, q) => s + (autoMark(q, key, answersOf.get(c.ticket)![q.id] ?? null) ?? 0), 0);
    }
    log.add('marks.objective', 'server', { sessionId, totals, codes });
    const marks: BundleBody['sessions'][number]['marks'] = [];
    const openPoints = new Map<string, number>();
    const open = questions.filter((q) => !isObjective(q.type));
    let m = 0;
    for (const c of candidates) {
      for (const q of open) {
        const marker = markers[m++ % markers.length]!;
        const mark = (points: number, replaces?: string): MarkObject => ({ sessionId, code: c.code!, questionId: q.id, points, markerKey: marker.b64, signedAt: log.now, nonce: toHex(crypto.getRandomValues(new Uint8Array(16))), ...(replaces ? { replaces } : {}) });
        const record = (mk: MarkObject) => {
          const signature = marker.sign('mark', mk);
          marks.push({ mark: mk, signature });
          log.add('mark.recorded', deviceIdOf(marker.raw), { sessionId, code: mk.code, questionId: mk.questionId, points: mk.points, markerKey: mk.markerKey, hash: markHash(mk), replaces: mk.replaces ?? null, signature });
          openPoints.set(`${c.ticket}/${q.id}`, mk.points);
        };
        const first = mark(Math.floor((q.points * (40 + (m % 60))) / 100 / 50) * 50);
        record(first);
        if (m % Math.round(1 / MIX.remarkShare) === 0) record(mark(Math.min(q.points, first.points + 50), markHash(first)));
      }
    }
    checkpoint(`${sessionId}: marking finished`, written.supervisors);
    const rows = candidates.map((c) => {
      const o = open.reduce((s, q) => s + openPoints.get(`${c.ticket}/${q.id}`)!, 0);
      return { ticket: c.ticket, objective: totals[c.ticket]!, open: o, total: totals[c.ticket]! + o, rank: null as number | null };
    });
    for (const [r, k] of writtenRanks(rows)) r.rank = k;
    writtenResults[sessionId] = rows.sort((a, b) => (a.ticket < b.ticket ? -1 : 1));
    sessions.push({ id: sessionId, label: sessionId, room: sessionId, seed, paperSealId: seal.paper.file.sealId, answerKeySealId: seal.answerKey.file.sealId, candidates, marks });
  }

  // The interview days.
  const set: InterviewSet = parseInterviewQuestions(readFileSync(fileURLToPath(new URL('../../exam-server/src/demo/demo-interview.yaml', import.meta.url)), 'utf8'));
  const days: BundleBody['days'] = [];
  const interviewResults: BundleBody['results']['interview'] = {};
  for (let di = 1; di <= MIX.days; di++) {
    const dayId = `post-${String(di).padStart(2, '0')}`;
    const room = '面试室';
    const seal = await sealInterview(set, { label: dayId, threshold: 2, count: 3 });
    const questionsKey = await openingKey(seal.shareCodes);
    sealed.push({ file: seal.file, key: questionsKey });
    const tickets = Array.from({ length: n(MIX.perDay) }, (_, i) => `P${String(di).padStart(2, '0')}${String(i + 1).padStart(3, '0')}`);
    const rule = { trimWhenAtLeast: 5, outlierDistance: 1500, announceOnSpot: false };
    log.add('interview.day-created', 'organiser', { dayId, label: dayId, holdingRoom: '候考室', finishedRoom: '候分室', rooms: [room], questionsSealedHash: seal.hash, rule, candidates: tickets.map((t) => ({ ticket: t, room })) });
    const examiners = Array.from({ length: MIX.examiners }, () => newKey());
    for (const [i, e] of examiners.entries()) admit(e, 'tablet', 'examiner', { dayId, room, person: `${dayId} 考官${i + 1}` });
    const roomSupervisor = newKey();
    const daySupervisor = newKey();
    admit(roomSupervisor, 'tablet', 'supervisor', { dayId, room, person: `${dayId} 组织部监督员` });
    admit(daySupervisor, 'tablet', 'supervisor', { dayId, person: `${dayId} 纪检监督员` });
    const representatives = [newKey(), newKey()];
    for (const [i, r] of representatives.entries()) admit(r, 'tablet', 'contributor', { dayId, person: `${dayId} 考生代表${i + 1}` });
    admit(newKey(), 'tablet', 'escort', { dayId, person: `${dayId} 引导员` });
    for (const i of [1, 2]) log.add('share.entered', 'desk', { dayId, target: 'interview-questions', sealId: seal.file.sealId, index: i, keyholder: `保管人${i}` });
    log.add('interview-questions.opened', 'desk', { dayId, sealId: seal.file.sealId, key: questionsKey, keyCommitment: seal.file.keyCommitment, shares: [1, 2] });
    for (const t of tickets) log.add('candidate.checked-in', 'desk', { dayId, ticket: t, phoneHandedIn: true });
    // The draw: the server and four people commit, then reveal; the order follows.
    const drawId = `${dayId}-draw-1`;
    const sorted = [...tickets].sort();
    const candidatesHash = lotCandidatesHash(drawId, sorted);
    const people = [{ key: server, name: 'server' }, { key: roomSupervisor, name: '组织部监督员' }, { key: daySupervisor, name: '纪检监督员' }, ...representatives.map((r, i) => ({ key: r, name: `考生代表${i + 1}` }))];
    const contributors = people.map((p) => ({ key: p.key.b64, name: p.name }));
    log.add('lot.draw-opened', 'desk', { dayId, drawId, attempt: 1, tickets: sorted, candidatesHash, contributors });
    const secrets = people.map(() => toHex(crypto.getRandomValues(new Uint8Array(32))));
    const commits = people.map((p, i) => {
      const commitment = lotCommitment(drawId, p.key.b64, secrets[i]!);
      const c = { contributor: p.key.b64, commitment, signature: p.key.sign('lot-commit', lotCommitStatement(drawId, candidatesHash, p.key.b64, commitment)) };
      log.add('lot.committed', i === 0 ? 'server' : deviceIdOf(p.key.raw), { drawId, ...c });
      return c;
    });
    log.add('lot.reveal-phase', 'server', { drawId });
    const reveals = people.map((p, i) => ({ contributor: p.key.b64, secret: secrets[i]! }));
    for (const [i, r] of [...reveals.entries()].slice(1).concat([[0, reveals[0]!]])) log.add('lot.revealed', i === 0 ? 'server' : deviceIdOf(people[i]!.key.raw), { drawId, ...r });
    const order = lotOrder(lotSeed(drawId, candidatesHash, reveals), sorted);
    log.add('lot.drawn', 'server', { dayId, transcript: { drawId, tickets: sorted, candidatesHash, contributors, commits, reveals, order } });
    checkpoint(`${dayId}: lots drawn`, [roomSupervisor, daySupervisor]);
    // The interviews, in lot order: one candidate at a time, every examiner signs a sheet.
    const sheets: BundleBody['days'][number]['sheets'] = [];
    const rows: BundleBody['results']['interview'][string] = [];
    let s = 0;
    for (const [i, ticket] of order.entries()) {
      const lot = i + 1;
      log.add('candidate.called', 'escort', { dayId, room, lot, ticket });
      log.add('candidate.entered-room', 'escort', { dayId, room, lot, ticket });
      log.add('candidate.finished', 'escort', { dayId, room, lot, ticket });
      const totals: number[] = [];
      for (const [j, e] of examiners.entries()) {
        const make = (bump: number, correction?: { replaces: string; reason: string }): ScoreSheet => {
          const items = set.questions.flatMap((q) => q.rubric.map((r, k) => ({ question: q.id, item: r.id, score: Math.min(r.max, Math.floor((r.max * (55 + ((lot * 7 + j * 3 + k) % 35))) / 100 / r.step) * r.step + bump * r.step) })));
          return { dayId, room, lot, items, total: items.reduce((a, x) => a + x.score, 0), examinerKey: e.b64, signedAt: log.now, nonce: toHex(crypto.getRandomValues(new Uint8Array(16))), ...(correction ?? {}) };
        };
        const sheet = make(0);
        const h = sheetHash(sheet);
        sheets.push({ sheet, signature: e.sign('score-sheet', sheet), countersign: null });
        log.add('score.signed', deviceIdOf(e.raw), { dayId, room, lot, hash: h, total: sheet.total, replaces: null, reason: null });
        let counted = sheet.total;
        if (s++ % Math.round(1 / MIX.correctedShare) === 0) {
          const fix = make(1, { replaces: h, reason: '录入有误，更正' });
          const fh = sheetHash(fix);
          log.add('score.correction-signed', deviceIdOf(e.raw), { dayId, room, lot, hash: fh, total: fix.total, replaces: h, reason: fix.reason! });
          const cs = { sheetHash: fh, supervisorKey: roomSupervisor.b64, signedAt: log.now };
          const signature = roomSupervisor.sign('sheet-countersign', cs);
          log.add('score.corrected', deviceIdOf(roomSupervisor.raw), { dayId, room, lot, hash: fh, replaces: h, countersignature: signature });
          sheets.push({ sheet: fix, signature: e.sign('score-sheet', fix), countersign: { countersign: cs, signature } });
          counted = fix.total;
        }
        totals.push(counted);
      }
      log.add('room.free', 'server', { dayId, room, lot });
      rows.push({ ticket, lot, room, score: panelScore(totals, rule).score, rank: null });
    }
    checkpoint(`${dayId}: ${room} scoring finished`, [roomSupervisor, daySupervisor]);
    for (const [r, k] of competitionRanks(rows, (x) => x.score)) r.rank = k;
    interviewResults[dayId] = rows;
    days.push({ id: dayId, label: dayId, questionsSealId: seal.file.sealId, candidates: tickets.map((t) => ({ ticket: t, name: `考生${t}`, room, lot: order.indexOf(t) + 1 })), sheets, conflicts: [] });
  }

  const body: BundleBody = {
    format: BUNDLE_FORMAT,
    serverKey: server.b64,
    rules: { rounding: 'half-away-from-zero/hundredths', protocol: PROTOCOL_VERSION },
    devices: devices.sort((a, b) => (a.publicKey < b.publicKey ? -1 : 1)),
    sealed,
    sessions,
    days,
    log: log.entries,
    checkpoints,
    results: { written: writtenResults, interview: interviewResults },
  };
  return { body, signature: server.sign('bundle-statement', { bundleHash: bundleHash(body, objectHash) }) };
}

export type { Paper };
