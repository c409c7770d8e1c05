import { bundleBodySchema, bundleHash, objectHash, type Bundle, type BundleBody, type LotTranscript } from '@exam/shared';
import type { ServerContext } from '../context';
import { results as writtenResults } from '../marking/results';
import { interviewResults } from '../scoring/results';
import type { RequestContext } from '../realtime/requests';

/**
 * Builds the export bundle (docs/bundle.md) from the database and signs it with the server's key.
 * Nothing is computed here that a verifier takes on trust: results are included only to be
 * compared with what the verifier recomputes.
 */
export async function exportBundle(ctx: ServerContext): Promise<Bundle> {
  const db = ctx.db;
  const devices = ctx.devices.all().map((d) => ({ id: d.id, publicKey: d.public_key, fingerprint: d.fingerprint, kind: d.kind, status: d.status, role: d.role, room: d.room, seat: d.seat, dayId: d.day_id, person: d.person }));
  const sealed = (await db.selectFrom('sealed_files').select(['sealed_json', 'key']).orderBy('id').execute()).map((r) => ({ file: JSON.parse(r.sealed_json), key: r.key }));
  const sessions: BundleBody['sessions'] = [];
  const written: BundleBody['results']['written'] = {};
  for (const s of await db.selectFrom('sessions').selectAll().orderBy('id').execute()) {
    const cands = await db.selectFrom('candidates').selectAll().where('session_id', '=', s.id).orderBy('ticket').execute();
    const answers = await db.selectFrom('answers').select(['ticket', 'question_id', 'value_json']).where('session_id', '=', s.id).execute();
    const codes = await db.selectFrom('script_codes').select(['ticket', 'code']).where('session_id', '=', s.id).execute();
    const marks = await db.selectFrom('marks').selectAll().where('session_id', '=', s.id).orderBy('ticket').orderBy('question_id').execute();
    sessions.push({
      id: s.id,
      label: s.label,
      room: s.room,
      seed: s.seed,
      paperSealId: s.paper_id.split(':')[1]!,
      answerKeySealId: s.answer_key_id.split(':')[1]!,
      scheduledStart: s.scheduled_start,
      startedAt: s.started_at,
      closedAt: s.closed_at,
      candidates: cands.map((c) => ({
        ticket: c.ticket,
        name: c.name,
        seat: c.seat,
        seed: c.seed,
        signedIn: c.signed_in_at !== null,
        code: codes.find((x) => x.ticket === c.ticket)?.code ?? null,
        receipt: c.receipt_json ? JSON.parse(c.receipt_json) : null,
        answers: Object.fromEntries(answers.filter((a) => a.ticket === c.ticket).map((a) => [a.question_id, JSON.parse(a.value_json)])),
      })),
      marks: marks.map((m) => ({ ticket: m.ticket, questionId: m.question_id, points: m.points, source: m.source, mark: m.mark_json ? JSON.parse(m.mark_json) : null, signature: m.signature })),
    });
    if (ctx.opened.answerKey(s.answer_key_id)) {
      const r = await writtenResults({ ctx } as RequestContext, { sessionId: s.id });
      written[s.id] = r.rows.filter((x) => !x.absent).map((x) => ({ ticket: x.ticket, objective: x.objective, open: x.open, total: x.total, rank: x.rank }));
    }
  }
  const days: BundleBody['days'] = [];
  const interview: BundleBody['results']['interview'] = {};
  for (const d of await db.selectFrom('interview_days').selectAll().orderBy('id').execute()) {
    const draws = await db.selectFrom('lot_draws').selectAll().where('day_id', '=', d.id).orderBy('attempt').execute();
    const drawn = (await db.selectFrom('audit_log').select('payload_json').where('type', '=', 'lot.drawn').execute()).map((r) => (JSON.parse(r.payload_json) as { transcript: LotTranscript }).transcript);
    days.push({
      id: d.id,
      label: d.label,
      questionsSealId: d.questions_id.split(':')[1]!,
      rule: { trimWhenAtLeast: d.trim_when_at_least, outlierDistance: d.outlier_distance, announceOnSpot: d.announce_on_spot === 1 },
      candidates: (await db.selectFrom('interview_candidates').selectAll().where('day_id', '=', d.id).orderBy('ticket').execute()).map((c) => ({ ticket: c.ticket, name: c.name, room: c.room, state: c.state, lot: c.lot })),
      draws: draws.flatMap((dr) => {
        const t = drawn.find((x) => x.drawId === dr.id);
        return t ? [{ attempt: dr.attempt, state: dr.state, transcript: t }] : [];
      }),
      sheets: (await db.selectFrom('score_sheets').selectAll().where('day_id', '=', d.id).orderBy('received_at').execute()).map((s) => ({
        sheet: JSON.parse(s.sheet_json),
        signature: s.signature,
        state: s.state,
        countersign: s.countersign_json ? JSON.parse(s.countersign_json) : null,
      })),
      conflicts: (await db.selectFrom('conflicts').selectAll().where('day_id', '=', d.id).execute()).map((c) => ({ declaration: JSON.parse(c.declaration_json), signature: c.signature })),
    });
    if (ctx.opened.interview(d.questions_id)) {
      interview[d.id] = (await interviewResults(ctx, d.id)).rows.map((r) => ({ ticket: r.ticket, lot: r.lot, room: r.room, score: r.score, rank: r.rank }));
    }
  }
  const log = (await db.selectFrom('audit_log').selectAll().orderBy('seq').execute()).map((e) => ({ seq: e.seq, at: e.at, type: e.type, actor: e.actor, payload: JSON.parse(e.payload_json), prev: e.prev_hash, hash: e.hash }));
  const checkpoints = [];
  for (const c of await db.selectFrom('checkpoints').selectAll().orderBy('seq').execute()) {
    const cos = await db.selectFrom('cosignatures').select(['supervisor_key', 'signature']).where('seq', '=', c.seq).orderBy('at').execute();
    checkpoints.push({ seq: c.seq, hash: c.hash, phase: c.phase, at: c.at, serverSignature: c.server_signature, cosignatures: cos.map((x) => ({ supervisorKey: x.supervisor_key, signature: x.signature })) });
  }
  const body = bundleBodySchema.parse({
    format: 'exam-bundle/1',
    createdAt: ctx.now(),
    serverKey: ctx.serverKey.publicKeyBase64,
    rules: { rounding: 'half-away-from-zero/hundredths', protocol: 1 },
    devices,
    sealed,
    sessions,
    days,
    log,
    checkpoints,
    results: { written, interview },
  });
  return { body, signature: ctx.serverKey.signObject('bundle-statement', { bundleHash: bundleHash(body, objectHash) }) };
}
