/**
 * The committee's decision with people proposed for two posts (docs/protocol.md §25):
 * candidate-proposing deferred acceptance (Gale–Shapley). Each person proposes to their posts in
 * the order of their registered preference, skipping a post that did not list them; each post holds
 * the best `seats` of its proposers by its own order (the committee's, from its shortlist) and
 * releases the rest, who propose to their next post. The result is the stable matching that is best
 * for every candidate, and it is the same whatever order the posts or the people are taken in.
 */

export interface PostProposal {
  post: string;
  seats: number;
  /** The committee's order of the people it proposes for the post, best first (all from its shortlist). */
  order: readonly string[];
}

export interface Matching {
  /** Post → the people appointed, in the post's order. */
  appointed: Map<string, string[]>;
  /** Post → seats left vacant (no one left on its list). */
  vacant: Map<string, number>;
  /** People on some post's list who end with no post. */
  unplaced: string[];
}

export function deferredAcceptance(posts: readonly PostProposal[], preference: (person: string) => readonly string[]): Matching {
  const rankAt = new Map(posts.map((p) => [p.post, new Map(p.order.map((r, i) => [r, i]))]));
  const seats = new Map(posts.map((p) => [p.post, p.seats]));
  const people = [...new Set(posts.flatMap((p) => p.order))].sort();
  /** Each person's posts to propose to, in preference order, only those whose list names them. */
  const lists = new Map(people.map((r) => [r, [...new Set(preference(r))].filter((p) => rankAt.get(p)?.has(r))]));
  const next = new Map(people.map((r) => [r, 0]));
  const held = new Map<string, string[]>(posts.map((p) => [p.post, []]));
  const free = [...people];
  while (free.length > 0) {
    const r = free.pop()!;
    const list = lists.get(r)!;
    const i = next.get(r)!;
    if (i >= list.length) continue; // no post left: unplaced
    next.set(r, i + 1);
    const post = list[i]!;
    const ranks = rankAt.get(post)!;
    const h = [...held.get(post)!, r].sort((a, b) => ranks.get(a)! - ranks.get(b)!);
    const cap = seats.get(post)!;
    held.set(post, h.slice(0, cap));
    for (const out of h.slice(cap)) free.push(out);
  }
  const placed = new Set([...held.values()].flat());
  return {
    appointed: held,
    vacant: new Map(posts.map((p) => [p.post, p.seats - held.get(p.post)!.length])),
    unplaced: people.filter((r) => !placed.has(r)),
  };
}
