import { canonicalize } from '../../encoding/canonical';
import { ballotKeysHash } from '../../evaluation/codes';
import { ballotProblems, evaluationBoardHash } from '../../evaluation/ballot';
import { countEvaluation } from '../../evaluation/count';
import { evaluationStands } from '../../ranking/selection-ranking';
import { hexGroups } from '../checkpoint-text';
import { evaluationSettingsSchema } from '../../evaluation/settings';
import { competitorsOf } from '../../selection/admission';
import { sameName } from '../../selection/registration';
import type { EvaluationSettings } from '../../evaluation/settings';
import type { VerifyContext } from '../context';
import type { Step } from '../report';
import { rowsOf, stringsOf } from './payload';

const same = (a: unknown, b: unknown) => canonicalize(a) === canonicalize(b);
const ballotJob = (evaluationId: string, key: string, signature: string) => `ballot:${evaluationId}:${key}:${signature}`;

/** Every ballot's signature, checked in the batch with the others. */
export function addBallotSignatures(ctx: VerifyContext): void {
  for (const e of ctx.body.evaluations ?? []) for (const b of e.ballots) ctx.addJob(ballotJob(e.id, b.ballot.key, b.signature), { type: 'ballot', object: b.ballot, publicKey: b.ballot.key, signature: b.signature });
}

/**
 * Step 14: every evaluation, from the log and its board (docs/protocol.md §24). The committed lists
 * are the ones logged before voting opened (each list's count and hash as logged, the hash the
 * supervisors wrote down); voting closed only after it opened; every ballot is signed by a committed key of its group, each key used
 * once, and fits the form; per group, used + unused + missing = committed and ballots ≤ cards
 * handed out; the board's hash and ballots per group are the ones logged at the close; the
 * count published is the one recomputed from the ballots; and a decision on the turnout is logged
 * only for a closed evaluation under the minimum turnout, once.
 */
