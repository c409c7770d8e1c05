import {
  DEFAULT_RULES,
  admissionPrefix,
  admissionsFromOrder,
  appointmentsOf,
  ballotKeysHash,
  competitorsOf,
  countEvaluation,
  evaluationBoardHash,
  finalRankings,
  interviewRoster,
  loggedDecision,
  lotCandidatesHash,
  lotCommitStatement,
  lotCommitment,
  lotOrder,
  lotSeed,
  noticePeriod,
  calendarsFrom,
  presetRules,
  rankSelection,
  reviewDecisionHash,
  seatDrawId,
  sittingsOf,
  sortedBallotKeys,
  sortedTickets,
  interviewMax,
  type Ballot,
  type Bundle,
  type BundleEvaluation,
  type CommitteeDecision,
  type EvaluationSettings,
  type Post,
  type ReviewDecision,
  type ScoredSource,
} from '@exam/shared';
import { VenueBuilder, idOf, newKey, rnd, type Key } from './venue-builder';

/**
 * The mix of the selection bundle the benchmark verifies (`verify_selection_ms`), a whole
 * competitive selection from its posts to its final appointments:
 * - 50 posts in 20 groups (2 or 3 posts a group; every tenth post with two seats), two written
 *   papers (groups 1–10 sit paper-1, 11–20 paper-2);
 * - 1,000 registrations, every second person applying for two posts of their group, each reviewed
 *   and signed by the reviewer; the list of those who qualify; the seat draw (the server and two
 *   supervisors) giving admission numbers and seats;
 * - the 2 written sessions of 500 candidates (the ten-question paper), sat and marked as in the
 *   realistic bundle (signed receipts, 2 signed marks each, 2 % marked again);
 * - 20 evaluations, one per group, of its 50 candidates, with 1,000 signed ballots each (groups of
 *   100, 300 and 600 voters weighted 30 / 30 / 40; 20,000 ballots in all);
 * - one interview day from the admissions: 20 rooms (one per group) of 50 candidates and 10
 *   examiners, 10,000 signed sheets, 5 % corrected and countersigned;
 * - each post's rules (002's preset) set before anything began; the rankings; the committee's
 *   decision; the ranking and the proposed appointees on notice for five working days; an objection
 *   handled; the appointments made final — and the log of all of it.
 */
export const SELECTION_MIX = { posts: 50, groups: 20, people: 1000, markers: 4, examiners: 10, correctedShare: 0.05, groupsOfVoters: [{ id: 'leaders', name: '领导班子成员', weight: 30, entitled: 100 }, { id: 'managers', name: '中层干部', weight: 30, entitled: 300 }, { id: 'others', name: '其他干部职工', weight: 40, entitled: 600 }] } as const;

const S = 'bench-selection';
const DAY = 'bench-interview';
/** 2026-11-02 09:00 Beijing time: the notice periods fall in a year whose calendar is shipped. */
const T0 = Date.parse('2026-11-02T09:00:00+08:00');

