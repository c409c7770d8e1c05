import { z } from 'zod';
import { DIMENSIONS } from './settings';
import { objectHashInPieces, sha256, signingBytes } from '../crypto/hash';
import type { CanonicalMemo } from '../encoding/canonical';
import { toBase32 } from '../encoding/base32';
import type { EvaluationSettings } from './settings';
import { bilingual } from '../schema-issues';

/**
 * A ballot (object type `ballot`, docs/protocol.md §24), signed with the key its code derives. It
 * carries no time, no booth and no voter: only the evaluation, the group whose committed list holds
 * its key, the key, a rating for every candidate (in the settings' order), the recommendation marks
 * per post (in the settings' order), and whether it was cast on paper and entered by tellers.
 */
const ID = /^[a-z0-9-]{1,40}$/;
const REF = /^[0-9A-Za-z-]{1,32}$/;
const idSchema = z.string().regex(ID);
const refSchema = z.string().regex(REF);

// Every object's members are listed in canonical (sorted) order: a parsed ballot then comes out with
// its keys in that order, and its canonical JSON is the engine's own serialisation — a board's
// thousand ballots at every verification. (A ballot the server takes is written by `ballotText`.)
const SORTED_DIMENSIONS = [...DIMENSIONS].sort();
const ratingSchema = z
  .object({
    candidate: refSchema,
    /** Present exactly when the settings ask for 德能勤绩廉. */
    dimensions: z.object(Object.fromEntries(SORTED_DIMENSIONS.map((d) => [d, idSchema])) as Record<(typeof DIMENSIONS)[number], typeof idSchema>).strict().optional(),
    overall: idSchema,
  })
  .strict();
export const ratingsSchema = z.array(ratingSchema).max(200);
const ballotShape = {
  evaluationId: idSchema,
  group: idSchema,
  key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  paper: z.boolean(),
  ratings: ratingsSchema,
  recommend: z.array(z.object({ marked: z.array(refSchema).max(50), post: idSchema }).strict()).max(50),
};
export const ballotSchema = z.object(ballotShape).strict();
export type Ballot = z.output<typeof ballotSchema>;
const signatureSchema = z.string().regex(/^[A-Za-z0-9+/]{86}==$/);
export const signedBallotSchema = z.object({ ballot: ballotSchema, signature: signatureSchema }).strict();
export type SignedBallot = z.output<typeof signedBallotSchema>;

const isId = (v: unknown) => typeof v === 'string' && ID.test(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `ratingsSchema`'s check written out by hand, for the boards of a bundle (step 1 reads 20,000
 * ballots of 50 ratings, a million objects, and the schema would copy every one): the same answer
 * on every value, which the tests hold it to, and the ratings as they are.
 */
export function areRatings(v: unknown): v is Ballot['ratings'] {
  if (!Array.isArray(v) || v.length > 200) return false;
  for (const r of v as unknown[]) {
    if (!isObject(r)) return false;
    for (const k of Object.keys(r)) if (k !== 'candidate' && k !== 'overall' && k !== 'dimensions') return false;
    if (typeof r.candidate !== 'string' || !REF.test(r.candidate) || !isId(r.overall)) return false;
    const d = r.dimensions;
    if (d === undefined) continue;
    if (!isObject(d)) return false;
    // Exactly the five: as many members, and each of the five one of them (own, not inherited).
    if (Object.keys(d).length !== SORTED_DIMENSIONS.length) return false;
    for (const k of SORTED_DIMENSIONS) if (!Object.hasOwn(d, k) || !isId(d[k])) return false;
  }
  return true;
}

/**
 * The canonical JSON (docs/protocol.md §2) of a ballot that passed `ballotSchema` or `boardBallotSchema`,
 * written out member by member in canonical (sorted) order, for any order the sender used. Exact for
 * such a ballot: it carries no numbers, and every string is of the characters [0-9A-Za-z+/=-] (the
 * schema's patterns), which JSON and the canonical form write as they are, with no escape. A server
 * encodes every ballot it takes; written this way it builds no copy of the ballot's hundred objects
 * for the engine's serialiser to walk (about 8 µs for 50 ratings with 德能勤绩廉, against 26). The
 * tests hold it to the reference encoder.
 */
export function ballotText(b: Ballot): string {
  let out = '{"evaluationId":"' + b.evaluationId + '","group":"' + b.group + '","key":"' + b.key + '","paper":' + (b.paper ? 'true' : 'false') + ',"ratings":[';
  const ratings = b.ratings;
  for (let i = 0; i < ratings.length; i++) {
    const r = ratings[i]!;
    const d = r.dimensions;
    // The five dimensions in sorted order: de, ji, lian, neng, qin.
    out += (i === 0 ? '{"candidate":"' : ',{"candidate":"') + r.candidate + (d === undefined ? '"' : '","dimensions":{"de":"' + d.de + '","ji":"' + d.ji + '","lian":"' + d.lian + '","neng":"' + d.neng + '","qin":"' + d.qin + '"}') + ',"overall":"' + r.overall + '"}';
  }
  out += '],"recommend":[';
  for (let i = 0; i < b.recommend.length; i++) {
    const r = b.recommend[i]!;
    out += (i === 0 ? '{"marked":[' : ',{"marked":[') + r.marked.map((m) => '"' + m + '"').join(',') + '],"post":"' + r.post + '"}';
  }
  return out + ']}';
}

