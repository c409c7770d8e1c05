import { checkLotTranscript, lotCommitStatement, lotTranscriptSchema, type LotTranscript } from '../../lots/draw';
import { canonicalize } from '../../encoding/canonical';
import type { VerifyContext } from '../context';
import { MOVE_TARGET, moveEntry } from '../../interview/moves';
import type { InterviewCandidateState } from '../../events/interview';
import type { Step } from '../report';

/** Every commitment of every drawn transcript on the log, checked in the batch with the other signatures. */
export function addCommitSignatures(ctx: VerifyContext): void {
  for (const e of ctx.logOf('lot.drawn')) {
    const t = lotTranscriptSchema.safeParse(e.payload['transcript']);
    if (!t.success) continue;
    for (const c of t.data.commits) ctx.addJob(commitJob(t.data.drawId, c.contributor, c.signature), { type: 'lot-commit', object: lotCommitStatement(t.data.drawId, t.data.candidatesHash, c.contributor, c.commitment), publicKey: c.contributor, signature: c.signature });
  }
}
const commitJob = (drawId: string, contributor: string, signature: string) => `lot-commit:${drawId}:${contributor}:${signature}`;

const same = (a: unknown, b: unknown) => canonicalize(a) === canonicalize(b);

/**
 * Step 10: every draw is recomputed from the log alone. A draw opened on the log (`lot.draw-opened`:
 * its tickets, their hash, its contributors) takes commitments (`lot.committed`) only before its
 * reveal phase (`lot.reveal-phase`) and secrets (`lot.revealed`) only after; its transcript
 * (`lot.drawn`) is exactly what was opened, committed and revealed, and passes checkLotTranscript
 * (protocol §18). A day's lots are the order of its last draw that was drawn and not abandoned;
 * the lots the bundle gives the day's candidates must be exactly those. And every candidate's way
 * through the rooms, replayed from the log, takes only the moves of CANDIDATE_MOVES (one way:
 * holding → called → interviewing → finished), by the lot drawn, and a room never holds two.
 */
export function checkLots(ctx: VerifyContext, s: Step): void {
  const opened = ctx.logOf('lot.draw-opened');
  const abandoned = new Set(ctx.logOf('lot.abandoned').map((e) => String(e.payload['drawId'])));
  const drawnBy = new Map<string, LotTranscript>();
  for (const e of ctx.logOf('lot.drawn')) {
    const t = lotTranscriptSchema.safeParse(e.payload['transcript']);
    if (s.check(t.success, () => `第 ${e.seq} 条日志记录的抽签记录格式无效 · the transcript logged at entry ${e.seq} is not a transcript`)) drawnBy.set(t.data!.drawId, t.data!);
  }
  for (const o of opened) {
    const drawId = String(o.payload['drawId']);
    const phase = ctx.logOf('lot.reveal-phase').find((e) => e.payload['drawId'] === drawId);
    const commits = ctx.logOf('lot.committed').filter((e) => e.payload['drawId'] === drawId);
    const reveals = ctx.logOf('lot.revealed').filter((e) => e.payload['drawId'] === drawId);
    for (const c of commits) s.check(c.seq > o.seq && (!phase || c.seq < phase.seq), () => `${drawId}：第 ${c.seq} 条记录的承诺不在承诺阶段内（揭示阶段开始之后，或抽签开始之前） · ${drawId}: a commitment was logged at entry ${c.seq}, outside the commit phase (after the reveal phase began, or before the draw opened)`);
    for (const r of reveals) s.check(!!phase && r.seq > phase.seq, () => `${drawId}：第 ${r.seq} 条在所有参与人承诺之前就揭示了随机数 · ${drawId}: a secret was revealed at entry ${r.seq}, before every contributor had committed`);
    // The server and at least one supervisor (step 5 holds each other contributor's commitment to its
    // admission): a draw of the server alone is an order the server chose.
    const contributors = Array.isArray(o.payload['contributors']) ? (o.payload['contributors'] as Array<{ key?: unknown }>) : [];
    s.check(contributors.some((c) => typeof c?.key === 'string' && c.key !== ctx.body.serverKey), () => `${drawId}：参与抽签的只有服务器，没有监督员 · ${drawId}: the server is the draw’s only contributor: no supervisor took part`);
    const t = drawnBy.get(drawId);
    if (!t) continue;
    const r = checkLotTranscript(t, (contributor, commit) => ctx.signed(commitJob(drawId, contributor, commit.signature)));
    for (const p of r.problems) s.check(false, () => `${drawId}：抽签无法重算 · ${drawId}: ${p}`);
    s.check(
      same(t.tickets, o.payload['tickets']) && t.candidatesHash === o.payload['candidatesHash'] && same(t.contributors, o.payload['contributors']),
      () => `${drawId}：抽签记录中的考生或参与人与开始抽签时的不符 · ${drawId}: the transcript’s candidates or contributors are not the ones the draw was opened with`,
    );
    const loggedCommits = commits.map((c) => ({ contributor: c.payload['contributor'], commitment: c.payload['commitment'], signature: c.payload['signature'] }));
    s.check(same(sortBy(t.commits), sortBy(loggedCommits)), () => `${drawId}：抽签记录中的承诺与承诺阶段日志记录的不符 · ${drawId}: the transcript’s commitments are not the ones logged during the commit phase`);
    const loggedReveals = reveals.map((x) => ({ contributor: x.payload['contributor'], secret: x.payload['secret'] }));
    s.check(same(sortBy(t.reveals), sortBy(loggedReveals)), () => `${drawId}：抽签记录中的随机数与日志记录的揭示不符 · ${drawId}: the transcript’s secrets are not the ones logged as revealed`);
  }
  for (const d of ctx.body.days) {
    const last = opened.filter((o) => o.payload['dayId'] === d.id && drawnBy.has(String(o.payload['drawId'])) && !abandoned.has(String(o.payload['drawId']))).at(-1);
    const order = last ? drawnBy.get(String(last.payload['drawId']))!.order : [];
    const lots = new Map(order.map((ticket, i) => [ticket, i + 1]));
    ctx.lots.set(d.id, lots);
    for (const c of d.candidates) s.check(c.lot === (lots.get(c.ticket) ?? null), () => `${d.id}：${c.ticket} 抽得的签号为 ${lots.get(c.ticket) ?? '无'}，核验包记为 ${c.lot ?? '无'} · ${d.id}: ${c.ticket} holds lot ${lots.get(c.ticket) ?? 'none'} by the draw, the bundle says ${c.lot ?? 'none'}`);
    replayMoves(ctx, s, d.id, lots);
  }
}

