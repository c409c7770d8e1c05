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
  combineShares,
  competitionRanks,
  decodeShareCode,
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
  type ScoreSheet,
} from '@exam/shared';
import { tenQuestions } from './bench-paper';

/**
 * What the benchmark's bundles are made of: a venue's day as the product logs it — admissions,
 * sessions sat and marked, interview days drawn and scored, checkpoints cosigned — with every
 * signature made as the product makes it (test/bench/realistic-bundle.ts, selection-bundle.ts).
 */

export interface Key {
  b64: string;
  raw: Uint8Array;
  sign(type: ObjectType, o: unknown): string;
}
export function newKey(): Key {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'));
  const key = createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }));
  return { b64: toBase64(raw), raw, sign: (type, o) => sign(null, signingBytes(type, o), key).toString('base64') };
}
export const idOf = (k: Key) => deviceIdOf(k.raw);

/** The log, chained as it grows, so checkpoints name real hashes. */
export class Log {
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
  /** Time passes (the next entry comes after `at`). */
  skipTo(at: number) {
    this.at = Math.max(this.at, at);
  }
}

export const rnd = (bytes: number) => toHex(crypto.getRandomValues(new Uint8Array(bytes)));

export class VenueBuilder {
  readonly server = newKey();
  readonly desk = newKey();
  readonly log: Log;
  readonly devices: BundleBody['devices'] = [];
  readonly sealed: BundleBody['sealed'] = [];
  readonly checkpoints: BundleBody['checkpoints'] = [];
  readonly sessions: BundleBody['sessions'] = [];
  readonly days: BundleBody['days'] = [];
  readonly written: BundleBody['results']['written'] = {};
  readonly interview: BundleBody['results']['interview'] = {};

  constructor(at: number) {
    this.log = new Log(at);
    this.log.add('device.admitted', idOf(this.desk), { deviceId: idOf(this.desk), role: 'desk', fingerprint: keyFingerprint(this.desk.raw), publicKey: this.desk.b64, label: 'desk', room: null, seat: null, dayId: null, person: null });
    this.devices.push({ id: idOf(this.desk), publicKey: this.desk.b64, fingerprint: keyFingerprint(this.desk.raw), kind: 'desk', status: 'admitted', role: 'desk', room: null, seat: null, dayId: null, person: null });
  }

  admit(k: Key, kind: 'kiosk' | 'desk' | 'tablet', role: string, where: { room?: string | null; seat?: string | null; dayId?: string | null; person?: string | null }) {
    const d = { id: idOf(k), publicKey: k.b64, fingerprint: keyFingerprint(k.raw), kind, status: 'admitted' as const, role, room: where.room ?? null, seat: where.seat ?? null, dayId: where.dayId ?? null, person: where.person ?? null };
    this.devices.push(d);
    const interview = ['examiner', 'supervisor', 'escort', 'contributor'].includes(role) && d.dayId !== null;
    this.log.add(interview ? 'ceremony.key-admitted' : 'device.admitted', 'desk', { deviceId: d.id, role, fingerprint: d.fingerprint, publicKey: d.publicKey, label: null, room: d.room, seat: d.seat, dayId: d.dayId, person: d.person });
    return d;
  }

  checkpoint(phase: string, cosigners: Key[]) {
    const head = this.log.entries.at(-1)!;
    const statement = { seq: head.seq, hash: head.hash, phase };
    const serverSignature = this.server.sign('checkpoint', statement);
    const made = this.log.add('checkpoint.made', 'server', { ...statement, signature: serverSignature });
    const cosignatures = cosigners.map((k) => {
      const signature = k.sign('checkpoint', statement);
      this.log.add('checkpoint.cosigned', idOf(k), { ...statement, supervisorKey: k.b64, signature });
      return { supervisorKey: k.b64, signature };
    });
    this.checkpoints.push({ ...statement, at: made.at, serverSignature, cosignatures });
  }

  async openingKey(codes: string[]) {
    return toBase64(await combineShares(codes.slice(0, 2).map((c) => (decodeShareCode(c) as { ok: true; share: Parameters<typeof combineShares>[0][number] }).share)));
  }

