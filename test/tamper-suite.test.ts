import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleHash, objectHash, verifyBundle, type Bundle, type SignatureJob, type VerifyMany } from '@exam/shared';
import { verifyEd25519Fast } from '@exam/server';
import { fromBase64, signingBytes } from '@exam/shared';
import { honestDay } from './support/scenario';

/** The fast path in this process: the same answers as the portable one, quicker for 1,000 bundles. */
const fast: VerifyMany = async (jobs: SignatureJob[]) =>
  jobs.map((j) => {
    try {
      return verifyEd25519Fast(fromBase64(j.publicKey), signingBytes(j.type, j.object), fromBase64(j.signature));
    } catch {
      return false;
    }
  });

/** A small seeded generator, so a failing mutation can be replayed from its number. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** What a dishonest server would do after editing an entry: recompute every hash after it, so the chain holds again. */
function rebuildChain(log: Bundle['body']['log']): void {
  let prev = '0'.repeat(64);
  for (const e of log) {
    e.prev = prev;
    e.hash = objectHash('audit-entry', { seq: e.seq, at: e.at, type: e.type, actor: e.actor, payload: e.payload, prev: e.prev });
    prev = e.hash;
  }
}

type Mutation = { name: string; apply: (b: Bundle, r: () => number, sign: (body: Bundle['body']) => string) => boolean };
const pick = <T,>(xs: T[], r: () => number): T | undefined => xs[Math.floor(r() * xs.length)];
const flip = (hex: string, r: () => number) => {
  const i = Math.floor(r() * hex.length);
  return hex.slice(0, i) + (hex[i] === '0' ? '1' : '0') + hex.slice(i + 1);
};

/** The kinds of tampering the issue names, each applied at a random place. */
const mutations: Mutation[] = [
  { name: 'a changed score', apply: (b, r) => { const s = pick(b.body.days[0]!.sheets, r)!; const it = pick(s.sheet.items, r)!; it.score += 50; s.sheet.total += 50; return true; } },
  { name: 'a changed mark', apply: (b, r) => { const m = pick(b.body.sessions[0]!.marks, r)!; m.points += 100; return true; } },
  { name: 'a dropped sheet', apply: (b, r) => { const d = b.body.days[0]!; d.sheets.splice(Math.floor(r() * d.sheets.length), 1); return true; } },
  { name: 'a duplicated sheet', apply: (b, r) => { const d = b.body.days[0]!; d.sheets.push(JSON.parse(JSON.stringify(pick(d.sheets, r)))); return true; } },
  { name: 'reordered log entries', apply: (b, r) => { const l = b.body.log; const i = 1 + Math.floor(r() * (l.length - 2)); [l[i], l[i + 1]] = [l[i + 1]!, l[i]!]; return true; } },
  { name: 'a truncated log', apply: (b, r) => { const n = 1 + Math.floor(r() * 20); b.body.log.splice(b.body.log.length - n, n); return true; } },
  { name: 'a swapped key', apply: (b, r) => { const ds = b.body.devices.filter((d) => d.role === 'examiner' || d.role === 'marker' || d.role === 'supervisor'); const [x, y] = [pick(ds, r)!, pick(ds, r)!]; if (x === y) return false; [x.publicKey, y.publicKey] = [y.publicKey, x.publicKey]; return true; } },
  { name: 'an altered lot secret', apply: (b, r) => { const t = b.body.days[0]!.draws.at(-1)!.transcript; const rv = pick(t.reveals, r)!; rv.secret = flip(rv.secret, r); return true; } },
  { name: 'an edited total', apply: (b, r) => { if (r() < 0.5) { const row = pick(b.body.results.written['demo']!, r)!; row.total = (row.total ?? 0) + 1; } else { const row = pick(b.body.results.interview['demo-interview']!, r)!; row.score = (row.score ?? 0) + 1; } return true; } },
  { name: 'an old sheet replayed', apply: (b) => { const old = b.body.days[0]!.sheets.find((s) => s.state === 'superseded'); if (!old) return false; old.state = 'current'; return true; } },
  { name: 'a forged cosignature', apply: (b, r) => { const s = b.body.days[0]!.sheets.find((x) => x.countersign)!; const sig = s.countersign!.signature; const i = Math.floor(r() * 80); s.countersign!.signature = sig.slice(0, i) + (sig[i] === 'A' ? 'B' : 'A') + sig.slice(i + 1); return true; } },
  { name: 'a changed answer', apply: (b, r) => { const c = b.body.sessions[0]!.candidates.find((x) => x.receipt)!; c.answers['q1'] = c.answers['q1'] === 0 ? 1 : 0; void r; return true; } },
  { name: 'a lot moved to another candidate', apply: (b, r) => { const cs = b.body.days[0]!.candidates.filter((c) => c.lot !== null); const [x, y] = [pick(cs, r)!, pick(cs, r)!]; if (x === y) return false; [x.lot, y.lot] = [y.lot, x.lot]; return true; } },
  {
    name: 'checkpoints re-signed by the server over a rebuilt chain, cosignatures dropped',
    apply: (b, r, sign) => {
      const l = b.body.log;
      const i = Math.floor(r() * l.length);
      l[i]!.payload = { ...l[i]!.payload, rewritten: true };
      rebuildChain(l);
      for (const cp of b.body.checkpoints) {
        cp.hash = l[cp.seq - 1]!.hash;
        cp.cosignatures = [];
      }
      b.signature = sign(b.body);
      return true;
    },
  },
  {
    name: 'a chain rebuilt and re-signed with the server’s key',
    apply: (b, r, sign) => {
      const l = b.body.log;
      const i = Math.floor(r() * l.length);
      l[i]!.payload = { ...l[i]!.payload, rewritten: true };
      rebuildChain(l);
      b.signature = sign(b.body);
      return true;
    },
  },
];