export function checkEvaluations(ctx: VerifyContext, s: Step): void {
  const boards = new Map((ctx.body.evaluations ?? []).map((e) => [e.id, e]));
  for (const created of ctx.logOf('evaluation.created')) {
    const id = String(created.payload['evaluationId']);
    const parsed = evaluationSettingsSchema.safeParse(created.payload['settings']);
    if (!s.check(parsed.success, () => `第 ${created.seq} 条日志中测评 ${id} 的设置无效 · the settings of evaluation ${id} logged at entry ${created.seq} are not valid settings`)) continue;
    const settings = parsed.data!;
    s.check(settings.id === id && settings.selectionId === created.payload['selectionId'], () => `${id}：第 ${created.seq} 条日志的测评或竞争上岗编号与其设置中的不符 · ${id}: the evaluation or selection id logged at entry ${created.seq} is not the one its settings give`);
    ctx.evaluations.set(id, { settings, count: null, stands: false });
    checkPersons(ctx, s, created.seq, settings);
    // The committed lists as logged: rows of { group, count, hash, keys }; any other shape fails here, and counts as no list.
    const rawLists = created.payload['lists'];
    const lists = rowsOf(rawLists).filter(isKeyList);
    s.check(Array.isArray(rawLists) && lists.length === rawLists.length, () => `${id}：第 ${created.seq} 条记录的码单不是 { group, count, hash, keys } 的列表 · ${id}: the key lists logged at entry ${created.seq} are not a list of { group, count, hash, keys }`);
    for (const l of lists) {
      s.check(l.count === l.keys.length && l.hash === ballotKeysHash(id, l.group, l.keys) && new Set(l.keys).size === l.keys.length, () => `${id}：${l.group} 组的码单与其记录的数量或哈希不符 · ${id}: the key list of ${l.group} does not match its logged count or hash`);
      const g = settings.groups.find((x) => x.id === l.group);
      s.check(!!g && l.keys.length >= g.entitled, () => `${id}：${l.group} 组的测评码少于应参加人数，或无此组 · ${id}: group ${l.group} has fewer cards than voters entitled, or no such group`);
    }
    // What the supervisors wrote down when the cards were made: the list on the log must be that one.
    for (const w of (ctx.kept.ballotLists ?? []).filter((x) => x.evaluationId === id)) {
      const l = lists.find((x) => x.group === w.group);
      s.check(!!l && l.count === w.count && w.hash.length >= 32 && l.hash.startsWith(w.hash.toLowerCase()), () => listMismatch(id, w, l));
    }
    const opened = ctx.logOf('evaluation.opened').find((e) => e.payload['evaluationId'] === id);
    s.check(!opened || opened.seq > created.seq, () => `${id}：投票在码单记录之前开始 · ${id}: voting opened before the key lists were logged`);
    const closed = ctx.logOf('evaluation.closed').find((e) => e.payload['evaluationId'] === id);
    // Voting is closed only once it has opened: an opening logged after the close (or never) would let
    // rules set meanwhile seem set before the evaluation began (step 15).
    s.check(!closed || (!!opened && opened.seq < closed.seq), () => `${id}：测评在开始投票之前（或未开始投票）即已结束 · ${id}: the evaluation was closed before voting opened, or without its opening`);
    const board = boards.get(id);
    if (!closed) {
      s.check(!board, () => `${id}：未结束的测评不应公布投票板 · ${id}: the evaluation is not closed, yet its board is in the bundle`);
      continue;
    }
    if (!s.check(!!board, () => `${id}：已结束的测评缺少投票板 · ${id}: the evaluation is closed, but its board is not in the bundle`)) continue;
    s.check(same(board!.settings, created.payload['settings']) && same(board!.lists, lists.map((l) => ({ group: l.group, keys: l.keys }))), () => `${id}：投票板上的设置或码单不是开始前记录的那些 · ${id}: the board’s settings or key lists are not the ones logged before voting`);
    const groupOf = new Map(lists.flatMap((l) => l.keys.map((k) => [k, l.group] as const)));
    const used = new Set<string>();
    const cast: Record<string, number> = Object.fromEntries(settings.groups.map((g) => [g.id, 0]));
    // Only a ballot that stands is counted — signed by a key of its group's committed list, that key's
    // first ballot, and fitting the form; any other is named below, fails the step, and is left out of
    // the recount, so that a count published over it differs from the verifier's too.
    const standing: NonNullable<typeof board>['ballots'] = [];
    for (const b of board!.ballots) {
      const k = b.ballot.key;
      const where = `${id}：选票 ${k.slice(0, 8)}…`;
      const whereEn = `${id}: the ballot of key ${k.slice(0, 8)}…`;
      const committed = s.check(groupOf.get(k) === b.ballot.group, () => `${where}的密钥不在其所属组的码单中 · ${whereEn} is not in its group’s committed list`);
      const first = s.check(!used.has(k), () => `${where}用了两次 · ${whereEn} is used twice`);
      used.add(k);
      const signed = s.check(ctx.signed(ballotJob(id, k, b.signature)), () => `${where}的签名无效 · ${whereEn} is not signed by its key`);
      const problems = ballotProblems(b.ballot, settings);
      const fits = s.check(problems.length === 0 && cast[b.ballot.group] !== undefined, () => `${where}不符合表格：${problems[0] ?? '无此组'} · ${whereEn} does not fit the form`);
      if (committed && first && signed && fits) standing.push(b);
      if (cast[b.ballot.group] !== undefined) cast[b.ballot.group]!++;
    }
    for (const k of board!.unused) s.check(groupOf.has(k) && !used.has(k), () => `${id}：未使用的测评码 ${k.slice(0, 8)}… 不在码单中，或已投票 · ${id}: unused key ${k.slice(0, 8)}… is not committed, or has voted`);
    const handedOut = closed.payload['handedOut'] as Record<string, number>;
    // The close's figures name the evaluation's groups and no other (the server refuses any other).
    for (const [field, figures] of [['handedOut', handedOut], ['missing', board!.missing]] as const) {
      const strangers = Object.keys(figures ?? {}).filter((g) => !settings.groups.some((x) => x.id === g));
      s.check(strangers.length === 0, () => `${id}：结束投票时的 ${field} 列出了不属本次测评的组 ${strangers.join('、')} · ${id}: the close's ${field} names ${strangers.join(', ')}, not groups of the evaluation`);
    }
    // What the supervisors wrote at the close: the cards handed out, missing and unused must be the
    // log's and the board's — with the committed count, they fix how many ballots the group has.
    for (const w of (ctx.kept.ballotCloses ?? []).filter((x) => x.evaluationId === id)) {
      const known = settings.groups.some((g) => g.id === w.group);
      const unused = board!.unused.filter((k) => groupOf.get(k) === w.group).length;
      s.check(known && handedOut?.[w.group] === w.handedOut && (board!.missing[w.group] ?? 0) === w.missing && unused === w.unused, () => `${id}：${w.group} 组结束投票时的发出、缺失和未用张数不是监督员记录的（发出 ${w.handedOut}，缺失 ${w.missing}，未用 ${w.unused}） · ${id}: group ${w.group}'s cards handed out, missing and unused at the close are not the ones the supervisors wrote down (${w.handedOut} handed out, ${w.missing} missing, ${w.unused} unused)`);
    }
    for (const g of settings.groups) {
      const committed = lists.find((l) => l.group === g.id)?.keys.length ?? 0;
      const unused = board!.unused.filter((k) => groupOf.get(k) === g.id).length;
      const missing = board!.missing[g.id] ?? 0;
      s.check(cast[g.id]! + unused + missing === committed, () => `${id}：${g.name} 组已用 ${cast[g.id]} + 未用 ${unused} + 缺失 ${missing} ≠ 码单 ${committed} · ${id}: group ${g.id}: ${cast[g.id]} used + ${unused} unused + ${missing} missing is not the ${committed} committed`);
      s.check(cast[g.id]! <= (handedOut?.[g.id] ?? 0), () => `${id}：${g.name} 组选票 ${cast[g.id]} 张，多于发出的 ${handedOut?.[g.id] ?? 0} 张 · ${id}: group ${g.id} has ${cast[g.id]} ballots, more than the ${handedOut?.[g.id] ?? 0} cards handed out`);
    }
    const hash = evaluationBoardHash(id, board!.ballots, board!.unused, board!.missing, ctx.canonical);
    s.check(hash === closed.payload['boardHash'] && same(cast, closed.payload['cast']) && same(board!.missing, closed.payload['missing']) && same(board!.handedOut, closed.payload['handedOut']), () => `${id}：投票板与结束时记录的哈希或各组票数不符 · ${id}: the board is not the one whose hash and ballots per group were logged at the close`);
    const count = countEvaluation(settings, standing.map((b) => b.ballot));
    s.check(same(board!.count, count), () => `${id}：公布的计票结果不是由选票重算的结果 · ${id}: the count published is not the one the ballots give`);
    // The organiser decides only on an evaluation under the minimum turnout, once it is closed, and once.
    const decided = ctx.logOf('evaluation.decided').filter((e) => e.payload['evaluationId'] === id);
    s.check(decided.length <= 1, () => `${id}：参评率决定记录了 ${decided.length} 次 · ${id}: the decision on the turnout is logged ${decided.length} times`);
    ctx.evaluations.set(id, { settings, count, stands: evaluationStands(count, decided.map((d) => String(d.payload['decision']))) });
    for (const d of decided) s.check(!count.valid && d.seq > closed.seq, () => `${id}：第 ${d.seq} 条日志记录了参评率决定，但测评${count.valid ? '已达到最低参评率' : '尚未结束'} · ${id}: entry ${d.seq} records a decision on the turnout, but the evaluation ${count.valid ? 'reached the minimum turnout' : 'was not closed yet'}`);
  }
  for (const d of ctx.logOf('evaluation.decided')) s.check(ctx.logOf('evaluation.closed').some((e) => e.payload['evaluationId'] === d.payload['evaluationId']), () => `第 ${d.seq} 条日志的参评率决定不属于任何已结束的测评 · entry ${d.seq} decides on an evaluation that is not closed`);
  for (const id of boards.keys()) s.check(ctx.logOf('evaluation.created').some((e) => e.payload['evaluationId'] === id), () => `投票板 ${id} 没有对应的测评记录 · the board ${id} belongs to no evaluation on the log`);
}

