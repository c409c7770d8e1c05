import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHEET_ROLES, fromBase64, signingBytes, verifyBundle, type Bundle, type KeptByTheSupervisors, type SignatureJob, type VerifyMany } from '@exam/shared';
import { verifyEd25519Fast } from '@exam/server';
import { honestDay } from './support/scenario';
import { digest, rebuildAndResign, resign, rng, type ServerSigner } from './support/tampering';
import { TAMPER_KINDS, type StepId, type TamperKind } from './support/tamper-kinds';
import { closeFiguresOf } from './support/close-figures';

/** The fast path in this process: the same answers as the portable one (Wycheproof), quicker for 1,000 bundles. */
const fast: VerifyMany = async (jobs: SignatureJob[]) =>
  jobs.map((j) => {
    try {
      return verifyEd25519Fast(fromBase64(j.publicKey), signingBytes(j.type, j.object), fromBase64(j.signature));
    } catch {
      return false;
    }
  });

type Variant = 'as edited' | 're-signed with the server’s key';

/** What must fail, and what may, for one kind as edited, re-signed, or re-signed and checked without the supervisors' records. */
function expectation(k: TamperKind, v: Variant, withRecords: boolean): { must: StepId[]; may: StepId[] | '*' } {
  const may = downstream(k);
  if (v === 'as edited') return k.on === 'log' ? { must: ['3-audit-log'], may: '*' } : { must: [...k.catches, '2-signature'], may };
  return { must: withRecords ? k.catches : k.withoutRecords!, may };
}

/** The steps that take their inputs from a step's findings: a ranking (step 15) is recomputed from the components that steps 5–14 check. */
const FEEDS_RANKING: StepId[] = ['5-signers', '6-sealed', '8-written-marks', '9-written-results', '11-score-sheets', '12-interview-results', '13-selection', '14-evaluation'];
function downstream(k: TamperKind): StepId[] | '*' {
  if (k.mayAlso === '*') return '*';
  const may = k.mayAlso ?? [];
  return [...k.catches, ...may].some((x) => FEEDS_RANKING.includes(x)) && !k.catches.includes('15-ranking') ? [...may, '15-ranking'] : may;
}

