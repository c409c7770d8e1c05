import { randomBytes } from 'node:crypto';
import { ballotKeysHash, canonicalize, type PostRanking, markHash, panelScore, sheetHash, toBase64, writtenRanks, type Bundle, type BundleAuditEntry } from '@exam/shared';
import { flipB64, flipHex, pick, type ServerSigner } from './tampering';

export type StepId =
  | '2-signature'
  | '3-audit-log'
  | '4-keys'
  | '5-signers'
  | '6-sealed'
  | '7-written-answers'
  | '8-written-marks'
  | '9-written-results'
  | '10-lots'
  | '11-score-sheets'
  | '12-interview-results'
  | '13-selection'
  | '14-evaluation'
  | '15-ranking'
  | '16-notices';

/**
 * One kind of tampering. `content` kinds edit what the bundle carries beside the log; `log` kinds
 * edit the log itself (the re-signed variant then rebuilds the whole chain and re-signs every
 * checkpoint with the server's key). `catches` are the steps that must fail when the attacker has
 * re-signed everything it can and the supervisors bring their records; `mayAlso` the steps that may
 * fail as a consequence; `withoutRecords`, for log kinds, the steps that must still catch it when
 * the supervisors bring nothing (absent: only their records can).
 */
export interface TamperKind {
  name: string;
  on: 'content' | 'log';
  apply: (b: Bundle, r: () => number, server: ServerSigner) => boolean;
  catches: StepId[];
  mayAlso?: StepId[] | '*';
  withoutRecords?: StepId[];
}

const day = (b: Bundle) => b.body.days[0]!;
const session = (b: Bundle) => b.body.sessions[0]!;
const log = (b: Bundle) => b.body.log;
const where = (b: Bundle, type: string, f: (e: BundleAuditEntry) => boolean = () => true) => log(b).findIndex((e) => e.type === type && f(e));
/** Moves log entry `from` to just after entry `after` (indices), keeping everything else in order. */
const moveAfter = (b: Bundle, from: number, after: number) => {
  const [e] = log(b).splice(from, 1);
  log(b).splice(after > from ? after : after + 1, 0, e!);
};