/**
 * Whom an evaluation rates: its selection, on the log before it; for a selection with posts (one
 * people register for), the admission numbers of its last seat draw, the evaluation set up after
 * that draw, each under the registered name where the supervisors' bundle gives the forms; and
 * each recommendation part a post of the selection, with its seats and title, listing only those
 * who compete for that post. A server cannot add a rival to split a post's votes, nor rate someone
 * who never registered.
 */
function checkPersons(ctx: VerifyContext, s: Step, seq: number, settings: EvaluationSettings): void {
  const id = settings.id;
  const sel = ctx.selections.get(settings.selectionId);
  if (!s.check(!!sel && sel.createdAt < seq, () => `${id}：所属的竞争上岗 ${settings.selectionId} 不在它之前的日志中 · ${id}: its selection ${settings.selectionId} is not on the log before it`)) return;
  if (sel!.posts.length === 0) return;
  if (!s.check(sel!.admissions !== null && sel!.admittedAt !== null && seq > sel!.admittedAt, () => `${id}：测评设置早于给出准考证号的座位抽签 · ${id}: the evaluation was set up before the seat draw that gave the admission numbers`)) return;
  const registrationOf = new Map(sel!.admissions!.map((a) => [a.admissionNo, a.registrationId]));
  const names = ctx.supervisors ? new Map(ctx.supervisors.registrations.map((r) => [r.registrationId, r.form.name])) : null;
  for (const c of settings.candidates) {
    const reg = registrationOf.get(c.ref);
    if (!s.check(!!reg, () => `${id}：被测评人 ${c.ref}（${c.name}）不是准考证号 · ${id}: candidate ${c.ref} (${c.name}) is not an admission number of the selection`)) continue;
    s.check(!names || sameName(c.name, names.get(reg!) ?? ''), () => `${id}：准考证号 ${c.ref} 的报名人不是 ${c.name} · ${id}: admission number ${c.ref} is not registered as ${c.name}`);
  }
  const competing = competitorsOf(sel!.posts, sel!.qualified, sel!.outcomes, (r) => sel!.preference.get(r) ?? []);
  for (const r of settings.recommendation) {
    const post = sel!.posts.find((p) => p.id === r.post);
    if (!s.check(!!post && post.seats === r.seats && post.title === r.title, () => `${id}：推荐部分 ${r.post} 不是本次竞争上岗的职位（或职数、名称不符） · ${id}: the recommendation part ${r.post} is not a post of the selection with its seats and title`)) continue;
    const outsiders = r.candidates.filter((ref) => !(competing.get(registrationOf.get(ref) ?? '') ?? []).includes(r.post));
    s.check(outsiders.length === 0, () => `${id}：职位 ${r.post} 的推荐部分列入了未竞聘该职位的 ${outsiders.join('、')} · ${id}: the recommendation part of post ${r.post} lists ${outsiders.join(', ')}, who do not compete for it`);
  }
}