  /**
   * A written session of the ten-question paper, sat by `tickets` (each at `seatOf(ticket)`), from the
   * sealed paper to the marks: sign-ins, reconnections and (coalesced) incidents, hand-ins with
   * signed receipts, the objective marks, every open answer marked by one of `markers` (a share of
   * them marked again), a checkpoint at each phase cosigned by `supervisors`.
   */
  async writtenSession(o: { sessionId: string; label: string; tickets: string[]; seatOf: (t: string) => string; markers: Key[]; supervisors: Key[]; extra?: Record<string, unknown>; reconnections: number; incidents: number; remarkShare: number }) {
    const { sessionId, tickets, seatOf } = o;
    const log = this.log;
    const { paper, answerKey } = tenQuestions();
    const seal = await sealPaper(paper, answerKey, { label: o.label, threshold: 2, count: 3 });
    const paperKey = await this.openingKey(seal.paper.shareCodes);
    const answerKeyKey = await this.openingKey(seal.answerKey.shareCodes);
    this.sealed.push({ file: seal.paper.file, key: paperKey }, { file: seal.answerKey.file, key: answerKeyKey });
    const seed = rnd(32);
    log.add('session.created', 'organiser', { sessionId, label: o.label, room: sessionId, seats: tickets.map(seatOf), scheduledStart: log.now, durationMinutes: 120, lateEntryMinutes: 30, paperSealedHash: seal.paper.hash, answerKeySealedHash: seal.answerKey.hash, seed, candidates: tickets.map((t) => ({ ticket: t, seat: seatOf(t), name: `考生${t}` })), ...(o.extra ?? {}) });
    return {
      /** What follows the session's creation: everything from the sign-ins to the marks. */
      run: async () => {
        const kiosks = tickets.map((t) => ({ t, k: newKey() }));
        for (const { t, k } of kiosks) this.admit(k, 'kiosk', 'kiosk', { room: sessionId, seat: seatOf(t) });
        for (const { t, k } of kiosks) log.add('candidate.signed-in', idOf(k), { sessionId, ticket: t, seat: seatOf(t), deviceId: idOf(k), seed: candidateSeed(seed, t) });
        for (const i of [1, 2]) log.add('share.entered', 'desk', { sessionId, target: 'paper', sealId: seal.paper.file.sealId, index: i, keyholder: `保管人${i}` });
        log.add('exam.started', 'desk', { sessionId, startedAt: log.now, scheduledStart: log.now, override: null, sealedHash: seal.paper.hash, key: paperKey, keyCommitment: seal.paper.file.keyCommitment, shares: [1, 2] });
        this.checkpoint(`${sessionId}: paper opened`, o.supervisors);
        const kinds = ['lost-focus', 'left-fullscreen', 'blocked-key', 'reloaded'];
        for (let r = 0; r < o.reconnections; r++) for (const { t, k } of kiosks) log.add('candidate.resumed', idOf(k), { sessionId, ticket: t, seat: seatOf(t), deviceId: idOf(k), seed: candidateSeed(seed, t) });
        for (let r = 0; r < o.incidents; r++) for (const { t, k } of kiosks) log.add('kiosk.incident', idOf(k), { sessionId, ticket: t, seat: seatOf(t), kind: kinds[(r + t.length) % 4], detail: null, repeats: r % 3 });
        log.add('exam.announcement', 'desk', { sessionId, text: '距考试结束还有 30 分钟。' });
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
          log.add('candidate.submitted', idOf(k), { sessionId, ticket: t, answersHash: receipt.answersHash, answerCount: receipt.answerCount, submittedAt: receipt.submittedAt, auto: false });
          candidates.push({ ticket: t, name: `考生${t}`, seat: seatOf(t), seed: candidateSeed(seed, t), code: null, receipt: { receipt, signature: this.server.sign('receipt', receipt), serverKey: this.server.b64 }, answers });
        }
        log.add('exam.closed', 'desk', { sessionId, closedAt: log.now, autoSubmitted: 0, absent: 0, reason: null });
        this.checkpoint(`${sessionId}: exam closed`, o.supervisors);
        for (const i of [1, 2]) log.add('share.entered', 'desk', { sessionId, target: 'answer-key', sealId: seal.answerKey.file.sealId, index: i, keyholder: `保管人${i}` });
        log.add('answer-key.opened', 'desk', { sessionId, sealId: seal.answerKey.file.sealId, key: answerKeyKey, keyCommitment: seal.answerKey.file.keyCommitment, shares: [1, 2] });
        const key: AnswerKey = { ...answerKey, paperSealId: seal.paper.file.sealId };
        const codes: Record<string, string> = {};
        const totals: Record<string, number> = {};
        const tag = sessionId.replace(/[^0-9A-Za-z]/g, '').slice(-2).toUpperCase().padStart(2, 'S');
        for (const [i, c] of candidates.entries()) {
          const digits = String(i).padStart(6, '0');
          c.code = `${tag}${digits.slice(0, 2)}-${digits.slice(2)}`; // XXXX-XXXX, one per script
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
            const marker = o.markers[m++ % o.markers.length]!;
            const mark = (points: number, replaces?: string): MarkObject => ({ sessionId, code: c.code!, questionId: q.id, points, markerKey: marker.b64, signedAt: log.now, nonce: rnd(16), ...(replaces ? { replaces } : {}) });
            const record = (mk: MarkObject) => {
              const signature = marker.sign('mark', mk);
              marks.push({ mark: mk, signature });
              log.add('mark.recorded', idOf(marker), { sessionId, code: mk.code, questionId: mk.questionId, points: mk.points, markerKey: mk.markerKey, hash: markHash(mk), replaces: mk.replaces ?? null, signature });
              openPoints.set(`${c.ticket}/${q.id}`, mk.points);
            };
            const first = mark(Math.floor((q.points * (40 + (m % 60))) / 100 / 50) * 50);
            record(first);
            if (m % Math.round(1 / o.remarkShare) === 0) record(mark(Math.min(q.points, first.points + 50), markHash(first)));
          }
        }
        this.checkpoint(`${sessionId}: marking finished`, o.supervisors);
        const rows = candidates.map((c) => {
          const op = open.reduce((s, q) => s + openPoints.get(`${c.ticket}/${q.id}`)!, 0);
          return { ticket: c.ticket, objective: totals[c.ticket]!, open: op, total: totals[c.ticket]! + op, rank: null as number | null };
        });
        for (const [r, k] of writtenRanks(rows)) r.rank = k;
        this.written[sessionId] = rows.sort((a, b) => (a.ticket < b.ticket ? -1 : 1));
        this.sessions.push({ id: sessionId, label: o.label, room: sessionId, seed, paperSealId: seal.paper.file.sealId, answerKeySealId: seal.answerKey.file.sealId, candidates, marks });
        return { paperTotal: questions.reduce((s, q) => s + q.points, 0) };
      },
    };
  }

  /**
   * An interview day: its rooms, each with `examiners` examiners and a supervisor, a day supervisor
   * and two candidates' representatives; one draw over everyone (the server and four people); in
   * each room the candidates in lot order, every examiner signing a sheet (a share of them corrected
   * and countersigned); checkpoints when the lots are drawn and when each room has finished.
   */
  async interviewDay(o: { dayId: string; label: string; rooms: Array<{ room: string; tickets: string[] }>; examiners: number; correctedShare: number; extra?: Record<string, unknown> }) {
    const { dayId } = o;
    const log = this.log;
    const set: InterviewSet = parseInterviewQuestions(readFileSync(fileURLToPath(new URL('../../exam-server/src/demo/demo-interview.yaml', import.meta.url)), 'utf8'));
    const seal = await sealInterview(set, { label: o.label, threshold: 2, count: 3 });
    const questionsKey = await this.openingKey(seal.shareCodes);
    this.sealed.push({ file: seal.file, key: questionsKey });
    const rule = { trimWhenAtLeast: 5, outlierDistance: 1500, announceOnSpot: false };
    const all = o.rooms.flatMap((r) => r.tickets.map((t) => ({ ticket: t, room: r.room })));
    log.add('interview.day-created', 'organiser', { dayId, label: o.label, holdingRoom: '候考室', finishedRoom: '候分室', rooms: o.rooms.map((r) => r.room), questionsSealedHash: seal.hash, rule, candidates: [...all].sort((a, b) => (a.ticket < b.ticket ? -1 : 1)).map((c) => ({ ...c, name: `考生${c.ticket}` })), ...(o.extra ?? {}) });
    return {
      run: async () => {
        const panels = o.rooms.map((r) => ({ ...r, examiners: Array.from({ length: o.examiners }, () => newKey()), supervisor: newKey() }));
        for (const p of panels) for (const [i, e] of p.examiners.entries()) this.admit(e, 'tablet', 'examiner', { dayId, room: p.room, person: `${p.room} 考官${i + 1}` });
        for (const p of panels) this.admit(p.supervisor, 'tablet', 'supervisor', { dayId, room: p.room, person: `${p.room} 组织部监督员` });
        const daySupervisor = newKey();
        this.admit(daySupervisor, 'tablet', 'supervisor', { dayId, person: `${o.label} 纪检监督员` });
        const representatives = [newKey(), newKey()];
        for (const [i, r] of representatives.entries()) this.admit(r, 'tablet', 'contributor', { dayId, person: `${o.label} 考生代表${i + 1}` });
        this.admit(newKey(), 'tablet', 'escort', { dayId, person: `${o.label} 引导员` });
        for (const i of [1, 2]) log.add('share.entered', 'desk', { dayId, target: 'interview-questions', sealId: seal.file.sealId, index: i, keyholder: `保管人${i}` });
        log.add('interview-questions.opened', 'desk', { dayId, sealId: seal.file.sealId, key: questionsKey, keyCommitment: seal.file.keyCommitment, shares: [1, 2] });
        for (const { ticket } of all) log.add('candidate.checked-in', 'desk', { dayId, ticket, phoneHandedIn: true });
        const drawId = `${dayId}-draw-1`;
        const sorted = all.map((x) => x.ticket).sort();
        const candidatesHash = lotCandidatesHash(drawId, sorted);
        const people = [{ key: this.server, name: 'server' }, { key: panels[0]!.supervisor, name: '组织部监督员' }, { key: daySupervisor, name: '纪检监督员' }, ...representatives.map((r, i) => ({ key: r, name: `考生代表${i + 1}` }))];
        const contributors = people.map((p) => ({ key: p.key.b64, name: p.name }));
        log.add('lot.draw-opened', 'desk', { dayId, drawId, attempt: 1, tickets: sorted, candidatesHash, contributors });
        const secrets = people.map(() => rnd(32));
        const commits = people.map((p, i) => {
          const commitment = lotCommitment(drawId, p.key.b64, secrets[i]!);
          const c = { contributor: p.key.b64, commitment, signature: p.key.sign('lot-commit', lotCommitStatement(drawId, candidatesHash, p.key.b64, commitment)) };
          log.add('lot.committed', i === 0 ? 'server' : idOf(p.key), { drawId, ...c });
          return c;
        });
        log.add('lot.reveal-phase', 'server', { drawId });
        const reveals = people.map((p, i) => ({ contributor: p.key.b64, secret: secrets[i]! }));
        for (const [i, r] of [...reveals.entries()].slice(1).concat([[0, reveals[0]!]])) log.add('lot.revealed', i === 0 ? 'server' : idOf(people[i]!.key), { drawId, ...r });
        const order = lotOrder(lotSeed(drawId, candidatesHash, reveals), sorted);
        log.add('lot.drawn', 'server', { dayId, transcript: { drawId, tickets: sorted, candidatesHash, contributors, commits, reveals, order } });
        this.checkpoint(`${dayId}: lots drawn`, [panels[0]!.supervisor, daySupervisor]);
        const sheets: BundleBody['days'][number]['sheets'] = [];
        const rows: BundleBody['results']['interview'][string] = [];
        let s = 0;
        for (const p of panels) {
          const mine = order.filter((t) => p.tickets.includes(t));
          for (const ticket of mine) {
            const lot = order.indexOf(ticket) + 1;
            const room = p.room;
            log.add('candidate.called', 'escort', { dayId, room, lot, ticket });
            log.add('candidate.entered-room', 'escort', { dayId, room, lot, ticket });
            log.add('candidate.finished', 'escort', { dayId, room, lot, ticket });
            const totals: number[] = [];
            for (const [j, e] of p.examiners.entries()) {
              const make = (bump: number, correction?: { replaces: string; reason: string }): ScoreSheet => {
                const items = set.questions.flatMap((q) => q.rubric.map((r, k) => ({ question: q.id, item: r.id, score: Math.min(r.max, Math.floor((r.max * (55 + ((lot * 7 + j * 3 + k) % 35))) / 100 / r.step) * r.step + bump * r.step) })));
                return { dayId, room, lot, items, total: items.reduce((a, x) => a + x.score, 0), examinerKey: e.b64, signedAt: log.now, nonce: rnd(16), ...(correction ?? {}) };
              };
              const sheet = make(0);
              const h = sheetHash(sheet);
              sheets.push({ sheet, signature: e.sign('score-sheet', sheet), countersign: null });
              log.add('score.signed', idOf(e), { dayId, room, lot, hash: h, total: sheet.total, replaces: null, reason: null });
              let counted = sheet.total;
              if (s++ % Math.round(1 / o.correctedShare) === 0) {
                const fix = make(1, { replaces: h, reason: '录入有误，更正' });
                const fh = sheetHash(fix);
                log.add('score.correction-signed', idOf(e), { dayId, room, lot, hash: fh, total: fix.total, replaces: h, reason: fix.reason! });
                const cs = { sheetHash: fh, supervisorKey: p.supervisor.b64, signedAt: log.now };
                const signature = p.supervisor.sign('sheet-countersign', cs);
                log.add('score.corrected', idOf(p.supervisor), { dayId, room, lot, hash: fh, replaces: h, countersignature: signature });
                sheets.push({ sheet: fix, signature: e.sign('score-sheet', fix), countersign: { countersign: cs, signature } });
                counted = fix.total;
              }
              totals.push(counted);
            }
            log.add('room.free', 'server', { dayId, room, lot });
            rows.push({ ticket, lot, room, score: panelScore(totals, rule).score, rank: null });
          }
          this.checkpoint(`${dayId}: ${p.room} scoring finished`, [p.supervisor, daySupervisor]);
        }
        for (const p of panels) for (const [r, k] of competitionRanks(rows.filter((x) => x.room === p.room), (x) => x.score)) r.rank = k;
        this.interview[dayId] = rows.sort((a, b) => a.lot - b.lot);
        this.days.push({ id: dayId, label: o.label, questionsSealId: seal.file.sealId, candidates: [...all].sort((a, b) => (a.ticket < b.ticket ? -1 : 1)).map((c) => ({ ticket: c.ticket, name: `考生${c.ticket}`, room: c.room, lot: order.indexOf(c.ticket) + 1 })), sheets, conflicts: [] });
        return { set };
      },
    };
  }

  /** The bundle, signed by the server. */
  finish(extra: Partial<BundleBody> = {}, results: Partial<BundleBody['results']> = {}): Bundle {
    const body: BundleBody = {
      format: BUNDLE_FORMAT,
      serverKey: this.server.b64,
      rules: { rounding: 'half-away-from-zero/hundredths', protocol: PROTOCOL_VERSION },
      devices: this.devices.sort((a, b) => (a.publicKey < b.publicKey ? -1 : 1)),
      sealed: this.sealed,
      sessions: this.sessions,
      days: this.days,
      log: this.log.entries,
      checkpoints: this.checkpoints,
      results: { written: this.written, interview: this.interview, ...results },
      ...extra,
    };
    return { body, signature: this.server.sign('bundle-statement', { bundleHash: bundleHash(body) }) };
  }
}