/** The day's moves between rooms, replayed from the log in order. */
function replayMoves(ctx: VerifyContext, s: Step, dayId: string, lots: Map<string, number>): void {
  const state = new Map<string, InterviewCandidateState>();
  const busy = new Map<string, number>(); // room → the lot it holds
  for (const e of ctx.logOf(...Object.keys(MOVE_TARGET), 'room.free')) {
    if (e.payload['dayId'] !== dayId) continue;
    const room = String(e.payload['room']);
    if (e.type === 'room.free') {
      s.check(busy.get(room) === e.payload['lot'], () => `${dayId}：第 ${e.seq} 条称 ${room} 送走了 ${String(e.payload['lot'])} 号，但该室当时并无此号 · ${dayId}: entry ${e.seq} frees ${room} of lot ${String(e.payload['lot'])}, which it did not hold`);
      busy.delete(room);
      continue;
    }
    const ticket = String(e.payload['ticket']);
    const from = state.get(ticket) ?? 'registered';
    const to = MOVE_TARGET[e.type]!;
    if (!s.check(moveEntry(from, to) === e.type, () => `${dayId}：第 ${e.seq} 条中 ${ticket} 从 ${from} 到 ${to}，不是当天允许的流转（考生不走回头路） · ${dayId}: ${ticket} moves from ${from} to ${to} at entry ${e.seq}, which is not a move of the day (a candidate never goes back)`)) continue;
    state.set(ticket, to);
    if (e.type === 'candidate.called') {
      s.check(e.payload['lot'] === lots.get(ticket), () => `${dayId}：第 ${e.seq} 条以 ${String(e.payload['lot'])} 号叫 ${ticket}，不是抽得的签号 · ${dayId}: entry ${e.seq} calls ${ticket} as lot ${String(e.payload['lot'])}, not the lot drawn`);
      s.check(!busy.has(room), () => `${dayId}：第 ${e.seq} 条把 ${String(e.payload['lot'])} 号叫入 ${room}，而该室仍有 ${busy.get(room)} 号：一室两名考生 · ${dayId}: entry ${e.seq} calls lot ${String(e.payload['lot'])} into ${room} while it holds lot ${busy.get(room)}: two candidates in one room`);
      busy.set(room, Number(e.payload['lot']));
    } else if (e.type === 'candidate.no-show') {
      // Called and did not come: the room held that lot and is free again.
      if (s.check(busy.get(room) === e.payload['lot'], () => `${dayId}：第 ${e.seq} 条记 ${String(e.payload['lot'])} 号未到 ${room}，但该室叫到的是 ${busy.get(room) ?? '无人'} · ${dayId}: entry ${e.seq} records lot ${String(e.payload['lot'])} as not come to ${room}, which holds ${busy.get(room) ?? 'nobody'}`)) busy.delete(room);
    } else if (to !== 'holding' && to !== 'absent') {
      s.check(busy.get(room) === e.payload['lot'], () => `${dayId}：第 ${e.seq} 条在 ${room} 流转 ${String(e.payload['lot'])} 号，但该室是 ${busy.get(room) ?? '无人'} · ${dayId}: entry ${e.seq} moves lot ${String(e.payload['lot'])} in ${room}, which holds ${busy.get(room) ?? 'nobody'}`);
    }
  }
}

const sortBy = <T extends { contributor: unknown }>(xs: T[]) => [...xs].sort((a, b) => (String(a.contributor) < String(b.contributor) ? -1 : 1));