export async function selectionBundle(scale = 1): Promise<Bundle> {
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  const v = new VenueBuilder(T0);
  const log = v.log;
  const org = newKey();
  v.admit(org, 'tablet', 'organiser', { person: '组织者' });
  const reviewer = newKey();
  v.admit(reviewer, 'tablet', 'reviewer', { person: '审查员' });
  const supervisors = [newKey(), newKey()];
  for (const [i, s] of supervisors.entries()) v.admit(s, 'tablet', 'supervisor', { person: `监督员${i + 1}` });
  const markers = Array.from({ length: SELECTION_MIX.markers }, () => newKey());
  for (const [i, m] of markers.entries()) v.admit(m, 'tablet', 'marker', { person: `阅卷人${i + 1}` });

  // The selection and its posts, before registration opens.
  const G = SELECTION_MIX.groups;
  const P = SELECTION_MIX.posts;
  const people = n(SELECTION_MIX.people);
  const opens = log.now + 3_600_000;
  const closes = opens + 86_400_000;
  log.add('selection.created', idOf(org), { selectionId: S, title: '2026 年中层干部竞争上岗（基准）', registrationOpens: opens, registrationCloses: closes, steps: ['written', 'evaluation', 'interview'] });
  const groupOfPost = (k: number) => Math.floor((k * G) / P);
  const posts: Post[] = Array.from({ length: P }, (_, k) => ({
    selectionId: S,
    id: `p${String(k + 1).padStart(2, '0')}`,
    title: `职位${k + 1}`,
    department: `部门${groupOfPost(k) + 1}`,
    level: 'deputy',
    seats: k % 10 === 0 ? 2 : 1,
    qualifications: '任现职级满 2 年',
    checks: { minYearsInRank: null, minEducation: null, maxAge: null, levels: [] },
    paper: groupOfPost(k) < G / 2 ? 'paper-1' : 'paper-2',
    minRatio: 1,
  }));
  for (const p of posts) log.add('post.saved', idOf(org), { selectionId: S, postId: p.id, post: p });
  const postsOfGroup = (g: number) => posts.filter((_, k) => groupOfPost(k) === g).map((p) => p.id);

  // Registration, the review, the list.
  log.skipTo(opens);
  const groupOfPerson = (i: number) => Math.floor((i * G) / people);
  const regs = Array.from({ length: people }, (_, i) => {
    const gp = postsOfGroup(groupOfPerson(i));
    const first = gp[i % gp.length]!;
    const second = gp[(i + 1) % gp.length]!;
    return { id: `r-${rnd(8)}`, group: groupOfPerson(i), posts: i % 2 === 1 && second !== first ? [first, second] : [first] };
  });
  for (const r of regs) log.add('registration.recorded', 'registration-page', { selectionId: S, registrationId: r.id, commitment: rnd(32), posts: r.posts, replaces: null, via: 'page' });
  log.skipTo(closes);
  log.add('reviewer.assigned', idOf(org), { selectionId: S, deviceId: idOf(reviewer), publicKey: reviewer.b64 });
  for (const r of regs)
    for (const post of r.posts) {
      const d: ReviewDecision = { selectionId: S, registrationId: r.id, post, decision: 'pass', reason: '符合任职条件', reviewerKey: reviewer.b64, signedAt: log.now, nonce: rnd(16) };
      log.add('review.signed', idOf(reviewer), { selectionId: S, registrationId: r.id, post, decision: 'pass', hash: reviewDecisionHash(d), replaces: null, reviewerKey: reviewer.b64 });
    }
  const qualified = Object.fromEntries(posts.map((p) => [p.id, regs.filter((r) => r.posts.includes(p.id)).map((r) => r.id)]));
  log.add('qualified.published', idOf(org), { selectionId: S, posts: qualified });
  // A post below its minimum ratio (only at a small scale) goes ahead, decided with a reason.
  const outcomes = posts.filter((p) => qualified[p.id]!.length < p.seats * p.minRatio).map((p) => {
    log.add('post.ratio-decided', idOf(org), { selectionId: S, postId: p.id, qualified: qualified[p.id]!.length, required: p.seats * p.minRatio, action: 'proceed', mergeInto: null, reason: '合格人数不足，经研究继续进行' });
    return { post: p.id, action: 'proceed' as const, mergeInto: null };
  });

  // The seat draw: the server and the two supervisors; admission numbers and seats from its order.
  const preference = new Map(regs.map((r) => [r.id, r.posts]));
  const competitors = competitorsOf(posts, qualified, outcomes, (r) => preference.get(r) ?? []);
  const drawId = seatDrawId(S, 1);
  const tickets = sortedTickets([...competitors.keys()]);
  const candidatesHash = lotCandidatesHash(drawId, tickets);
  const drawers = [{ key: v.server, name: 'server' }, ...supervisors.map((k, i) => ({ key: k, name: `监督员${i + 1}` }))];
  const contributors = drawers.map((p) => ({ key: p.key.b64, name: p.name }));
  log.add('lot.draw-opened', idOf(org), { dayId: null, drawId, attempt: 1, tickets, candidatesHash, contributors, selectionId: S });
  const secrets = drawers.map(() => rnd(32));
  const commits = drawers.map((p, i) => {
    const commitment = lotCommitment(drawId, p.key.b64, secrets[i]!);
    const c = { contributor: p.key.b64, commitment, signature: p.key.sign('lot-commit', lotCommitStatement(drawId, candidatesHash, p.key.b64, commitment)) };
    log.add('lot.committed', i === 0 ? 'server' : idOf(p.key), { drawId, ...c });
    return c;
  });
  log.add('lot.reveal-phase', 'server', { drawId });
  const reveals = drawers.map((p, i) => ({ contributor: p.key.b64, secret: secrets[i]! }));
  for (const [i, r] of [...reveals.entries()].slice(1).concat([[0, reveals[0]!]])) log.add('lot.revealed', i === 0 ? 'server' : idOf(drawers[i]!.key), { drawId, ...r });
  const order = lotOrder(lotSeed(drawId, candidatesHash, reveals), tickets);
  log.add('lot.drawn', 'server', { dayId: null, transcript: { drawId, tickets, candidatesHash, contributors, commits, reveals, order }, selectionId: S });
  const admissions = admissionsFromOrder(order, sittingsOf(posts, qualified, outcomes), admissionPrefix(closes));
  log.add('seats.assigned', 'server', { selectionId: S, drawId, admissions });
  v.checkpoint(`${S}: seats drawn`, supervisors);
  const admissionOf = new Map(admissions.map((a) => [a.registrationId, a]));

  // The components, created before any begins: a session per paper, the interview day, an evaluation per group.
  const sessions = [];
  for (const paper of ['paper-1', 'paper-2']) {
    const seats = admissions.flatMap((a) => a.sittings.filter((x) => x.paper === paper).map((x) => ({ ticket: a.admissionNo, seat: x.seat }))).sort((a, b) => (a.seat < b.seat ? -1 : 1));
    const seatOf = new Map(seats.map((x) => [x.ticket, x.seat]));
    sessions.push(await v.writtenSession({ sessionId: `w-${paper}`, label: `笔试（${paper === 'paper-1' ? '甲卷' : '乙卷'}）`, tickets: seats.map((x) => x.ticket), seatOf: (t) => seatOf.get(t)!, markers, supervisors, extra: { selectionId: S, paper }, reconnections: 2, incidents: 5, remarkShare: 0.02 }));
  }
  const postRooms = Object.fromEntries(posts.map((p, k) => [p.id, `第${groupOfPost(k) + 1}面试室`]));
  const roster = interviewRoster(admissions, competitors, postRooms);
  const rooms = [...new Set(Object.values(postRooms))].map((room) => ({ room, tickets: roster.candidates.filter((c) => c.room === room).map((c) => c.ticket) }));
  const day = await v.interviewDay({ dayId: DAY, label: '面试', rooms, examiners: SELECTION_MIX.examiners, correctedShare: SELECTION_MIX.correctedShare, extra: { selectionId: S, postRooms } });
  const evaluations: Array<{ id: string; settings: EvaluationSettings; cards: Array<{ group: string; key: Key }>; lists: Array<{ group: string; keys: string[] }> }> = [];
  for (let g = 0; g < G; g++) {
    const id = `evaluation-${String(g + 1).padStart(2, '0')}`;
    const refs = regs.filter((r) => r.group === g).map((r) => admissionOf.get(r.id)!.admissionNo).sort();
    const settings: EvaluationSettings = {
      selectionId: S,
      id,
      title: `第 ${g + 1} 组民主测评`,
      candidates: refs.map((ref) => ({ ref, name: `考生${ref}` })),
      groups: SELECTION_MIX.groupsOfVoters.map((x) => ({ ...x, entitled: n(x.entitled) < 5 ? 5 : n(x.entitled) })),
      ...DEFAULT_RULES,
      dimensions: false,
      recommendation: postsOfGroup(g).map((post) => ({ post, title: posts.find((p) => p.id === post)!.title, seats: posts.find((p) => p.id === post)!.seats, candidates: regs.filter((r) => r.posts.includes(post)).map((r) => admissionOf.get(r.id)!.admissionNo).sort() })),
    };
    // A card's key as its code derives it is an Ed25519 key like any other: made natively here, as fast as the printing machine would.
    const cards = settings.groups.flatMap((x) => Array.from({ length: x.entitled }, () => ({ group: x.id, key: newKey() })));
    const lists = settings.groups.map((x) => ({ group: x.id, keys: sortedBallotKeys(cards.filter((c) => c.group === x.id).map((c) => c.key.b64)) }));
    log.add('evaluation.created', idOf(org), { evaluationId: id, selectionId: S, settings, lists: lists.map((l) => ({ group: l.group, count: l.keys.length, hash: ballotKeysHash(id, l.group, l.keys), keys: l.keys })) });
    evaluations.push({ id, settings, cards, lists });
  }
  for (const [k, p] of posts.entries()) {
    const rules = presetRules(S, p.id, { written: p.paper!, interview: DAY, evaluation: evaluations[groupOfPost(k)]!.id });
    log.add('ranking.rules-set', idOf(org), { selectionId: S, postId: p.id, round: 1, rules });
  }

  // The written exam, the evaluations, the interviews.
  const written = new Map<string, ScoredSource>();
  for (const [i, s] of sessions.entries()) {
    const { paperTotal } = await s.run();
    const sid = `w-paper-${i + 1}`;
    written.set(`paper-${i + 1}`, { max: paperTotal, results: new Map(v.written[sid]!.map((r) => [r.ticket, r.total!])) });
  }
  const boards: BundleEvaluation[] = [];
  const evaluationSources = new Map();
  const scale4 = ['excellent', 'competent', 'basic', 'incompetent'];
  for (const e of evaluations) {
    log.add('evaluation.opened', idOf(org), { evaluationId: e.id });
    const ballots = e.cards.map((c, b) => {
      // Most rate 优秀 or 称职, one in ten 基本称职 or 不称职; every 25th candidate 不称职 on four ballots in ten (over 30 %: out).
      const overall = (j: number) => (j % 25 === 0 && b % 10 < 4 ? 'incompetent' : scale4[[0, 0, 0, 0, 1, 1, 1, 1, 2, 3][(b + j * 7) % 10]!]!);
      const ballot: Ballot = {
        evaluationId: e.id,
        group: c.group,
        key: c.key.b64,
        ratings: e.settings.candidates.map((x, j) => ({ candidate: x.ref, overall: overall(j) })),
        recommend: e.settings.recommendation.map((r) => ({ post: r.post, marked: [...new Set(Array.from({ length: Math.min(r.seats, r.candidates.length) }, (_, k) => r.candidates[(b + k) % r.candidates.length]!))] })),
        paper: false,
      };
      return { ballot, signature: c.key.sign('ballot', ballot) };
    });
    ballots.sort((a, b) => (a.ballot.key < b.ballot.key ? -1 : 1));
    const count = countEvaluation(e.settings, ballots.map((b) => b.ballot));
    const cast = Object.fromEntries(e.settings.groups.map((x) => [x.id, ballots.filter((b) => b.ballot.group === x.id).length]));
    const handedOut = { ...cast };
    log.add('evaluation.closed', idOf(org), { evaluationId: e.id, handedOut, missing: {}, unused: [], cast, boardHash: evaluationBoardHash(e.id, ballots, [], {}) });
    boards.push({ id: e.id, settings: e.settings, lists: e.lists, ballots, unused: [], missing: {}, handedOut, count });
    evaluationSources.set(e.id, { settings: e.settings, count, stands: count.valid });
  }
  const { set } = await day.run();
  const interview = new Map<string, ScoredSource>([[DAY, { max: interviewMax(set), results: new Map(v.interview[DAY]!.map((r) => [r.ticket, r.score!])) }]]);

  // The rankings, the decision, the notices, an objection, the appointments final.
  const rankings = rankSelection({ posts, competitors, admissions: new Map(admissions.map((a) => [a.registrationId, a.admissionNo])), rules: posts.map((p, k) => presetRules(S, p.id, { written: p.paper!, interview: DAY, evaluation: evaluations[groupOfPost(k)]!.id })) }, { written, interview, evaluations: evaluationSources });
  const finals = finalRankings(rankings);
  const decision: CommitteeDecision = { selectionId: S, meeting: '2026 年第 12 次党组会议', posts: finals.map((f) => ({ post: f.post, proposed: f.shortlist, notProposed: [] })), probationMonths: 12 };
  const logged = loggedDecision(decision);
  const result = appointmentsOf(logged, finals, (r) => competitors.get(r) ?? []);
  log.add('ranking.decided', idOf(org), { selectionId: S, decision: logged, result });
  const calendars = calendarsFrom([]);
  const notices: Array<{ id: string; endsAt: number }> = [];
  for (const kind of ['ranking', 'appointees']) {
    const period = noticePeriod(log.now + 7, 5, calendars);
    if ('missingYear' in period) throw new Error('no calendar');
    const id = `n-${rnd(6)}`;
    log.add('notice.published', idOf(org), { selectionId: S, noticeId: id, kind, target: null, workingDays: 5, firstDay: period.firstDay, lastDay: period.lastDay, endsAt: period.endsAt, bundleHash: rnd(32) });
    notices.push({ id, endsAt: period.endsAt });
  }
  const objectionId = `o-${rnd(6)}`;
  log.add('objection.received', idOf(org), { selectionId: S, noticeId: notices[1]!.id, objectionId, about: null, signed: false, commitment: rnd(32) });
  log.add('objection.handled', idOf(org), { objectionId, outcome: 'unfounded', reason: '经核实，反映问题不属实' });
  log.skipTo(notices[1]!.endsAt);
  const final = result.posts.flatMap((x) => x.appointed.map((registrationId) => ({ post: x.post, registrationId })));
  log.add('appointments.finalised', idOf(org), { selectionId: S, noticeId: notices[1]!.id, final, withheld: [] });
  return v.finish({ evaluations: boards }, { rankings: { [S]: rankings } });
}
