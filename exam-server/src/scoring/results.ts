import { ExamError, competitionRanks, interviewMax, panelScore, scoreSheetSchema, type InterviewResultRow } from '@exam/shared';
import type { ServerContext } from '../context';
import type { Handler } from '../realtime/requests';
import { getDay, panelOf } from '../interview/day';
import { openedQuestions } from './questions';
import { currentSheets } from './current';

/**
 * Each candidate's interview score from the signed sheets alone: every current sheet is parsed
 * and its signature checked again; a sheet that does not verify is refused here (and named) rather
 * than counted. Ranks are within each room (one post a room), equal scores sharing a rank.
 */
export async function interviewResults(ctx: ServerContext, dayId: string): Promise<{ rows: InterviewResultRow[]; complete: boolean; max: number; broken: string[] }> {
  const day = await getDay(ctx.db, dayId);
  const questions = openedQuestions(ctx, day);
  if (!questions) throw new ExamError('session-state', 'the interview questions are still sealed');
  const candidates = await ctx.db.selectFrom('interview_candidates').selectAll().where('day_id', '=', dayId).where('lot', 'is not', null).orderBy('lot').execute();
  const sheets = await currentSheets(ctx.db, dayId);
  const conflicts = await ctx.db.selectFrom('conflicts').select(['lot', 'examiner_key']).where('day_id', '=', dayId).execute();
  const broken: string[] = [];
  // Every stored sheet is checked again, on all cores: parsed, schema, canonical bytes, signature.
  const verified = await ctx.verifier().verifyAll(sheets.map((s) => ({ type: 'score-sheet' as const, json: s.sheet_json, publicKey: s.examiner_key, signature: s.signature })));
  const holds = new Map(sheets.map((s, i) => [s.hash, verified[i]!]));
  const rows: InterviewResultRow[] = candidates.map((c) => {
    const mine = sheets.filter((s) => s.lot === c.lot);
    const totals: number[] = [];
    const answered = new Set<string>();
    for (const s of mine) {
      const parsed = scoreSheetSchema.safeParse(JSON.parse(s.sheet_json));
      const ok = holds.get(s.hash) === true && parsed.success && parsed.data.lot === c.lot && parsed.data.examinerKey === s.examiner_key;
      if (!ok) {
        broken.push(`the sheet ${s.hash.slice(0, 12)}… for lot ${c.lot} does not verify against its examiner's key`);
        continue;
      }
      totals.push(parsed.data.total);
      answered.add(s.examiner_key);
    }
    const declared = conflicts.filter((x) => x.lot === c.lot);
    for (const d of declared) answered.add(d.examiner_key);
    const panel = panelOf(ctx, dayId, c.room);
    const complete = totals.length > 0 && panel.every((k) => answered.has(k));
    return {
      lot: c.lot!,
      ticket: c.ticket,
      name: c.name,
      room: c.room,
      sheets: totals.length,
      conflicts: declared.length,
      score: complete ? panelScore(totals, { trimWhenAtLeast: day.trim_when_at_least }).score : null,
      rank: null,
    };
  });
  for (const room of new Set(rows.map((r) => r.room))) {
    for (const [r, rank] of competitionRanks(rows.filter((x) => x.room === room), (x) => x.score)) r.rank = rank;
  }
  return { rows, complete: rows.every((r) => r.score !== null), max: interviewMax(questions), broken };
}

export const resultsOfDay: Handler<'interview:results'> = async ({ ctx }, { dayId }) => {
  const { rows, complete, max, broken } = await interviewResults(ctx, dayId);
  if (broken.length > 0) throw new ExamError('signature-invalid', `${broken.length} stored sheet(s) do not verify: ${broken[0]}`, broken.map((m) => ({ message: m })));
  return { rows, complete, max };
};

/** The key ceremony sheet: each room's examiners and supervisors with their fingerprints, to be printed and signed. */
export const panelList: Handler<'interview:panel'> = async ({ ctx }, { dayId }) => {
  await getDay(ctx.db, dayId);
  const rs = await ctx.db.selectFrom('interview_rooms').select('room').where('day_id', '=', dayId).orderBy('room').execute();
  const people = ctx.devices.all().filter((d) => d.status === 'admitted' && d.day_id === dayId);
  const member = (d: (typeof people)[number]) => ({ name: d.person ?? '', key: d.public_key, fingerprint: d.fingerprint });
  return {
    rooms: rs.map((r) => ({
      room: r.room,
      examiners: people.filter((d) => d.role === 'examiner' && d.room === r.room).map(member),
      supervisors: people.filter((d) => d.role === 'supervisor' && (d.room === r.room || d.room === null)).map(member),
    })),
  };
};
