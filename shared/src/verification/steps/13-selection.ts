import { canonicalize } from '../../encoding/canonical';
import { objectHash } from '../../crypto/hash';
import { lotTranscriptSchema } from '../../lots/draw';
import { admissionPrefix, admissionsFromOrder, competitorsOf, interviewRoster, sittingsOf, type PostOutcomeLike, type SeatAdmission } from '../../selection/admission';
import { MAX_POSTS_PER_PERSON, registrationCommitment, sameName } from '../../selection/registration';
import { reviewDecisionHash } from '../../selection/review';
import { createSelectionSchema, postSchema, type Post } from '../../selection/selection';
import type { BundleAuditEntry } from '../bundle';
import { SIGNER_RULES, admissionAllows } from '../../protocol/signers';
import type { VerifyContext } from '../context';
import type { Step } from '../report';
import { isObject, rowsOf, stringsOf } from './payload';

/** Every signature of the supervisors' bundle, in the batch with the others. */
export function addRecordSignatures(ctx: VerifyContext): void {
  const sup = ctx.supervisors;
  if (!sup) return;
  for (const d of sup.decisions) ctx.addJob(`review:${reviewDecisionHash(d.decision)}`, { type: 'review-decision', object: d.decision, publicKey: d.decision.reviewerKey, signature: d.signature });
  for (const d of sup.declarations) ctx.addJob(`recusal:${objectHash('recusal-declaration', d.declaration)}`, { type: 'recusal-declaration', object: d.declaration, publicKey: d.declaration.declarantKey, signature: d.signature });
  for (const d of sup.interviewDeclarations) ctx.addJob(`interview-recusal:${objectHash('interview-recusal', d.declaration)}`, { type: 'interview-recusal', object: d.declaration, publicKey: d.declaration.declarantKey, signature: d.signature });
  for (const d of sup.markingDeclarations) ctx.addJob(`marking-recusal:${objectHash('marking-recusal', d.declaration)}`, { type: 'marking-recusal', object: d.declaration, publicKey: d.declaration.declarantKey, signature: d.signature });
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const same = (a: unknown, b: unknown) => canonicalize(a) === canonicalize(b);

/**
 * Step 13: the front of each selection, recomputed from the log (docs/bundle.md): registrations
 * inside the window, at most two distinct posts each, the posts fixed before it opened; review
 * decisions only by assigned reviewers, after the deadline and before the list, each naming the one
 * it replaces; the published list exactly the registrations whose decision now counting is a pass;
 * a decision for every post below its ratio; admission numbers and seats exactly as the seat draw's
 * order gives them, and the sessions that sit a paper exactly those seats. With the supervisors'
 * bundle, every form opens its commitment, one ID number holds one active form at a time, every
 * decision and declaration is signed by the key the log names, and a declared relation voids the
 * declarant's decisions on that person — so the list is recomputed exactly.
 */
export function checkSelection(ctx: VerifyContext, s: Step): void {
  const records = openRecords(ctx, s);
  for (const created of ctx.logOf('selection.created')) checkOne(ctx, s, created, records);
  checkMarkingDeclarations(ctx, s);
  checkInterviewDeclarations(ctx, s);
}

interface Records {
  /** registration id → ID number, from the forms that opened their commitments. */
  person: Map<string, string>;
  /** recusal commitment → the declared registration id. */
  declared: Map<string, string>;
}

/** The supervisors' records, each held to the log: forms to their commitments, decisions and declarations to their hashes and keys. */
function openRecords(ctx: VerifyContext, s: Step): Records | null {
  const sup = ctx.supervisors;
  if (!sup) return null;
  const person = new Map<string, string>();
  const byReg = new Map(sup.registrations.map((r) => [r.registrationId, r]));
  for (const e of ctx.logOf('registration.recorded')) {
    const id = str(e.payload['registrationId']);
    const r = byReg.get(id);
    if (!s.check(!!r, () => `监督员核验包缺少第 ${e.seq} 条记录的报名 ${id} 的报名表 · the supervisors’ bundle lacks the form of registration ${id}, recorded at entry ${e.seq}`)) continue;
    const opens = registrationCommitment(r!.selectionId, id, r!.form, r!.salt) === e.payload['commitment'] && r!.selectionId === e.payload['selectionId'];
    if (!s.check(opens, () => `报名 ${id} 的报名表与盐值打不开第 ${e.seq} 条日志中的承诺 · the form and salt of registration ${id} do not open the commitment logged at entry ${e.seq}`)) continue;
    s.check(same(r!.form.posts, e.payload['posts']), () => `报名 ${id} 的报名表所填职位与日志（第 ${e.seq} 条）不符 · the posts on the form of registration ${id} are not those logged at entry ${e.seq}`);
    person.set(id, r!.form.idNumber);
  }
  const logged = new Set(ctx.logOf('registration.recorded').map((e) => str(e.payload['registrationId'])));
  for (const r of sup.registrations) s.check(logged.has(r.registrationId), () => `监督员核验包中的报名 ${r.registrationId} 不在日志中 · registration ${r.registrationId} of the supervisors’ bundle is not on the log`);

  const decisions = new Map(sup.decisions.map((d) => [reviewDecisionHash(d.decision), d.decision]));
  for (const e of ctx.logOf('review.signed')) {
    const h = str(e.payload['hash']);
    const d = decisions.get(h);
    if (!s.check(!!d, () => `监督员核验包缺少第 ${e.seq} 条记录的审查决定 · the supervisors’ bundle lacks the decision logged at entry ${e.seq}`)) continue;
    const matches = d!.selectionId === e.payload['selectionId'] && d!.registrationId === e.payload['registrationId'] && d!.post === e.payload['post'] && d!.decision === e.payload['decision'] && d!.reviewerKey === e.payload['reviewerKey'] && (d!.replaces ?? null) === e.payload['replaces'];
    s.check(matches, () => `第 ${e.seq} 条日志所记的审查决定与已签名的决定不符 · the decision logged at entry ${e.seq} is not the one signed`);
    s.check(ctx.signed(`review:${h}`), () => `第 ${e.seq} 条日志的审查决定没有审查人密钥的有效签名 · the decision logged at entry ${e.seq} is not signed by its reviewer’s key`);
  }
  const declared = new Map<string, string>();
  const declarations = new Map(sup.declarations.map((d) => [objectHash('recusal-declaration', d.declaration), d.declaration]));
  for (const e of ctx.logOf('recusal.declared')) {
    const c = str(e.payload['commitment']);
    const d = declarations.get(c);
    if (!s.check(!!d, () => `监督员核验包缺少第 ${e.seq} 条记录的回避申报 · the supervisors’ bundle lacks the declaration logged at entry ${e.seq}`)) continue;
    s.check(d!.declarantKey === e.payload['declarantKey'] && d!.selectionId === e.payload['selectionId'], () => `第 ${e.seq} 条日志的回避申报人或竞争上岗与已签名的申报不符 · the declarant or selection logged at entry ${e.seq} is not the one signed`);
    s.check(ctx.signed(`recusal:${c}`), () => `第 ${e.seq} 条日志的回避申报没有申报人密钥的有效签名 · the declaration logged at entry ${e.seq} is not signed by its declarant’s key`);
    declared.set(c, d!.registrationId);
  }
  return { person, declared };
}

/** One selection, replayed from its log entries in order. */
function checkOne(ctx: VerifyContext, s: Step, created: BundleAuditEntry, records: Records | null): void {
  const id = str(created.payload['selectionId']);
  const opens = Number(created.payload['registrationOpens']);
  const closes = Number(created.payload['registrationCloses']);
  const mine = (e: BundleAuditEntry) => e.payload['selectionId'] === id;
  const where = (e: BundleAuditEntry) => `${id}：第 ${e.seq} 条`;
  const whereEn = (e: BundleAuditEntry) => `${id}: entry ${e.seq}`;
  // The selection as the organiser created it: the request the server takes (createSelectionSchema).
  const p = created.payload;
  s.check(createSelectionSchema.safeParse({ id: p['selectionId'], title: p['title'], registrationOpens: p['registrationOpens'], registrationCloses: p['registrationCloses'], steps: p['steps'] }).success, () => `${where(created)}记录的竞争上岗无效（编号、名称、报名时间或程序步骤） · ${whereEn(created)} does not hold a valid selection (its id, title, registration times or steps)`);

  const posts = new Map<string, Post>();
  for (const e of ctx.logOf('post.saved').filter(mine)) {
    s.check(e.at < opens, () => `${where(e)}在报名开始后修改职位 · ${whereEn(e)} changes a post after registration opened`);
    const p = postSchema.safeParse(e.payload['post']);
    if (s.check(p.success && p.data.id === e.payload['postId'] && p.data.selectionId === id, () => `${where(e)}的职位格式无效 · ${whereEn(e)} does not hold a valid post`)) posts.set(p.data!.id, p.data!);
  }

  // Registrations: who is active, for which posts, and (with the records) whose they are.
  const active = new Map<string, string[]>();
  const holder = new Map<string, string>(); // ID number → its active registration
  const reviewers = new Set<string>();
  const current = new Map<string, BundleAuditEntry>(); // `${registration}/${post}` → the decision counting
  const recusedFrom = new Set<string>(); // `${reviewerKey}/${ID number}`
  const recusals: BundleAuditEntry[] = [];
  const published = ctx.logOf('qualified.published').filter(mine);
  s.check(published.length <= 1, () => `${id}：合格人员名单公布了 ${published.length} 次 · ${id}: the list of those who qualify is published ${published.length} times`);
  const list = published[0];
  const flow = ctx.logOf('registration.recorded', 'registration.withdrawn', 'reviewer.assigned', 'review.signed', 'recusal.declared').filter(mine);
  for (const e of flow) {
    const reg = str(e.payload['registrationId']);
    if (e.type === 'registration.recorded' || e.type === 'registration.withdrawn') {
      s.check(e.at >= opens && e.at < closes, () => `${where(e)}的报名记录不在报名时间内 · ${whereEn(e)} records a registration outside the registration window`);
      const replaced = e.type === 'registration.withdrawn' ? reg : str(e.payload['replaces']);
      if (replaced) {
        s.check(active.has(replaced), () => `${where(e)}替换或撤回的报名 ${replaced} 并非有效报名 · ${whereEn(e)} replaces or withdraws ${replaced}, which is not an active registration`);
        active.delete(replaced);
        if (records) for (const [k, v] of holder) if (v === replaced) holder.delete(k);
      }
      if (e.type === 'registration.withdrawn') continue;
      const ps = Array.isArray(e.payload['posts']) ? (e.payload['posts'] as unknown[]).map(str) : [];
      s.check(ps.length >= 1 && ps.length <= MAX_POSTS_PER_PERSON && new Set(ps).size === ps.length && ps.every((p) => posts.has(p)), () => `${where(e)}的报名所填职位不是 1 至 ${MAX_POSTS_PER_PERSON} 个不同的已公布职位 · ${whereEn(e)} applies for posts that are not 1 to ${MAX_POSTS_PER_PERSON} distinct published posts`);
      active.set(reg, ps);
      const idNumber = records?.person.get(reg);
      if (idNumber) {
        s.check(!holder.has(idNumber), () => `${where(e)}：同一身份证号已有一份有效报名 ${holder.get(idNumber)} · ${whereEn(e)}: the same ID number already holds an active registration, ${holder.get(idNumber)}`);
        holder.set(idNumber, reg);
      }
    } else if (e.type === 'reviewer.assigned') {
      reviewers.add(str(e.payload['publicKey']));
    } else if (e.type === 'recusal.declared') {
      recusals.push(e);
      s.check(admissionAllows(SIGNER_RULES['recusal-declaration'], ctx.timeline.at(str(e.payload['declarantKey']), e.seq), {}), () => `${where(e)}的回避申报来自当时未以审查人身份准入的密钥 · ${whereEn(e)} records a declaration by a key not admitted then as a reviewer`);
      const declaredReg = records?.declared.get(str(e.payload['commitment']));
      const idNumber = declaredReg ? records?.person.get(declaredReg) : undefined;
      if (!idNumber) continue;
      const key = str(e.payload['declarantKey']);
      recusedFrom.add(`${key}/${idNumber}`);
      // The declarant's decisions counting for that person stop counting: those items go back to the review.
      for (const [item, d] of current) if (d.payload['reviewerKey'] === key && records!.person.get(item.split('/')[0]!) === idNumber) current.delete(item);
    } else {
      const item = `${reg}/${str(e.payload['post'])}`;
      const key = str(e.payload['reviewerKey']);
      s.check(e.at >= closes && (!list || e.seq < list.seq), () => `${where(e)}的审查决定不在报名截止之后、名单公布之前 · ${whereEn(e)} records a decision outside the review (after the deadline, before the list)`);
      s.check(reviewers.has(key), () => `${where(e)}的审查决定来自未分派的审查人 · ${whereEn(e)} records a decision by a reviewer not assigned to the selection`);
      s.check(admissionAllows(SIGNER_RULES['review-decision'], ctx.timeline.at(key, e.seq), {}), () => `${where(e)}的审查决定来自当时未以审查人身份准入的密钥 · ${whereEn(e)} records a decision by a key not admitted then as a reviewer`);
      s.check(active.get(reg)?.includes(str(e.payload['post'])) === true, () => `${where(e)}审查的报名 ${reg} 当时并非有效报名，或未报该职位 · ${whereEn(e)} decides on ${reg}, which was not then an active registration for that post`);
      const idNumber = records?.person.get(reg);
      s.check(!idNumber || !recusedFrom.has(`${key}/${idNumber}`), () => `${where(e)}：审查人已申报与该考生的回避关系，仍作出决定 · ${whereEn(e)}: the reviewer declared a relation to this candidate and still decided`);
      const before = current.get(item);
      // Without the records a fresh chain is accepted where the reviewer of the one counting has since declared a relation (to someone).
      const chained = (before ? str(before.payload['hash']) : null) === (e.payload['replaces'] ?? null) || (!records && e.payload['replaces'] === null && !!before && recusals.some((r) => r.seq > before.seq && r.payload['declarantKey'] === before.payload['reviewerKey']));
      s.check(chained, () => `${where(e)}的审查决定没有指明当时计入的那一个（重放或改写） · ${whereEn(e)} does not name the decision then counting (a replay, or a rewrite)`);
      current.set(item, e);
    }
  }

  // The published list: exactly the active registrations whose decision counting for the post is a pass.
  const qualified: Record<string, string[]> = {};
  for (const p of posts.keys()) qualified[p] = [...active].filter(([reg, ps]) => ps.includes(p) && current.get(`${reg}/${p}`)?.payload['decision'] === 'pass').map(([reg]) => reg);
  if (list) {
    s.check(list.at >= closes, () => `${id}：名单在报名截止前公布 · ${id}: the list was published before the deadline`);
    const undecided = [...active].flatMap(([reg, ps]) => ps.filter((p) => !current.has(`${reg}/${p}`)).map((p) => `${reg}/${p}`));
    s.check(undecided.length === 0, () => `${id}：公布名单时仍有 ${undecided.length} 项未审查（如 ${undecided[0]}） · ${id}: ${undecided.length} items were undecided when the list was published (e.g. ${undecided[0]})`);
    const claimed = (list.payload['posts'] ?? {}) as Record<string, unknown>;
    for (const p of new Set([...posts.keys(), ...Object.keys(claimed)])) {
      const theirs = Array.isArray(claimed[p]) ? (claimed[p] as unknown[]).map(str).sort() : null;
      s.check(same(theirs, [...(qualified[p] ?? [])].sort()), () => `${id}：职位 ${p} 公布的合格人员（${theirs?.length ?? '无'} 人）不是重算结果（${qualified[p]?.length ?? 0} 人） · ${id}: the list for post ${p} (${theirs?.length ?? 'none'}) is not the recomputed one (${qualified[p]?.length ?? 0})`);
    }
  }

  // 开考比例: one decision for every post below it, none for the others.
  const outcomes: PostOutcomeLike[] = [];
  const undecidedPosts: string[] = [];
  const decided = ctx.logOf('post.ratio-decided').filter(mine);
  for (const p of posts.values()) {
    const n = qualified[p.id]!.length;
    const required = p.seats * p.minRatio;
    const ds = decided.filter((d) => d.payload['postId'] === p.id);
    const below = !!list && n < required;
    s.check(below ? ds.length <= 1 : ds.length === 0, () => `${id}：职位 ${p.id}（合格 ${n} 人，应达 ${required} 人）的开考比例决定有 ${ds.length} 个 · ${id}: post ${p.id} (${n} qualified, ${required} required) has ${ds.length} ratio decisions`);
    if (below && ds.length === 0) undecidedPosts.push(p.id);
    for (const d of ds) {
      s.check(!!list && d.seq > list.seq && d.payload['qualified'] === n && d.payload['required'] === required, () => `${where(d)}的开考比例决定不是对所公布名单作出的（合格 ${n} 人，应达 ${required} 人） · ${whereEn(d)} is not a decision on the published list (${n} qualified, ${required} required)`);
      const into = d.payload['mergeInto'];
      s.check((d.payload['action'] === 'merge') === (typeof into === 'string') && (into === null || (typeof into === 'string' && into !== p.id && posts.has(into))), () => `${where(d)}的并入职位无效 · ${whereEn(d)} merges into no other post of the selection`);
      outcomes.push({ post: p.id, action: d.payload['action'] as PostOutcomeLike['action'], mergeInto: typeof into === 'string' ? into : null });
    }
  }

  const { admissions, admittedAt } = checkSeats(ctx, s, id, closes, [...posts.values()], qualified, outcomes, list, decided, undecidedPosts, active);
  ctx.selections.set(id, { createdAt: created.seq, posts: [...posts.values()], qualified, outcomes, preference: active, admissions, admittedAt });
}

/** The seat draw of a selection, and the sessions and interview days that take its admissions; the admissions of the last draw, and where it is on the log. */
function checkSeats(ctx: VerifyContext, s: Step, id: string, closes: number, posts: Post[], qualified: Record<string, string[]>, outcomes: PostOutcomeLike[], list: BundleAuditEntry | undefined, decided: BundleAuditEntry[], undecidedPosts: string[], preference: ReadonlyMap<string, string[]>): { admissions: SeatAdmission[] | null; admittedAt: number | null } {
  const abandoned = new Set(ctx.logOf('lot.abandoned').map((e) => str(e.payload['drawId'])));
  const opened = ctx.logOf('lot.draw-opened').filter((e) => e.payload['selectionId'] === id);
  const sittings = sittingsOf(posts, qualified, outcomes);
  const competitors = competitorsOf(posts, qualified, outcomes, (r) => preference.get(r) ?? []);
  for (const o of opened) {
    s.check(!!list && o.seq > list.seq && decided.every((d) => d.seq < o.seq) && undecidedPosts.length === 0, () => `${id}：第 ${o.seq} 条的座位抽签在名单公布、开考比例决定之前开始 · ${id}: the seat draw at entry ${o.seq} opened before the list was published and every ratio decided`);
    s.check(same([...(stringsOf(o.payload['tickets']) ?? [])].sort(), [...competitors.keys()].sort()) && stringsOf(o.payload['tickets']) !== null, () => `${id}：第 ${o.seq} 条座位抽签的名单不是参加竞聘的全部合格人员 · ${id}: the seat draw at entry ${o.seq} is not over everyone who goes on`);
  }
  const drawn = ctx.logOf('lot.drawn').filter((e) => e.payload['selectionId'] === id);
  const last = drawn.filter((e) => !abandoned.has(str((e.payload['transcript'] as { drawId?: unknown })?.drawId))).at(-1);
  let admissions: SeatAdmission[] | null = null;
  let admittedAt: number | null = null; // the seats.assigned of the last draw
  const assigned = ctx.logOf('seats.assigned').filter((e) => e.payload['selectionId'] === id);
  for (const e of drawn) {
    const t = lotTranscriptSchema.safeParse(e.payload['transcript']);
    if (!t.success) continue; // step 10 names it
    const expected = admissionsFromOrder(t.data.order, sittings, admissionPrefix(closes));
    const a = assigned.find((x) => x.payload['drawId'] === t.data.drawId);
    s.check(!!a && same(a.payload['admissions'], expected), () => `${id}：抽签 ${t.data.drawId} 给出的准考证号和座位与其顺序推出的不符 · ${id}: the admission numbers and seats of draw ${t.data.drawId} are not those its order gives`);
    if (e === last) [admissions, admittedAt] = [expected, a?.seq ?? null];
  }
  for (const a of assigned) s.check(drawn.some((e) => (e.payload['transcript'] as { drawId?: unknown })?.drawId === a.payload['drawId']), () => `${id}：第 ${a.seq} 条的座位分配没有对应的抽签 · ${id}: the seats assigned at entry ${a.seq} come from no draw`);
  const sittingPaper = new Map<string, string>(); // paper → the session that sits it
  for (const e of ctx.logOf('session.created').filter((x) => x.payload['selectionId'] === id && typeof x.payload['paper'] === 'string')) {
    const paper = str(e.payload['paper']);
    // One session a paper, as the server allows: a second would give the paper's candidates two results.
    const first = sittingPaper.get(paper);
    s.check(first === undefined, () => `${id}：科目 ${paper} 已由场次 ${first} 考过，第 ${e.seq} 条又为其创建场次 ${str(e.payload['sessionId'])} · ${id}: paper ${paper} is sat by session ${first} already; entry ${e.seq} creates another, ${str(e.payload['sessionId'])}`);
    if (first === undefined) sittingPaper.set(paper, str(e.payload['sessionId']));
    const expected = (admissions ?? []).flatMap((a) => a.sittings.filter((x) => x.paper === paper).map((x) => ({ ticket: a.admissionNo, seat: x.seat })));
    // Tickets and seats (each row's name is held to the form's below, checkNames, and to the bundle's at step 7).
    const got = rowsOf(e.payload['candidates'])
      .map((c) => ({ ticket: c['ticket'], seat: c['seat'] }))
      .sort((a, b) => (str(a.seat) < str(b.seat) ? -1 : 1));
    s.check(!!admissions && admittedAt !== null && e.seq > admittedAt && same(got, expected), () => `${id}：场次 ${str(e.payload['sessionId'])}（科目 ${paper}）的考生与座位不是座位抽签的结果 · ${id}: the candidates and seats of session ${str(e.payload['sessionId'])} (paper ${paper}) are not those the seat draw gave`);
  }
  // A selection with posts seats its written candidates as the draw did: no session of it from a roster file.
  for (const e of posts.length === 0 ? [] : ctx.logOf('session.created').filter((x) => x.payload['selectionId'] === id && typeof x.payload['paper'] !== 'string')) {
    s.check(false, () => `${id}：场次 ${str(e.payload['sessionId'])} 的考生与座位来自名单文件，而非座位抽签 · ${id}: session ${str(e.payload['sessionId'])} takes its candidates and seats from a roster file, not from the seat draw`);
  }
  // Interview days whose candidates came from the admissions: everyone who goes on, in the room of their first post.
  for (const e of ctx.logOf('interview.day-created').filter((x) => x.payload['selectionId'] === id && isObject(x.payload['postRooms']))) {
    const r = interviewRoster(admissions ?? [], competitors, e.payload['postRooms'] as Record<string, string>);
    const order = (a: Record<string, unknown>, b: Record<string, unknown>) => (str(a['ticket']) < str(b['ticket']) ? -1 : 1);
    const got = rowsOf(e.payload['candidates'])
      .map((c) => ({ ticket: c['ticket'], room: c['room'] }))
      .sort(order);
    const expected = r.candidates.map((c) => ({ ticket: c.ticket, room: c.room })).sort(order);
    s.check(!!admissions && admittedAt !== null && e.seq > admittedAt && r.unplaced.length === 0 && same(got, expected), () => `${id}：面试日 ${str(e.payload['dayId'])} 的考生与面试室不是由准考证号和各职位的面试室推出的 · ${id}: the candidates and rooms of interview day ${str(e.payload['dayId'])} are not those the admissions and the rooms per post give`);
  }
  // Interview days whose candidates came from a roster file: a selection with posts names its people by the admission numbers its last draw gave.
  for (const e of posts.length === 0 ? [] : ctx.logOf('interview.day-created').filter((x) => x.payload['selectionId'] === id && !isObject(x.payload['postRooms']))) {
    const numbers = new Set((admissions ?? []).map((a) => a.admissionNo));
    const listed = rowsOf(e.payload['candidates']);
    const strangers = listed.map((c) => str(c['ticket'])).filter((t) => !numbers.has(t));
    s.check(!!admissions && admittedAt !== null && e.seq > admittedAt && listed.length > 0 && strangers.length === 0, () => `${id}：面试日 ${str(e.payload['dayId'])} 的名单${strangers.length > 0 ? `含有不是准考证号的 ${strangers[0]}${strangers.length > 1 ? `（另有 ${strangers.length - 1} 个）` : ''}` : listed.length === 0 ? '没有考生（或不是名单）' : '早于座位抽签'} · ${id}: interview day ${str(e.payload['dayId'])} ${strangers.length > 0 ? `names ${strangers[0]}, not an admission number${strangers.length > 1 ? ` (and ${strangers.length - 1} more)` : ''}` : listed.length === 0 ? 'logs no list of candidates' : 'was set up before the seat draw that gave its admission numbers'}`);
  }
  checkNames(ctx, s, id, admissions);
  return { admissions, admittedAt };
}

/**
 * With the supervisors' bundle, the names the bundle gives the candidates of the selection's
 * sessions and interview days are the names on their forms: nobody sits or is interviewed under an
 * admitted candidate's number in another name.
 */
function checkNames(ctx: VerifyContext, s: Step, id: string, admissions: SeatAdmission[] | null): void {
  if (!ctx.supervisors || !admissions) return;
  const forms = new Map(ctx.supervisors.registrations.map((r) => [r.registrationId, r.form.name]));
  const nameOf = new Map(admissions.map((a) => [a.admissionNo, forms.get(a.registrationId)]));
  const mine = (type: 'session.created' | 'interview.day-created', key: string) => new Set(ctx.logOf(type).filter((e) => e.payload['selectionId'] === id).map((e) => str(e.payload[key])));
  const sessions = mine('session.created', 'sessionId');
  const days = mine('interview.day-created', 'dayId');
  const people = [...ctx.body.sessions.filter((x) => sessions.has(x.id)).map((x) => [x.id, x.candidates] as const), ...(ctx.body.days ?? []).filter((x) => days.has(x.id)).map((x) => [x.id, x.candidates] as const)];
  for (const [where, candidates] of people) {
    for (const c of candidates) {
      const registered = nameOf.get(c.ticket);
      s.check(registered === undefined || sameName(c.name, registered), () => `${id}：${where} 的考生 ${c.ticket} 名为${c.name}，报名表上是${registered} · ${id}: candidate ${c.ticket} of ${where} is named ${c.name}, but their form says ${registered}`);
    }
  }
}

/** Markers' declared relations (written sessions): each matches its signed declaration, and no mark of the declarant follows on that candidate's script. */
function checkMarkingDeclarations(ctx: VerifyContext, s: Step): void {
  const sup = ctx.supervisors;
  if (!sup) return;
  const declarations = new Map(sup.markingDeclarations.map((d) => [objectHash('marking-recusal', d.declaration), d.declaration]));
  for (const e of ctx.logOf('marking.recusal-declared')) {
    const c = str(e.payload['commitment']);
    const d = declarations.get(c);
    if (!s.check(!!d, () => `监督员核验包缺少第 ${e.seq} 条记录的阅卷回避申报 · the supervisors’ bundle lacks the marker’s declaration logged at entry ${e.seq}`)) continue;
    s.check(admissionAllows(SIGNER_RULES['marking-recusal'], ctx.timeline.at(d!.declarantKey, e.seq), {}), () => `第 ${e.seq} 条日志的阅卷回避申报来自当时未以阅卷人身份准入的密钥 · the marker’s declaration logged at entry ${e.seq} is by a key not admitted then as a marker`);
    s.check(d!.declarantKey === e.payload['declarantKey'] && d!.sessionId === e.payload['sessionId'] && ctx.signed(`marking-recusal:${c}`), () => `第 ${e.seq} 条日志的阅卷回避申报与已签名的申报不符，或签名无效 · the marker’s declaration logged at entry ${e.seq} is not the one signed, or its signature does not verify`);
    const codes = ctx.logOf('marks.objective').find((m) => m.payload['sessionId'] === d!.sessionId)?.payload['codes'] as Record<string, string> | undefined;
    const code = codes?.[d!.ticket];
    const marked = code ? ctx.logOf('mark.recorded').find((m) => m.seq > e.seq && m.payload['sessionId'] === d!.sessionId && m.payload['code'] === code && m.payload['markerKey'] === d!.declarantKey) : undefined;
    s.check(!marked, () => `第 ${marked!.seq} 条：阅卷人已申报与该考生的回避关系（第 ${e.seq} 条），仍给其试卷评分 · entry ${marked!.seq}: the marker declared a relation to this candidate (entry ${e.seq}) and still marked their script`);
  }
}

/** Examiners' declared relations (interview days): each matches its signed declaration, and no sheet of the declarant follows for that candidate's lot. */
function checkInterviewDeclarations(ctx: VerifyContext, s: Step): void {
  const sup = ctx.supervisors;
  if (!sup) return;
  const declarations = new Map(sup.interviewDeclarations.map((d) => [objectHash('interview-recusal', d.declaration), d.declaration]));
  for (const e of ctx.logOf('interview.recusal-declared')) {
    const c = str(e.payload['commitment']);
    const d = declarations.get(c);
    if (!s.check(!!d, () => `监督员核验包缺少第 ${e.seq} 条记录的考官回避申报 · the supervisors’ bundle lacks the examiner’s declaration logged at entry ${e.seq}`)) continue;
    s.check(admissionAllows(SIGNER_RULES['interview-recusal'], ctx.timeline.at(d!.declarantKey, e.seq), { dayId: d!.dayId }), () => `第 ${e.seq} 条日志的考官回避申报来自当时未以该面试日考官身份准入的密钥 · the examiner’s declaration logged at entry ${e.seq} is by a key not admitted then as an examiner of ${d!.dayId}`);
    s.check(d!.declarantKey === e.payload['declarantKey'] && d!.dayId === e.payload['dayId'] && ctx.signed(`interview-recusal:${c}`), () => `第 ${e.seq} 条日志的考官回避申报与已签名的申报不符，或签名无效 · the examiner’s declaration logged at entry ${e.seq} is not the one signed, or its signature does not verify`);
    const lot = ctx.lots.get(d!.dayId)?.get(d!.ticket);
    const day = ctx.body.days.find((x) => x.id === d!.dayId);
    const scored = lot === undefined ? undefined : day?.sheets.find((x) => x.sheet.lot === lot && x.sheet.examinerKey === d!.declarantKey);
    // The server refuses the declaration once the examiner has scored the candidate, and a sheet after it: there is never both.
    s.check(!scored, () => `${d!.dayId}：考官已申报与该考生的回避关系（第 ${e.seq} 条），却有其为 ${lot} 号签名的评分表 · ${d!.dayId}: the examiner declared a relation to this candidate (entry ${e.seq}) and has a signed sheet for lot ${lot}`);
  }
}