describe('the tamper suite: 1,000 distinct mutations of an honest bundle, each caught by the step that must catch it', () => {
  let day: Awaited<ReturnType<typeof honestDay>>;
  let honest: string;
  let records: KeptByTheSupervisors;
  let server: ServerSigner;
  beforeAll(async () => {
    day = await honestDay();
    honest = JSON.stringify(day.bundle);
    const last = day.bundle.body.log.at(-1)!;
    // What the supervisors bring: their tablet's cosigned checkpoints, the head written down by hand
    // (its first 32 hex digits), and the fingerprints of the ceremony sheet.
    records = {
      checkpoints: [...day.kept.map((k) => ({ ...k.checkpoint, supervisorKey: k.supervisorKey, signature: k.signature })), { seq: last.seq, hash: last.hash.slice(0, 32) }],
      fingerprints: day.bundle.body.devices.filter((d) => (SHEET_ROLES as readonly string[]).includes(d.role ?? '')).map((d) => d.fingerprint),
      // The evaluation's ceremony sheet: the card list's count and hash, as written when the cards were made.
      ballotLists: day.ballotLists,
      // And what they wrote at its close: per group, the cards handed out, missing and unused.
      ballotCloses: closeFiguresOf(day.bundle.body.log),
    };
    const key = day.t.server.ctx.serverKey;
    server = { signObject: (type, object) => key.signObject(type, object) };
    expect(day.bundle.body.checkpoints.map((c) => c.phase)).toEqual(expect.arrayContaining(['demo: paper opened', 'demo: exam closed', 'demo: marking finished', 'demo-interview: lots drawn', 'demo-interview: 面试室A scoring finished', 'demo-selection: seats drawn']));
    expect(day.bundle.body.checkpoints.every((c) => c.cosignatures.length === 1)).toBe(true);
  }, 120_000);
  afterAll(() => day?.close());

  it('passes the honest bundle, with and without the supervisors’ records, and says what cannot be proven without them', async () => {
    const withRecords = await verifyBundle(JSON.parse(honest), { kept: records, supervisors: day.records });
    expect(withRecords.steps.filter((s) => !s.ok)).toEqual([]);
    expect(withRecords.steps.every((s) => s.checked > 0)).toBe(true);
    expect(withRecords.unproven).toEqual([]);
    const bare = await verifyBundle(JSON.parse(honest), { verifyMany: fast });
    expect(bare.ok).toBe(true);
    // No checkpoints, no supervisors' bundle, no card lists, no figures of the evaluation's close, no fingerprints.
    expect(bare.unproven.length).toBe(5);
    expect(records.ballotCloses!.length).toBeGreaterThan(0);
    // The examiner's relation declared by name before the lot: its record must be in the supervisors' bundle, and it is checked.
    expect(day.records.interviewDeclarations.length).toBe(1);
    const without = await verifyBundle(JSON.parse(honest), { kept: records, supervisors: { ...day.records, interviewDeclarations: [] } });
    expect(without.steps.filter((s) => !s.ok).map((s) => [s.id, s.problems.length])).toEqual([['13-selection', 1]]);
    expect(without.steps.find((s) => s.id === '13-selection')!.problems[0]).toContain('lacks the examiner’s declaration');
    expect(bare.unproven[0]).toMatch(/rebuild the whole log/);
  });

  it('fails the step that reads a member of another type than the documented one, naming it, and never throws', async () => {
    const entry = (b: Bundle, type: string) => b.body.log.find((e) => e.type === type)!;
    // Each a hostile bundle a server holding its key could write: the log rebuilt and re-signed, or the rest re-signed.
    const cases: Array<[string, (b: Bundle) => void, 'log' | 'bundle', StepId, RegExp]> = [
      ['an interview lot’s tickets made a number', (b) => void (b.body.log.find((e) => e.type === 'lot.draw-opened' && !e.payload['selectionId'])!.payload['tickets'] = 5), 'log', '10-lots', /are not the ones the draw was opened with/],
      ['a published ranking’s rows made [null]', (b) => void ((Object.values(b.body.results.rankings!)[0] as Array<{ rows: unknown[] }>)[0]!.rows = [null]), 'bundle', '15-ranking', /is not the one recomputed|published/],
      ['a committee decision’s result made null', (b) => void (entry(b, 'ranking.decided').payload['result'] = null), 'log', '16-notices', /makes final other appointments/],
      ['a selection’s steps made a number', (b) => void (entry(b, 'selection.created').payload['steps'] = 5), 'log', '13-selection', /does not hold a valid selection/],
      ['a seat draw’s tickets made a number', (b) => void (b.body.log.find((e) => e.type === 'lot.draw-opened' && e.payload['selectionId'])!.payload['tickets'] = 5), 'log', '13-selection', /is not over everyone who goes on/],
      ['an evaluation’s key lists made a number', (b) => void (entry(b, 'evaluation.created').payload['lists'] = 5), 'log', '14-evaluation', /are not a list of \{ group, count, hash, keys \}/],
      ['an evaluation’s key lists made [{}]', (b) => void (entry(b, 'evaluation.created').payload['lists'] = [{}]), 'log', '14-evaluation', /are not a list of \{ group, count, hash, keys \}/],
    ];
    for (const [name, edit, on, step, said] of cases) {
      const b = JSON.parse(honest) as Bundle;
      edit(b);
      if (on === 'log') rebuildAndResign(b, server);
      else resign(b, server);
      const report = await verifyBundle(b, { verifyMany: fast });
      const failed = report.steps.find((s) => s.id === step);
      if (process.env.SHOW) console.log(name, JSON.stringify(report.steps.filter((s) => !s.ok).map((s) => [s.id, s.problems.slice(0, 2)])));
      expect([name, report.ok, failed?.ok, failed?.problems.some((p) => said.test(p))]).toEqual([name, false, false, true]);
      // Caught by the step's own reading, not by the net below it.
      expect(report.steps.flatMap((s) => s.problems).filter((p) => p.includes('could not read on')), name).toEqual([]);
    }
    expect(new Set(cases.map(([n]) => n)).size).toBe(7);
  });

  it('catches 1,000 distinct mutations, every kind in every variant, each by its expected steps', async () => {
    const seen = new Set<string>([digest(JSON.parse(honest) as Bundle)]);
    const wrong: string[] = [];
    const untranslated = new Set<string>();
    const covered = new Map<string, number>();
    let n = 0;
    for (let seed = 1; n < 1000 && seed < 20_000; seed++) {
      const r = rng(seed);
      const k = TAMPER_KINDS[seed % TAMPER_KINDS.length]!;
      const v: Variant = Math.floor(seed / TAMPER_KINDS.length) % 2 === 0 ? 'as edited' : 're-signed with the server’s key';
      const b = JSON.parse(honest) as Bundle;
      if (!k.apply(b, r, server)) continue;
      if (v !== 'as edited') {
        if (k.on === 'log') rebuildAndResign(b, server);
        else resign(b, server);
      }
      const id = digest(b);
      if (seen.has(id)) continue;
      seen.add(id);
      n++;
      // A rebuilt log is checked with the supervisors' records and, where a step must catch it even so, without them.
      const checks = v !== 'as edited' && k.withoutRecords ? [true, false] : [true];
      for (const withRecords of checks) {
        const report = await verifyBundle(withRecords ? b : structuredClone(b), { verifyMany: fast, kept: withRecords ? records : {}, ...(withRecords ? { supervisors: day.records } : {}) });
        const failed = report.steps.filter((s) => !s.ok);
        const { must, may } = expectation(k, v, withRecords);
        const ids = failed.map((s) => s.id as StepId);
        const missing = must.filter((m) => !ids.includes(m));
        const extra = may === '*' ? [] : ids.filter((x) => !must.includes(x) && !may.includes(x));
        const cell = `${k.name} / ${v}${withRecords ? '' : ' / without the supervisors’ records'}`;
        if (report.ok || missing.length || extra.length || failed.some((s) => s.problems.length === 0)) {
          wrong.push(`#${seed} ${cell}: expected ${must.join(', ')}; failed ${ids.join(', ') || 'nothing'} — ${failed.flatMap((s) => s.problems).slice(0, 2).join(' | ')}`);
        }
        covered.set(cell, (covered.get(cell) ?? 0) + 1);
        // Every problem is said in Chinese first, then in English: a supervisor reads why.
        for (const p of failed.flatMap((s) => s.problems)) if (!/^[^·]*[\u4e00-\u9fff][^·]* · \S/.test(p)) untranslated.add(p.replace(/\d+/g, 'N'));
      }
    }
    expect([...untranslated]).toEqual([]);
    expect(wrong).toEqual([]);
    expect(n).toBe(1000);
    expect(seen.size).toBe(1001);
    const expectedCells = TAMPER_KINDS.flatMap((k) => [`${k.name} / as edited`, `${k.name} / re-signed with the server’s key`, ...(k.withoutRecords ? [`${k.name} / re-signed with the server’s key / without the supervisors’ records`] : [])]);
    expect([...covered.keys()].sort()).toEqual(expectedCells.sort());
  }, 300_000);
});