/** A signed ballot on a bundle's board: `signedBallotSchema`, its ratings checked by `areRatings`. */
export const boardBallotSchema = z
  .object({
    ballot: z.object({ ...ballotShape, ratings: z.custom<Ballot['ratings']>(areRatings, bilingual('each rating is { candidate, overall } with 德能勤绩廉 or none, at most 200', '每项评价为 { candidate, overall }，可带德能勤绩廉五项，至多 200 项')) }).strict(),
    signature: signatureSchema,
  })
  .strict();

/**
 * Every way a ballot does not fit its evaluation's form, each said in both languages: a candidate
 * missing, repeated or out of order, a rating not on the scale, dimensions where none are asked (or
 * missing where they are), more marks than a post has seats, a mark for someone not standing for it.
 */
/** What a form's checks need of its settings, made once per settings object (a meeting's thousand ballots share one). */
const forms = new WeakMap<EvaluationSettings, { scale: Set<string>; order: string[]; posts: string[] }>();
function formOf(s: EvaluationSettings) {
  let f = forms.get(s);
  if (!f) forms.set(s, (f = { scale: new Set(s.scale.map((x) => x.id)), order: s.candidates.map((c) => c.ref), posts: s.recommendation.map((p) => p.post) }));
  return f;
}

export function ballotProblems(b: Ballot, s: EvaluationSettings): string[] {
  const out: string[] = [];
  const { scale, order, posts } = formOf(s);
  if (b.evaluationId !== s.id) out.push(`选票不属于本次测评 · the ballot is for evaluation ${b.evaluationId}, not ${s.id}`);
  if (!s.groups.some((g) => g.id === b.group)) out.push(`没有名为 ${b.group} 的测评组 · there is no group ${b.group}`);
  if (b.ratings.length !== order.length || b.ratings.some((r, i) => r.candidate !== order[i])) out.push('选票须按名单顺序对每位被测评人各评一次 · the ballot must rate every candidate once, in the list’s order');
  for (const r of b.ratings) {
    if (!scale.has(r.overall)) out.push(`${r.candidate}：“${r.overall}”不是评价等次 · ${r.candidate}: ${r.overall} is not a rating of the scale`);
    if (s.dimensions !== (r.dimensions !== undefined)) out.push(`${r.candidate}：${s.dimensions ? '缺少德能勤绩廉各项评价' : '本次测评不评德能勤绩廉'} · ${r.candidate}: ${s.dimensions ? 'the five dimensions are missing' : 'this evaluation does not rate the five dimensions'}`);
    for (const v of Object.values(r.dimensions ?? {})) if (!scale.has(v)) out.push(`${r.candidate}：“${v}”不是评价等次 · ${r.candidate}: ${v} is not a rating of the scale`);
  }
  if (b.recommend.length !== posts.length || b.recommend.some((r, i) => r.post !== posts[i])) out.push('推荐票须按职位顺序各有一栏 · the recommendation part must have one entry per post, in the settings’ order');
  for (const r of b.recommend) {
    const p = s.recommendation.find((x) => x.post === r.post);
    if (!p) continue;
    if (r.marked.length > p.seats) out.push(`${p.title}：推荐 ${r.marked.length} 人，超过职数 ${p.seats} · ${r.post}: ${r.marked.length} marked, more than its ${p.seats} seats`);
    if (new Set(r.marked).size !== r.marked.length) out.push(`${p.title}：同一人推荐了两次 · ${r.post}: a candidate is marked twice`);
    for (const m of r.marked) if (!p.candidates.includes(m)) out.push(`${p.title}：${m} 不是该职位的人选 · ${r.post}: ${m} does not stand for it`);
  }
  return out;
}

/**
 * A ballot's tracker: the first 40 bits of SHA-256 over its signing bytes (type `ballot`), in
 * Crockford base32, as two groups of four — what a booth shows when the settings ask for trackers,
 * and what anyone can compute for every ballot on the board.
 */
export function ballotTracker(b: Ballot): string {
  const t = toBase32(sha256(signingBytes('ballot', b)).slice(0, 5));
  return `${t.slice(0, 4)}-${t.slice(4, 8)}`;
}

/**
 * The board's hash (`object_hash("evaluation-board", …)`, docs/protocol.md §24): every ballot with
 * its signature, sorted by key; the unused keys, sorted; the missing cards per group. The server
 * logs it at the close; the verifier recomputes it from the bundle's board.
 */
export function evaluationBoardHash(evaluationId: string, ballots: ReadonlyArray<{ ballot: Ballot; signature: string }>, unused: readonly string[], missing: Record<string, number>, memo?: CanonicalMemo): string {
  return objectHashInPieces('evaluation-board', { evaluationId, ballots: [...ballots].sort((a, b) => (a.ballot.key < b.ballot.key ? -1 : 1)), unused: [...unused].sort(), missing }, memo);
}
