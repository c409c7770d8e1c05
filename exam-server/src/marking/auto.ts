import { allQuestions, autoMark, isObjective, randomBytes, toBase32, type AnswerValue } from '@exam/shared';
import type { ServerContext } from '../context';
import { transact } from '../db/transact';
import { appendAudit } from '../audit/log';

/** A fresh anonymous script code, `XXXX-XXXX` in Crockford base32: markers see this, never a name. */
export function newScriptCode(): string {
  const t = toBase32(randomBytes(5));
  return `${t.slice(0, 4)}-${t.slice(4, 8)}`;
}

/**
 * Once the answer key is open, the machine marks every objective answer of every candidate who
 * handed in (and gives 0 to open questions left blank), and every script gets its anonymous code
 * for the markers. Runs once; marks are
 * logged with the totals so a later change shows.
 */
export async function markObjective(ctx: ServerContext, sessionId: string): Promise<void> {
  const live = ctx.live.get(sessionId)!;
  const paper = ctx.opened.paper(live.session.paper_id)!;
  const key = ctx.opened.answerKey(live.session.answer_key_id)!;
  const questions = allQuestions(paper);
  await transact(ctx.db, async (tx) => {
    const now = ctx.now();
    const rows = await tx.selectFrom('answers').select(['ticket', 'question_id', 'value_json']).where('session_id', '=', sessionId).execute();
    const byTicket = new Map<string, Map<string, AnswerValue>>();
    for (const r of rows) {
      const m = byTicket.get(r.ticket) ?? new Map<string, AnswerValue>();
      m.set(r.question_id, JSON.parse(r.value_json) as AnswerValue);
      byTicket.set(r.ticket, m);
    }
    const used = new Set<string>();
    const totals: Record<string, number> = {};
    const codes: Record<string, string> = {};
    for (const c of live.candidates.values()) {
      if (c.submitted_at === null) continue;
      let code = newScriptCode();
      while (used.has(code)) code = newScriptCode();
      used.add(code);
      codes[c.ticket] = code;
      await tx.insertInto('script_codes').values({ session_id: sessionId, ticket: c.ticket, code }).onConflict((oc) => oc.doNothing()).execute();
      let total = 0;
      for (const q of questions) {
        const value = byTicket.get(c.ticket)?.get(q.id) ?? null;
        // An open question left blank scores nothing; no marker needs to see it.
        const blank = value === null || (typeof value === 'string' && value.trim() === '');
        const points = isObjective(q.type) ? autoMark(q, key, value) : blank ? 0 : null;
        if (points === null) continue;
        total += points;
        await tx
          .insertInto('marks')
          .values({ session_id: sessionId, ticket: c.ticket, question_id: q.id, points, source: 'auto', marker: null, marked_at: now, mark_json: null, signature: null })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      totals[c.ticket] = total;
    }
    // The codes go on the log, so a verifier knows whose script each signed mark is (markers never see the log).
    await appendAudit(tx, 'marks.objective', 'server', { sessionId, totals, codes });
  });
}