describe('the tamper suite: 1,000 random mutations of an honest bundle, every one caught and named', () => {
  let day: Awaited<ReturnType<typeof honestDay>>;
  let honest: string;
  let kept: Array<{ seq: number; hash: string; phase?: string; supervisorKey?: string; signature?: string }>;
  beforeAll(async () => {
    day = await honestDay();
    honest = JSON.stringify(day.bundle);
    const last = day.bundle.body.log.at(-1)!;
    // What the supervisors kept: their tablet's cosigned checkpoints, and the head they wrote down at the end.
    kept = [...day.kept.map((k) => ({ ...k.checkpoint, supervisorKey: k.supervisorKey, signature: k.signature })), { seq: last.seq, hash: last.hash }];
    // paper opened, exam closed, answer key opened, marking finished, lots drawn, the room's scoring finished
    expect(day.bundle.body.checkpoints.map((c) => c.phase)).toEqual(expect.arrayContaining(['demo: paper opened', 'demo: exam closed', 'demo: marking finished', 'demo-interview: lots drawn', 'demo-interview: 面试室A scoring finished']));
    expect(day.kept.length).toBe(day.bundle.body.checkpoints.length);
    expect(day.bundle.body.checkpoints.every((c) => c.cosignatures.length === 1)).toBe(true);
  }, 120_000);
  afterAll(() => day?.close());

  it('passes the honest bundle, with the portable verifier and with the fast one', async () => {
    const portable = await verifyBundle(JSON.parse(honest), { kept: { checkpoints: kept } });
    expect(portable.steps.filter((s) => !s.ok)).toEqual([]);
    const quick = await verifyBundle(JSON.parse(honest), { verifyMany: fast, kept: { checkpoints: kept } });
    expect(quick.ok).toBe(true);
    expect(quick.steps.every((s) => s.checked > 0)).toBe(true);
  });

  it('catches every one of 1,000 mutations, and says which step and what', async () => {
    const sign = (body: Bundle['body']) => day.t.server.ctx.serverKey.signObject('bundle-statement', { bundleHash: bundleHash(body, objectHash) });
    const missed: string[] = [];
    const caughtBy = new Map<string, number>();
    let n = 0;
    for (let seed = 1; n < 1000; seed++) {
      const r = rng(seed);
      const m = mutations[seed % mutations.length]!;
      const b = JSON.parse(honest) as Bundle;
      if (!m.apply(b, r, sign) || JSON.stringify(b) === honest) continue;
      n++;
      const report = await verifyBundle(b, { verifyMany: fast, kept: { checkpoints: kept } });
      const failed = report.steps.filter((s) => !s.ok);
      if (report.ok || failed.every((s) => s.problems.length === 0)) missed.push(`#${seed} ${m.name}`);
      caughtBy.set(m.name, (caughtBy.get(m.name) ?? 0) + 1);
    }
    expect(missed).toEqual([]);
    expect(caughtBy.size).toBe(mutations.length);
  });
});