export const TAMPER_KINDS: TamperKind[] = [
  // What the examiners, markers and supervisors signed.
  { name: 'a score changed on a signed sheet', on: 'content', catches: ['5-signers', '11-score-sheets'], mayAlso: ['12-interview-results'], apply: (b, r) => { const s = pick(day(b).sheets, r)!; const it = pick(s.sheet.items, r)!; const d = 50 * (1 + Math.floor(r() * 4)); it.score += d; s.sheet.total += d; return true; } },
  { name: 'a marker’s points changed', on: 'content', catches: ['5-signers', '8-written-marks'], mayAlso: ['9-written-results'], apply: (b, r) => { const m = pick(session(b).marks, r)!; m.mark.points += 50 * (1 + Math.floor(r() * 10)); return true; } },
  { name: 'a sheet dropped', on: 'content', catches: ['11-score-sheets'], mayAlso: ['12-interview-results'], apply: (b, r) => { day(b).sheets.splice(Math.floor(r() * day(b).sheets.length), 1); return true; } },
  { name: 'a sheet given twice', on: 'content', catches: ['11-score-sheets'], apply: (b, r) => { const s = pick(day(b).sheets, r)!; day(b).sheets.splice(Math.floor(r() * day(b).sheets.length), 0, structuredClone(s)); return true; } },
  { name: 'a mark version dropped', on: 'content', catches: ['8-written-marks'], mayAlso: ['9-written-results'], apply: (b, r) => { session(b).marks.splice(Math.floor(r() * session(b).marks.length), 1); return true; } },
  { name: 'a mark given twice', on: 'content', catches: ['8-written-marks'], apply: (b, r) => { session(b).marks.push(structuredClone(pick(session(b).marks, r)!)); return true; } },
  { name: 'the countersigned correction dropped, so the original counts again', on: 'content', catches: ['11-score-sheets'], mayAlso: ['12-interview-results'], apply: (b) => { const i = day(b).sheets.findIndex((s) => s.sheet.replaces && s.countersign); if (i < 0) return false; day(b).sheets.splice(i, 1); return true; } },
  { name: 'a countersignature removed', on: 'content', catches: ['11-score-sheets'], mayAlso: ['12-interview-results'], apply: (b) => { const s = day(b).sheets.find((x) => x.countersign); if (!s) return false; s.countersign = null; return true; } },
  { name: 'a countersignature forged', on: 'content', catches: ['5-signers', '11-score-sheets'], mayAlso: ['12-interview-results'], apply: (b, r) => { const s = day(b).sheets.find((x) => x.countersign)!; s.countersign!.signature = flipB64(s.countersign!.signature, r); return true; } },
  { name: 'a countersignature moved to the original sheet', on: 'content', catches: ['11-score-sheets'], mayAlso: ['12-interview-results'], apply: (b) => { const fix = day(b).sheets.find((x) => x.countersign)!; const old = day(b).sheets.find((x) => x.sheet.nonce !== fix.sheet.nonce && x.sheet.examinerKey === fix.sheet.examinerKey && x.sheet.lot === fix.sheet.lot)!; old.countersign = fix.countersign; fix.countersign = null; return true; } },
  { name: 'a conflict declaration dropped', on: 'content', catches: ['11-score-sheets'], mayAlso: ['12-interview-results'], apply: (b) => { if (day(b).conflicts.length === 0) return false; day(b).conflicts.pop(); return true; } },
  { name: 'a checkpoint cosignature forged', on: 'content', catches: ['3-audit-log', '5-signers'], apply: (b, r) => { const cp = pick(b.body.checkpoints, r)!; const c = cp.cosignatures[0]!; c.signature = flipB64(c.signature, r); return true; } },
  { name: 'a checkpoint’s time changed', on: 'content', catches: ['3-audit-log'], apply: (b, r) => { const cp = pick(b.body.checkpoints, r)!; cp.at += 60_000; return true; } },
  { name: 'a checkpoint dropped with its cosignatures', on: 'content', catches: ['3-audit-log'], apply: (b, r) => { b.body.checkpoints.splice(Math.floor(r() * b.body.checkpoints.length), 1); return true; } },
  {
    name: 'a correction counted before the supervisor countersigned it',
    on: 'content',
    catches: ['12-interview-results'],
    apply: (b) => {
      const waiting = day(b).sheets.find((x) => x.sheet.replaces && !x.countersign);
      if (!waiting) return false;
      const row = b.body.results.interview['demo-interview']!.find((x) => x.lot === waiting.sheet.lot)!;
      const old = day(b).sheets.find((x) => sheetHash(x.sheet) === waiting.sheet.replaces)!;
      const totals = day(b).sheets.filter((x) => x.sheet.lot === row.lot && !x.sheet.replaces && x !== old).map((x) => x.sheet.total);
      row.score = panelScore([...totals, waiting.sheet.total]).score;
      return true;
    },
  },
  {
    name: 'the replaced mark counted instead of the one that replaced it',
    on: 'content',
    catches: ['9-written-results'],
    apply: (b) => {
      const newer = session(b).marks.find((m) => m.mark.replaces)!;
      const older = session(b).marks.find((m) => markHash(m.mark) === newer.mark.replaces)!;
      const ticket = session(b).candidates.find((c) => c.code === newer.mark.code)!.ticket;
      const rows = b.body.results.written['demo']!;
      const row = rows.find((x) => x.ticket === ticket)!;
      row.open! += older.mark.points - newer.mark.points;
      row.total! += older.mark.points - newer.mark.points;
      for (const [x, k] of writtenRanks(rows)) x.rank = k;
      return true;
    },
  },
  // The key register.
  { name: 'two keys swapped in the register', on: 'content', catches: ['4-keys'], apply: (b, r) => { const ds = b.body.devices.filter((d) => d.role === 'examiner' || d.role === 'marker' || d.role === 'supervisor'); const [x, y] = [pick(ds, r)!, pick(ds, r)!]; if (x === y) return false; [x.publicKey, y.publicKey] = [y.publicKey, x.publicKey]; return true; } },
  { name: 'a key’s role or room changed in the register', on: 'content', catches: ['4-keys'], apply: (b, r) => { const d = pick(b.body.devices.filter((x) => x.role !== 'desk'), r)!; if (r() < 0.5) d.room = d.room === '面试室B' ? '面试室A' : '面试室B'; else d.role = d.role === 'supervisor' ? 'examiner' : 'supervisor'; return true; } },
  { name: 'a key’s holder renamed in the register', on: 'content', catches: ['4-keys'], apply: (b, r) => { const d = pick(b.body.devices.filter((x) => x.role !== 'desk' && x.person), r); if (!d) return false; d.person = `${d.person}${r() < 0.5 ? '甲' : '乙'}`; return true; } },
  { name: 'a key admitted on the log left out of the register', on: 'content', catches: ['4-keys'], apply: (b, r) => { const ds = b.body.devices.filter((x) => x.role !== 'desk'); b.body.devices.splice(b.body.devices.indexOf(pick(ds, r)!), 1); return true; } },
  // The written exam.
  { name: 'an answer changed after the hand-in', on: 'content', catches: ['7-written-answers'], mayAlso: ['8-written-marks', '9-written-results'], apply: (b, r) => { const c = pick(session(b).candidates.filter((x) => x.receipt), r)!; const q = pick(Object.keys(c.answers), r)!; const v = c.answers[q]; c.answers[q] = typeof v === 'number' ? (v + 1) % 4 : typeof v === 'boolean' ? !v : typeof v === 'string' ? `${v}改` : null; return true; } },
  { name: 'a receipt re-signed with another answer count', on: 'content', catches: ['7-written-answers'], apply: (b, r, server) => { const c = pick(session(b).candidates.filter((x) => x.receipt), r)!; const rc = c.receipt!; rc.receipt.answerCount += 1 + Math.floor(r() * 3); rc.signature = server.signObject('receipt', rc.receipt); return true; } },
  { name: 'a receipt re-signed with another time', on: 'content', catches: ['7-written-answers'], apply: (b, r, server) => { const c = pick(session(b).candidates.filter((x) => x.receipt), r)!; const rc = c.receipt!; rc.receipt.submittedAt -= 1 + Math.floor(r() * 600_000); rc.signature = server.signObject('receipt', rc.receipt); return true; } },
  { name: 'a receipt dropped', on: 'content', catches: ['7-written-answers'], mayAlso: ['9-written-results'], apply: (b, r) => { const c = pick(session(b).candidates.filter((x) => x.receipt), r)!; c.receipt = null; return true; } },
  { name: 'two script codes swapped', on: 'content', catches: ['7-written-answers'], mayAlso: ['8-written-marks', '9-written-results'], apply: (b, r) => { const cs = session(b).candidates.filter((x) => x.code); const [x, y] = [pick(cs, r)!, pick(cs, r)!]; if (x === y) return false; [x.code, y.code] = [y.code, x.code]; return true; } },
  { name: 'a session seed changed', on: 'content', catches: ['7-written-answers'], apply: (b, r) => { session(b).seed = flipHex(session(b).seed, r); return true; } },
  { name: 'a sealed file’s key replaced', on: 'content', catches: ['6-sealed'], mayAlso: ['8-written-marks', '9-written-results', '11-score-sheets', '12-interview-results'], apply: (b, r) => { const s = pick(b.body.sealed.filter((x) => x.key), r)!; s.key = toBase64(randomBytes(32)); return true; } },
  { name: 'a published written result edited', on: 'content', catches: ['9-written-results'], apply: (b, r) => { const row = pick(b.body.results.written['demo']!.filter((x) => x.total !== null), r)!; if (r() < 0.5) row.total! += 1 + Math.floor(r() * 500); else row.rank = (row.rank ?? 0) + 1; return true; } },
  { name: 'a published interview result edited', on: 'content', catches: ['12-interview-results'], apply: (b, r) => { const row = pick(b.body.results.interview['demo-interview']!.filter((x) => x.score !== null), r)!; if (r() < 0.5) row.score! += 1 + Math.floor(r() * 500); else row.rank = (row.rank ?? 0) + 1; return true; } },
  // The interview day.
  { name: 'a lot moved to another candidate', on: 'content', catches: ['10-lots'], apply: (b, r) => { const cs = day(b).candidates.filter((c) => c.lot !== null); const [x, y] = [pick(cs, r)!, pick(cs, r)!]; if (x === y) return false; [x.lot, y.lot] = [y.lot, x.lot]; return true; } },
  { name: 'two written candidates’ names swapped', on: 'content', catches: ['7-written-answers'], apply: (b, r) => { const [x, y] = [pick(session(b).candidates, r)!, pick(session(b).candidates, r)!]; if (x === y || x.name === y.name) return false; [x.name, y.name] = [y.name, x.name]; return true; } },
  { name: 'two interview candidates’ names swapped', on: 'content', catches: ['11-score-sheets'], apply: (b, r) => { const [x, y] = [pick(day(b).candidates, r)!, pick(day(b).candidates, r)!]; if (x === y || x.name === y.name) return false; [x.name, y.name] = [y.name, x.name]; return true; } },
  { name: 'a candidate moved to another room', on: 'content', catches: ['11-score-sheets'], apply: (b, r) => { pick(day(b).candidates, r)!.room = '面试室Z'; return true; } },
  // The log itself.
  { name: 'a log entry rewritten', on: 'log', catches: ['3-audit-log'], mayAlso: '*', apply: (b, r) => { const e = pick(log(b), r)!; e.payload = { ...e.payload, rewritten: Math.floor(r() * 1e6) }; return true; } },
  { name: 'two log entries swapped', on: 'log', catches: ['3-audit-log'], mayAlso: '*', apply: (b, r) => { const i = Math.floor(r() * (log(b).length - 1)); const [x, y] = [log(b)[i]!, log(b)[i + 1]!]; [log(b)[i], log(b)[i + 1]] = [y, x]; return true; } },
  { name: 'the log truncated', on: 'log', catches: ['3-audit-log'], mayAlso: '*', apply: (b, r) => { const n = 1 + Math.floor(r() * 30); log(b).splice(log(b).length - n, n); return true; } },
  {
    name: 'an examiner admitted only after their first sheet',
    on: 'log',
    catches: ['3-audit-log', '5-signers'],
    // The fifth examiner's declared relation, made before its first sheet, then precedes its admission too.
    mayAlso: ['4-keys', '11-score-sheets', '12-interview-results', '13-selection'],
    withoutRecords: ['5-signers'],
    apply: (b, r) => {
      const admissions = log(b).filter((e) => e.type === 'ceremony.key-admitted' && e.payload['role'] === 'examiner');
      const a = pick(admissions, r)!;
      const first = where(b, 'score.signed', (e) => e.actor === a.payload['deviceId']);
      moveAfter(b, log(b).indexOf(a), first);
      return true;
    },
  },
  {
    name: 'the supervisor revoked before countersigning',
    on: 'log',
    catches: ['3-audit-log', '5-signers'],
    mayAlso: ['4-keys', '11-score-sheets', '12-interview-results'],
    withoutRecords: ['5-signers'],
    apply: (b, r) => {
      const cs = where(b, 'score.corrected');
      const sup = log(b)[cs]!.actor;
      const admitted = where(b, 'ceremony.key-admitted', (e) => e.payload['deviceId'] === sup);
      // Revoked somewhere between the admission and the countersignature, admitted again after it.
      const at = admitted + 1 + Math.floor(r() * (cs - admitted));
      log(b).splice(at, 0, { seq: 0, at: log(b)[at]!.at, type: 'device.revoked', actor: log(b)[0]!.actor, payload: { deviceId: sup, reason: 'lost' }, prev: '0'.repeat(64), hash: '0'.repeat(64) });
      log(b).splice(cs + 2 + Math.floor(r() * 3), 0, { ...structuredClone(log(b)[admitted]!), at: log(b)[cs + 1]!.at });
      return true;
    },
  },
  {
    name: 'a commitment to the draw logged after the reveal phase began',
    on: 'log',
    catches: ['3-audit-log', '10-lots'],
    withoutRecords: ['10-lots'],
    apply: (b, r) => {
      const phase = where(b, 'lot.reveal-phase');
      const commit = where(b, 'lot.committed', (e) => e.actor !== 'server');
      moveAfter(b, commit, phase + Math.floor(r() * 4));
      return true;
    },
  },
  {
    name: 'a secret altered in the drawn transcript',
    on: 'log',
    catches: ['3-audit-log', '10-lots'],
    withoutRecords: ['10-lots'],
    apply: (b, r) => {
      const t = log(b)[where(b, 'lot.drawn')]!.payload['transcript'] as { reveals: Array<{ secret: string }> };
      const rv = pick(t.reveals, r)!;
      rv.secret = flipHex(rv.secret, r);
      return true;
    },
  },
  {
    name: 'a finished candidate taken back into the interview room',
    on: 'log',
    catches: ['3-audit-log', '10-lots'],
    withoutRecords: ['10-lots'],
    apply: (b, r) => {
      const finished = log(b).filter((e) => e.type === 'candidate.finished');
      const f = pick(finished, r)!;
      const i = log(b).indexOf(f);
      log(b).splice(i + 1 + Math.floor(r() * 2), 0, { ...structuredClone(f), type: 'candidate.entered-room' });
      return true;
    },
  },
  {
    name: 'a candidate called while another is still in the room',
    on: 'log',
    catches: ['3-audit-log', '10-lots'],
    withoutRecords: ['10-lots'],
    apply: (b) => {
      const calls = log(b).filter((e) => e.type === 'candidate.called');
      if (calls.length < 2) return false;
      const second = calls[1]!;
      const frees = log(b).filter((e) => e.type === 'room.free');
      const firstFree = log(b).indexOf(frees[0]!);
      // The second call moved before the room was freed of the first candidate.
      moveAfter(b, log(b).indexOf(second), firstFree - 2);
      return true;
    },
  },
  {
    name: 'a sheet’s record removed from the log',
    on: 'log',
    catches: ['3-audit-log', '5-signers'],
    mayAlso: ['11-score-sheets', '12-interview-results'],
    withoutRecords: ['5-signers'],
    apply: (b, r) => {
      const entries = log(b).filter((e) => e.type === 'score.signed');
      log(b).splice(log(b).indexOf(pick(entries, r)!), 1);
      return true;
    },
  },
  {
    name: 'a hand-in’s record changed on the log',
    on: 'log',
    catches: ['3-audit-log', '7-written-answers'],
    withoutRecords: ['7-written-answers'],
    apply: (b, r) => {
      const e = pick(log(b).filter((x) => x.type === 'candidate.submitted'), r)!;
      e.payload['answersHash'] = flipHex(String(e.payload['answersHash']), r);
      return true;
    },
  },
  // The front of the selection: the log rebuilt, everything re-signed; the public replay catches it.
  ...(
    [
      [
        'a name added to the published list',
        (b: Bundle, r: () => number) => {
          const posts = log(b)[where(b, 'qualified.published')]!.payload['posts'] as Record<string, string[]>;
          const outside = log(b).filter((e) => e.type === 'registration.recorded' && !posts['p1']!.includes(String(e.payload['registrationId'])));
          const e = pick(outside, r);
          if (!e) return false;
          posts['p1']!.push(String(e.payload['registrationId']));
          return true;
        },
      ],
      [
        'two candidates’ seats swapped',
        (b: Bundle, r: () => number) => {
          const a = log(b)[where(b, 'seats.assigned')]!.payload['admissions'] as Array<{ sittings: unknown }>;
          const i = Math.floor(r() * (a.length - 1));
          [a[i]!.sittings, a[i + 1]!.sittings] = [a[i + 1]!.sittings, a[i]!.sittings];
          return canonicalize(a[i]!.sittings) !== canonicalize(a[i + 1]!.sittings);
        },
      ],
      [
        'a counting decision’s verdict flipped',
        (b: Bundle, r: () => number) => {
          const last = new Map<string, BundleAuditEntry>();
          for (const e of log(b)) if (e.type === 'review.signed') last.set(`${String(e.payload['registrationId'])}/${String(e.payload['post'])}`, e);
          const e = pick([...last.values()], r)!;
          e.payload['decision'] = e.payload['decision'] === 'pass' ? 'fail' : 'pass';
          return true;
        },
      ],
      [
        'a registration for a third post',
        (b: Bundle, r: () => number) => {
          const e = pick(log(b).filter((x) => x.type === 'registration.recorded' && (x.payload['posts'] as string[]).length === 2), r)!;
          const ps = e.payload['posts'] as string[];
          ps.push(['p1', 'p2', 'p3'].find((p) => !ps.includes(p))!);
          return true;
        },
      ],
      [
        'a review decision dated before the deadline',
        (b: Bundle, r: () => number) => {
          const closes = Number(log(b)[where(b, 'selection.created')]!.payload['registrationCloses']);
          const e = pick(log(b).filter((x) => x.type === 'review.signed'), r)!;
          e.at = closes - 1000 * (1 + Math.floor(r() * 3600));
          return true;
        },
      ],
      [
        'the seat draw opened before the list was published',
        (b: Bundle) => {
          const opened = where(b, 'lot.draw-opened', (e) => e.payload['selectionId'] !== undefined);
          moveAfter(b, opened, where(b, 'qualified.published') - 1);
          return true;
        },
      ],
    ] as const
    // A front rewritten changes who goes on: an evaluation of those the draw admitted then names
    // someone the recomputed admissions do not hold (step 14), and the ranking differs (step 15).
  ).map(([name, apply]): TamperKind => ({ name, on: 'log', catches: ['3-audit-log', '13-selection'], mayAlso: ['14-evaluation', '15-ranking'], withoutRecords: ['13-selection'], apply })),
  // The evaluation's board: what the server publishes beside the log, re-signed; and its card list on the log.
  { name: 'a ballot altered on the board', on: 'content', catches: ['14-evaluation'], apply: (b, r) => { const e = b.body.evaluations?.[0]; const x = e && pick(e.ballots, r); if (!x) return false; const rt = pick(x.ballot.ratings, r)!; rt.overall = rt.overall === 'incompetent' ? 'excellent' : 'incompetent'; return true; } },
  { name: 'a ballot dropped from the board', on: 'content', catches: ['14-evaluation'], apply: (b, r) => { const e = b.body.evaluations?.[0]; if (!e) return false; e.ballots.splice(Math.floor(r() * e.ballots.length), 1); return true; } },
  { name: 'a ballot given twice on the board', on: 'content', catches: ['14-evaluation'], apply: (b, r) => { const e = b.body.evaluations?.[0]; if (!e) return false; e.ballots.push(structuredClone(pick(e.ballots, r)!)); return true; } },
  { name: 'an unused card left off the board', on: 'content', catches: ['14-evaluation'], apply: (b) => { const e = b.body.evaluations?.[0]; if (!e || e.unused.length === 0) return false; e.unused.pop(); return true; } },
  { name: 'the evaluation’s count published otherwise', on: 'content', catches: ['14-evaluation'], apply: (b, r) => { const c = b.body.evaluations?.[0]?.count as { candidates: Array<{ dissatisfiedBp: number }> } | undefined; const x = c && pick(c.candidates, r); if (!x) return false; x.dissatisfiedBp += 1 + Math.floor(r() * 500); return true; } },
  {
    name: 'a card of the server’s own added to a committed list',
    on: 'log',
    catches: ['3-audit-log', '14-evaluation'],
    apply: (b, r) => {
      const e = log(b).find((x) => x.type === 'evaluation.created');
      if (!e) return false;
      const l = (e.payload['lists'] as Array<{ group: string; count: number; hash: string; keys: string[] }>)[0]!;
      l.keys = [...l.keys, toBase64(Uint8Array.from({ length: 32 }, () => Math.floor(r() * 256)))].sort();
      l.count = l.keys.length;
      l.hash = ballotKeysHash(String(e.payload['evaluationId']), l.group, l.keys);
      const board = b.body.evaluations?.find((x) => x.id === e.payload['evaluationId']);
      if (board) board.lists[0]!.keys = l.keys;
      return true;
    },
  },
  // The composite ranking: what the server publishes beside the log, re-signed; and its rules on the log.
  { name: 'the rankings published in another order', on: 'content', catches: ['15-ranking'], apply: (b) => { const x = Object.values(b.body.results.rankings ?? {}).find((l) => l.length > 1); if (!x) return false; x.reverse(); return true; } },
  { name: 'a composite published otherwise', on: 'content', catches: ['15-ranking'], apply: (b, r) => { const x = rankings(b); const row = x && pick(x.flatMap((p) => p.rows.filter((w) => w.composite !== null)), r); if (!row) return false; row.composite! += 1 + Math.floor(r() * 300); return true; } },
  { name: 'a candidate below a bar published as shortlisted', on: 'content', catches: ['15-ranking'], apply: (b, r) => { const x = rankings(b); const row = x && pick(x.flatMap((p) => p.rows.filter((w) => w.outcome !== 'shortlisted')), r); if (!row) return false; row.outcome = 'shortlisted'; return true; } },
  { name: 'a shortlisted candidate left off the published shortlist', on: 'content', catches: ['15-ranking'], apply: (b, r) => { const p = pick((rankings(b) ?? []).filter((x) => x.shortlist.length > 0), r); if (!p) return false; p.shortlist.splice(Math.floor(r() * p.shortlist.length), 1); return true; } },
  { name: 'a post’s ranking dropped from the results', on: 'content', catches: ['15-ranking'], apply: (b, r) => { const x = rankings(b); if (!x || x.length === 0) return false; x.splice(Math.floor(r() * x.length), 1); return true; } },
  {
    name: 'a post’s weights changed on the log',
    on: 'log',
    catches: ['3-audit-log', '15-ranking'],
    withoutRecords: ['15-ranking'],
    apply: (b, r) => {
      const e = pick(log(b).filter((x) => x.type === 'ranking.rules-set'), r);
      if (!e) return false;
      const c = (e.payload['rules'] as { components: Array<{ weight: number }> }).components;
      pick(c, r)!.weight += 1 + Math.floor(r() * 5);
      return true;
    },
  },
  {
    name: 'ranking rules set again once the written results were known',
    on: 'log',
    catches: ['3-audit-log', '15-ranking'],
    withoutRecords: ['15-ranking'],
    apply: (b, r) => {
      const i = where(b, 'ranking.rules-set');
      if (i < 0) return false;
      const copy = structuredClone(log(b)[i]!);
      (copy.payload['rules'] as { ties: string }).ties = r() < 0.5 ? 'tie-break' : 'all';
      const marked = log(b).findLastIndex((x) => x.type === 'mark.recorded');
      log(b).splice(marked + 1, 0, copy);
      return true;
    },
  },
  // Public notice: periods, objections and the appointments made final, on the log.
  ...(
    [
      ['a notice’s period shortened by a working day', (b: Bundle) => { const n = log(b).find((e) => e.type === 'notice.published'); if (!n) return false; const last = String(n.payload['lastDay']); n.payload['lastDay'] = new Date(Date.parse(last) - 86_400_000).toISOString().slice(0, 10); n.payload['endsAt'] = Number(n.payload['endsAt']) - 86_400_000; return true; }],
      ['a notice put up for four working days', (b: Bundle) => { const n = log(b).find((e) => e.type === 'notice.published'); if (!n) return false; n.payload['workingDays'] = 4; return true; }],
      ['an objection’s handling removed before the appointments were made final', (b: Bundle) => { const i = where(b, 'objection.handled'); if (i < 0) return false; log(b).splice(i, 1); return true; }],
      ['a committee decision logged after the appointments were made final', (b: Bundle) => { const f = where(b, 'appointments.finalised'); const d = log(b).filter((x) => x.type === 'ranking.decided').at(-1); if (f < 0 || !d) return false; log(b).splice(f + 1, 0, { ...structuredClone(d), at: log(b)[f]!.at }); return true; }],
      ['an objection received after the appointments were final handled as not appointed', (b: Bundle) => { const f = where(b, 'appointments.finalised'); const h = log(b).findIndex((x, i) => i > f && x.type === 'objection.handled'); if (f < 0 || h < 0) return false; log(b)[h]!.payload['outcome'] = 'not-appointed'; return true; }],
      ['the appointments made published before they were made final', (b: Bundle) => { const f = where(b, 'appointments.finalised'); const n = where(b, 'notice.published', (e) => e.payload['kind'] === 'appointed'); if (f < 0 || n < 0) return false; const [e] = log(b).splice(n, 1); log(b).splice(f, 0, e!); return true; }],
      ['an objection made to be about someone registered in another selection', (b: Bundle, r: () => number) => { const o = log(b).find((x) => x.type === 'objection.received' && x.payload['about'] !== null); const other = pick(log(b).filter((x) => x.type === 'registration.recorded' && x.payload['selectionId'] !== o?.payload['selectionId']), r); if (!o || !other) return false; o.payload['about'] = other.payload['registrationId']; return true; }],
      ['a notice made to publish the written results of a session of no selection', (b: Bundle, r: () => number) => { const n = pick(log(b).filter((x) => x.type === 'notice.published' && x.payload['target'] === null), r); const s = pick(log(b).filter((x) => x.type === 'session.created' && x.payload['selectionId'] === undefined && x.seq < (n?.seq ?? 0)), r); if (!n || !s) return false; n.payload['kind'] = 'written'; n.payload['target'] = s.payload['sessionId']; return true; }],
      ['an objection’s outcome turned to not appointed, the appointee still made final', (b: Bundle) => { const e = log(b).find((x) => x.type === 'objection.handled' && log(b).some((r) => r.type === 'objection.received' && r.payload['objectionId'] === x.payload['objectionId'] && r.payload['about'] !== null)); if (!e) return false; e.payload['outcome'] = 'not-appointed'; return true; }],
    ] as const
  ).map(([name, apply]): TamperKind => ({ name, on: 'log', catches: ['3-audit-log', '16-notices'], withoutRecords: ['16-notices'], apply })),
];
const rankings = (b: Bundle) => Object.values(b.body.results.rankings ?? {})[0] as PostRanking[] | undefined;

