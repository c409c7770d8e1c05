import type { SessionSummary } from '@exam/shared';
import type { ServerContext } from '../context';
import { loadSealedFile } from '../papers/store';

export async function sessionSummary(ctx: ServerContext, sessionId: string): Promise<SessionSummary> {
  const live = ctx.live.get(sessionId)!;
  const s = live.session;
  const paper = await loadSealedFile(ctx.db, s.paper_id);
  const key = await loadSealedFile(ctx.db, s.answer_key_id);
  const candidates = [...live.candidates.values()];
  return {
    id: s.id,
    label: s.label,
    room: s.room,
    state: s.state,
    scheduledStart: s.scheduled_start,
    durationMinutes: s.duration_minutes,
    lateEntryMinutes: s.late_entry_minutes,
    startedAt: s.started_at,
    closedAt: s.closed_at,
    sealedHash: paper.hash,
    candidates: candidates.length,
    submitted: candidates.filter((c) => c.submitted_at !== null).length,
    paperShares: { threshold: paper.file.threshold, count: paper.file.count, entered: paper.key ? [] : await ctx.vault.indices(s.paper_id) },
    answerKeyShares: { threshold: key.file.threshold, count: key.file.count, entered: key.key ? [] : await ctx.vault.indices(s.answer_key_id), opened: key.key !== null },
  };
}