/** A committed key list as `evaluation.created` logs it (docs/protocol.md §24). */
function isKeyList(r: Record<string, unknown>): r is { group: string; count: number; hash: string; keys: string[] } {
  return typeof r['group'] === 'string' && Number.isSafeInteger(r['count']) && typeof r['hash'] === 'string' && stringsOf(r['keys']) !== null;
}

/**
 * Why a group's committed list is not the one the supervisors wrote down, with both figures side by
 * side in groups of four hex digits, as far as the written hash goes, so that the sheet can be read against it.
 */
function listMismatch(id: string, w: { group: string; count: number; hash: string }, l: { count: number; hash: string } | undefined): string {
  const zh = (count: number, hex: string) => `${count} 张，${hexGroups(hex)}`;
  const en = (count: number, hex: string) => `${count} cards, ${hexGroups(hex)}`;
  if (!l) return `${id}：日志中没有 ${w.group} 组的码单（监督员记录：${zh(w.count, w.hash)}） · ${id}: the log holds no key list of ${w.group} (the supervisors wrote ${en(w.count, w.hash)})`;
  if (w.hash.length < 32) return `${id}：${w.group} 组记录的哈希只有 ${w.hash.length} 位，至少需要前 32 位十六进制数字 · ${id}: the hash written for ${w.group} has ${w.hash.length} hex digits; at least its first 32 are needed`;
  const logged = l.hash.slice(0, w.hash.length);
  return `${id}：${w.group} 组的码单不是监督员记录的那一份：记录 ${zh(w.count, w.hash)}；日志 ${zh(l.count, logged)} · ${id}: the key list of ${w.group} is not the one the supervisors wrote down: written ${en(w.count, w.hash)}; on the log ${en(l.count, logged)}`;
}
