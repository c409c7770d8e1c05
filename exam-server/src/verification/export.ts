import { BUNDLE_FORMAT, PROTOCOL_VERSION, bundleBodySchema, bundleHash, type Bundle, type BundleBody } from '@exam/shared';
import { evaluationBoard } from '../evaluation/evaluations';
import type { ServerContext } from '../context';
import { sessionResults } from '../marking/results';
import { interviewResults } from '../scoring/results';
import { rankingStatus } from '../ranking/status';
import type { KnownResults } from '../ranking/sources';

/**
 * Builds the export bundle (docs/bundle.md) from the database and signs it with the server's key.
 * Nothing is computed here that a verifier takes on trust: results are included only to be
 * compared with what the verifier recomputes. Every list has a fixed order and the bundle carries
 * no time of its own, so two exports of the same state have the same bundle hash.
 */
export async function exportBundle(ctx: ServerContext): Promise<Bundle> {
  const db = ctx.db;
  const byKey = (a: { publicKey: string }, b: { publicKey: string }) => (a.publicKey < b.publicKey ? -1 : 1);
  // Devices never admitted are left out: they can sign nothing that counts.
  const devices = ctx.devices.all().filter((d) => d.status !== 'pending').map((d) => ({ id: d.id, publicKey: d.public_key, fingerprint: d.fingerprint, kind: d.kind, status: d.status, role: d.role, room: d.room, seat: d.seat, dayId: d.day_id, person: d.person })).sort(byKey);
  const sealed = (await db.selectFrom('sealed_files').select(['sealed_json', 'key']).orderBy('id').execute()).map((r) => ({ file: JSON.parse(r.sealed_json), key: r.key }));
  // Each session's and day's results, worked out once here and used again by the rankings (which check every sheet's signature).
  const known: KnownResults = { written: new Map(), interview: new Map() };
  const sessions: BundleBody['sessions'] = [];
  const written: BundleBody['results']['written'] = {};
  for (const s of await db.selectFrom('sessions').selectAll().orderBy('id').execute()) {
    const cands = await db.selectFrom('candidates').selectAll().where('session_id', '=', s.id).orderBy('ticket').execute();
    const answers = await db.selectFrom('answers').select(['ticket', 'question_id', 'value_json']).where('session_id', '=', s.id).execute();
    const codes = await db.selectFrom('script_codes').select(['ticket', 'code']).where('session_id', '=', s.id).execute();
    const marks = await db.selectFrom('mark_versions').select(['mark_json', 'signature']).where('session_id', '=', s.id).orderBy('received_at').orderBy('hash').execute();
    sessions.push({
      id: s.id,
      label: s.label,
      room: s.room,
      seed: s.seed,
      paperSealId: s.paper_id.split(':')[1]!,
      answerKeySealId: s.answer_key_id.split(':')[1]!,
      candidates: cands.map((c) => ({
        ticket: c.ticket,
        name: c.name,
        seat: c.seat,
        seed: c.seed,
        code: codes.find((x) => x.ticket === c.ticket)?.code ?? null,
        receipt: c.receipt_json ? JSON.parse(c.receipt_json) : null,
        answers: Object.fromEntries(answers.filter((a) => a.ticket === c.ticket).map((a) => [a.question_id, JSON.parse(a.value_json)])),
      })),
      marks: marks.map((m) => ({ mark: JSON.parse(m.mark_json), signature: m.signature })),
    });
    if (ctx.opened.answerKey(s.answer_key_id)) {
      const r = await sessionResults(ctx, s.id);
      known.written.set(s.id, r);
      written[s.id] = r.rows.filter((x) => !x.absent).sort((a, b) => (a.ticket < b.ticket ? -1 : 1)).map((x) => ({ ticket: x.ticket, objective: x.objective, open: x.open, total: x.total, rank: x.rank }));
    }
  }
  const days: BundleBody['days'] = [];
  const interview: BundleBody['results']['interview'] = {};
  for (const d of await db.selectFrom('interview_days').selectAll().orderBy('id').execute()) {
    days.push({
      id: d.id,
      label: d.label,
      questionsSealId: d.questions_id.split(':')[1]!,
      candidates: (await db.selectFrom('interview_candidates').selectAll().where('day_id', '=', d.id).orderBy('ticket').execute()).map((c) => ({ ticket: c.ticket, name: c.name, room: c.room, lot: c.lot })),
      sheets: (await db.selectFrom('score_sheets').selectAll().where('day_id', '=', d.id).orderBy('received_at').orderBy('hash').execute()).map((s) => ({
        sheet: JSON.parse(s.sheet_json),
        signature: s.signature,
        countersign: s.countersign_json ? JSON.parse(s.countersign_json) : null,
      })),
      conflicts: (await db.selectFrom('conflicts').selectAll().where('day_id', '=', d.id).orderBy('at').orderBy('lot').orderBy('examiner_key').execute()).map((c) => ({ declaration: JSON.parse(c.declaration_json), signature: c.signature })),
    });
    if (ctx.opened.interview(d.questions_id)) {
      const r = await interviewResults(ctx, d.id);
      known.interview.set(d.id, r);
      interview[d.id] = r.rows.sort((a, b) => a.lot - b.lot).map((r) => ({ ticket: r.ticket, lot: r.lot, room: r.room, score: r.score, rank: r.rank }));
    }
  }
  const log = (await db.selectFrom('audit_log').selectAll().orderBy('seq').execute()).map((e) => ({ seq: e.seq, at: e.at, type: e.type, actor: e.actor, payload: JSON.parse(e.payload_json), prev: e.prev_hash, hash: e.hash }));
  const checkpoints = [];
  for (const c of await db.selectFrom('checkpoints').selectAll().orderBy('seq').execute()) {
    const cos = await db.selectFrom('cosignatures').select(['supervisor_key', 'signature']).where('seq', '=', c.seq).orderBy('at').orderBy('supervisor_key').execute();
    checkpoints.push({ seq: c.seq, hash: c.hash, phase: c.phase, at: c.at, serverSignature: c.server_signature, cosignatures: cos.map((x) => ({ supervisorKey: x.supervisor_key, signature: x.signature })) });
  }
  // Closed evaluations and their boards: an open one's ballots stay in the ballot store until the close.
  const evaluations = [];
  for (const e of await db.selectFrom('evaluations').select('id').where('state', '=', 'closed').orderBy('id').execute()) {
    const b = await evaluationBoard(ctx, e.id);
    evaluations.push({ id: e.id, settings: b.settings, lists: b.lists, ballots: b.ballots, unused: b.unused, missing: b.missing, handedOut: b.handedOut, count: b.count });
  }
  // Each selection's composite rankings, from the same function a verifier runs (step 15 recomputes them).
  const rankings: Record<string, unknown[]> = {};
  for (const r of await db.selectFrom('ranking_rules').select('selection_id').distinct().orderBy('selection_id').execute()) {
    rankings[r.selection_id] = (await rankingStatus(ctx, r.selection_id, known)).posts.flatMap((p) => p.rounds.flatMap((x) => (x.ranking ? [x.ranking] : [])));
  }
  const body = bundleBodySchema.parse({
    format: BUNDLE_FORMAT,
    serverKey: ctx.serverKey.publicKeyBase64,
    rules: { rounding: 'half-away-from-zero/hundredths', protocol: PROTOCOL_VERSION },
    devices,
    sealed,
    sessions,
    days,
    log,
    checkpoints,
    results: { written, interview, ...(Object.keys(rankings).length > 0 ? { rankings } : {}) },
    ...(evaluations.length > 0 ? { evaluations } : {}),
  });
  return { body, signature: ctx.serverKey.signObject('bundle-statement', { bundleHash: bundleHash(body) }) };
}
