import { z } from 'zod';
import { reasonSchema } from '../events/common';
import type { PostAction } from './selection';
import { selectionIdSchema } from './selection';

/**
 * From the list of those who qualify to the written exam (docs/protocol.md §23): admission ticket
 * numbers (准考证号) and seats come from a draw nobody can steer — the same commit–reveal draw as
 * the interview's lot (lots/draw.ts), with the server and at least one supervisor contributing —
 * never from the order of registration. Everything here is a pure function of what is on the log,
 * so a verifier recomputes every number and seat from the draw's transcript alone.
 */

/** The id of a selection's seat draw: `<selectionId>-seats-<attempt>`. */
export const seatDrawId = (selectionId: string, attempt: number): string => `${selectionId}-seats-${attempt}`;
/** The selection a draw id names, when it is a seat draw. */
export const selectionOfSeatDraw = (drawId: string): string | null => /^(.+)-seats-\d+$/.exec(drawId)?.[1] ?? null;

export interface PostOutcomeLike {
  post: string;
  action: PostAction;
  mergeInto: string | null;
}

/**
 * The post a post's candidates compete for: itself when it goes ahead (at or above its ratio, or
 * `proceed`); the post it merged into, followed to the end of a chain of merges; none (null) when
 * it, or the end of its chain, was cancelled, or the merges go round in a circle.
 */
export function postGoesTo(posts: ReadonlyArray<{ id: string }>, outcomes: readonly PostOutcomeLike[], postId: string): string | null {
  let at = postId;
  for (let hops = 0; hops <= posts.length; hops++) {
    const o = outcomes.find((x) => x.post === at);
    if (o?.action === 'cancel') return null;
    if (o?.action !== 'merge' || !o.mergeInto) return posts.some((p) => p.id === at) ? at : null;
    at = o.mergeInto;
  }
  return null;
}

/** The paper a post's candidates sit: that of the post they compete for (postGoesTo), or none. */
export function paperOfPost(posts: ReadonlyArray<{ id: string; paper: string | null }>, outcomes: readonly PostOutcomeLike[], postId: string): string | null {
  const to = postGoesTo(posts, outcomes, postId);
  return to === null ? null : (posts.find((p) => p.id === to)?.paper ?? null);
}

/**
 * The posts each registration competes for, from the published list: for each post it qualified for
 * (in the order of its form's preference when `preference` is given), the post that one goes to
 * (postGoesTo), once each. Registrations competing for nothing (their posts cancelled) are absent.
 * These are the seat draw's tickets: everyone who goes on, whether or not there is a written exam.
 */
export function competitorsOf(
  posts: ReadonlyArray<{ id: string }>,
  qualified: Readonly<Record<string, readonly string[]>>,
  outcomes: readonly PostOutcomeLike[],
  preference: (registrationId: string) => readonly string[] = () => posts.map((p) => p.id),
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const regs = new Set(Object.values(qualified).flat());
  for (const r of [...regs].sort()) {
    const goes = preference(r)
      .filter((p) => qualified[p]?.includes(r))
      .map((p) => postGoesTo(posts, outcomes, p))
      .filter((p): p is string => p !== null);
    if (goes.length > 0) out.set(r, [...new Set(goes)]);
  }
  return out;
}

/**
 * The papers each registration sits, from the published list (post → registration ids of those who
 * qualify): one sitting per distinct paper, however many of its posts that paper serves. A
 * candidate on two posts served by different papers sits each. Sorted by paper id.
 */
export function sittingsOf(
  posts: ReadonlyArray<{ id: string; paper: string | null }>,
  qualified: Readonly<Record<string, readonly string[]>>,
  outcomes: readonly PostOutcomeLike[],
): Map<string, string[]> {
  const papers = new Map<string, Set<string>>();
  for (const p of posts) {
    const paper = paperOfPost(posts, outcomes, p.id);
    if (paper === null) continue;
    for (const r of qualified[p.id] ?? []) {
      const set = papers.get(r) ?? new Set<string>();
      set.add(paper);
      papers.set(r, set);
    }
  }
  return new Map([...papers].map(([r, set]) => [r, [...set].sort()]));
}

/** The first part of every admission number of a selection: the year of its registration deadline, in Beijing time (UTC+8). */
export const admissionPrefix = (registrationCloses: number): string => String(new Date(registrationCloses + 8 * 3600_000).getUTCFullYear());

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export interface SeatAdmission {
  registrationId: string;
  /** 准考证号: the prefix and the position in the draw's order, from 1, in at least four digits. */
  admissionNo: string;
  /** Each paper the candidate sits, and the seat: the position, from 1, among that paper's candidates in the draw's order, in at least two digits. */
  sittings: Array<{ paper: string; seat: string }>;
}

/**
 * Numbers and seats from a seat draw's order (registration ids by lot): the candidate drawn first
 * gets `<prefix>0001` and, for every paper they sit, the first seat not yet taken for it.
 */
export function admissionsFromOrder(order: readonly string[], sittings: ReadonlyMap<string, readonly string[]>, prefix: string): SeatAdmission[] {
  const width = Math.max(4, String(order.length).length);
  const sitters = new Map<string, number>();
  for (const papers of sittings.values()) for (const p of papers) sitters.set(p, (sitters.get(p) ?? 0) + 1);
  const taken = new Map<string, number>();
  return order.map((registrationId, i) => ({
    registrationId,
    admissionNo: `${prefix}${pad(i + 1, width)}`,
    sittings: (sittings.get(registrationId) ?? []).map((paper) => {
      const n = (taken.get(paper) ?? 0) + 1;
      taken.set(paper, n);
      return { paper, seat: pad(n, Math.max(2, String(sitters.get(paper) ?? 0).length)) };
    }),
  }));
}

export const openSeatDrawSchema = z
  .object({
    selectionId: selectionIdSchema,
    /** The supervisors' devices (admitted for the venue, not for an interview day) that contribute with the server. */
    supervisors: z.array(z.string().min(1).max(64)).min(1).max(10),
  })
  .strict();
export const abandonSeatDrawSchema = z.object({ selectionId: selectionIdSchema, reason: reasonSchema }).strict();

/** One row of a selection's admissions, for the organiser's console and the printed admission tickets. */
export interface AdmissionRow {
  admissionNo: string;
  name: string;
  department: string;
  /** The posts the candidate competes for (qualified, and going ahead or merged into), by title, in the order of preference. */
  posts: string[];
  sittings: Array<{ paper: string; seat: string; session: { id: string; label: string; room: string; scheduledStart: number } | null }>;
}

/**
 * An interview day's candidates from a selection's admissions (protocol §23): every candidate who
 * goes on, by admission number, in the room given for the first post they compete for (in their
 * order of preference). A candidate whose posts have no room is named in `unplaced`.
 */
export function interviewRoster(
  admissions: ReadonlyArray<{ registrationId: string; admissionNo: string }>,
  competitors: ReadonlyMap<string, readonly string[]>,
  postRooms: Readonly<Record<string, string>>,
): { candidates: Array<{ registrationId: string; ticket: string; room: string }>; unplaced: string[] } {
  const candidates: Array<{ registrationId: string; ticket: string; room: string }> = [];
  const unplaced: string[] = [];
  for (const a of admissions) {
    const posts = competitors.get(a.registrationId);
    if (!posts) continue;
    const room = posts.map((p) => postRooms[p]).find((r) => r !== undefined);
    if (room === undefined) unplaced.push(a.admissionNo);
    else candidates.push({ registrationId: a.registrationId, ticket: a.admissionNo, room });
  }
  return { candidates, unplaced };
}
