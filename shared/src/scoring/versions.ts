/**
 * Which signed version counts (docs/bundle.md, "Which version counts"). The versions of one thing —
 * an examiner's score sheet for one candidate, the mark of one open answer — form a chain: the
 * first names nothing, each later one names the one it replaces (`replaces`, its hash). The
 * current version is found by walking that chain from the first, taking at each step the one
 * version that replaces the current one and counts (a sheet correction counts once the room's
 * supervisor has countersigned it; a mark always counts). Nothing the server says about a
 * version's state is read: the server, the tablets and the verifier all derive it here.
 */
export type VersionState = 'current' | 'superseded' | 'awaiting-countersign' | 'not-counted';

export interface VersionInput {
  hash: string;
  replaces: string | undefined;
  /** Whether this version may take the place of the one it replaces (ignored for a first version). */
  counts: boolean;
}

export interface VersionChain<T> {
  current: T | null;
  state: Map<T, VersionState>;
  /** What is wrong with the chain: each names the version (by hash prefix) and why it is not counted. */
  problems: string[];
}

const short = (h: string) => `${h.slice(0, 12)}…`;

/**
 * Resolves the chain of one thing's versions, given in the order they were received (log order).
 * A second first version, a fork (two counting versions replacing the same one), or a version that
 * replaces one not in the chain is named and not counted; a correction not yet countersigned waits.
 */
export function resolveVersions<T>(versions: readonly T[], view: (v: T) => VersionInput): VersionChain<T> {
  const state = new Map<T, VersionState>();
  const problems: string[] = [];
  const firsts = versions.filter((v) => view(v).replaces === undefined);
  for (const extra of firsts.slice(1)) {
    state.set(extra, 'not-counted');
    problems.push(`${short(view(extra).hash)} is a second first version (it names no version it replaces)`);
  }
  let current: T | null = firsts[0] ?? null;
  const inChain = new Set<string>();
  while (current !== null) {
    const head: T = current;
    const headHash = view(head).hash;
    inChain.add(headHash);
    const children = versions.filter((v) => view(v).replaces === headHash);
    const counting = children.filter((v) => view(v).counts);
    for (const w of children.filter((v) => !view(v).counts)) state.set(w, 'awaiting-countersign');
    for (const extra of counting.slice(1)) {
      state.set(extra, 'not-counted');
      problems.push(`${short(view(extra).hash)} replaces ${short(headHash)}, which ${short(view(counting[0]!).hash)} already replaced`);
    }
    const next = counting[0];
    if (next === undefined || inChain.has(view(next).hash)) break;
    state.set(head, 'superseded');
    current = next;
  }
  if (current !== null) state.set(current, 'current');
  for (const v of versions) {
    if (state.has(v)) continue;
    state.set(v, 'not-counted');
    problems.push(`${short(view(v).hash)} replaces ${short(view(v).replaces ?? '')}, which is not a version of the same thing that counted`);
  }
  return { current, state, problems };
}
