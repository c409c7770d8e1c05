import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, signingBytes, verifyBundle, verifyEd25519, type ReviewDecision } from '@exam/shared';
import { exportBundle, setUpSelectionDemo, verifyAuditChain } from '@exam/server';
import { startTestServer, type TestServer } from './support/server';
import { connectDesk, connectDevice, waitFor, type Device } from './support/clients';

/** What `npm start` shows a new user of the procedure's front: a selection with posts, registrations and a review begun. */
describe('the demonstration selection', () => {
  let t: TestServer;
  let org: Device;
  beforeAll(async () => {
    t = await startTestServer();
    await setUpSelectionDemo(t.server.ctx);
    const desk = await connectDesk(t.url, t.server.ctx.deskCode);
    org = await connectDevice(t.url, 'tablet');
    const admitted = waitFor<{ status: string }>(org.socket, 'device:status', (s) => s.status === 'admitted');
    await desk.req('desk:admit', { role: 'organiser', fingerprint: org.status.fingerprint, person: '演示组织者' });
    await admitted;
    desk.close();
  });
  afterAll(async () => {
    org?.close();
    await t?.close();
  });

  it('has two posts, a dozen registrations (some for two posts), and the first five people reviewed with signatures that verify', async () => {
    const { selections, reviewerDevices } = await org.req('organiser:overview', {});
    const s = selections.find((x) => x.id === 'demo-selection')!;
    expect(s.posts.map((p) => p.title)).toEqual(['办公室副主任', '政务服务科科长']);
    expect((await org.req('organiser:registrations', { selectionId: s.id })).rows.length).toBe(12);
    expect(s.registrations).toEqual({ p1: 9, p2: 6 });
    expect(s.review).toEqual({ decided: 6, total: 15, passed: 5 });
    expect(reviewerDevices.map((r) => r.person)).toEqual(['演示审查人']);
    const rows = await t.server.ctx.db.selectFrom('review_decisions').select(['decision_json', 'signature']).execute();
    expect(rows.length).toBe(6);
    for (const r of rows) {
      const d = JSON.parse(r.decision_json) as ReviewDecision;
      expect(verifyEd25519(fromBase64(d.reviewerKey), signingBytes('review-decision', d), fromBase64(r.signature))).toBe(true);
    }
    // Registration closed two hours ago, after every registration was made; the log's chain holds.
    const times = await t.server.ctx.db.selectFrom('registrations').select('submitted_at').execute();
    expect(times.every((x) => x.submitted_at < s.registrationCloses && x.submitted_at >= s.registrationOpens)).toBe(true);
    expect((await verifyAuditChain(t.server.ctx.db)).ok).toBe(true);
  });

  it('leaves the bundle verifying, and the bundle carries no ID number, name or reason of the registrations', async () => {
    const bundle = await exportBundle(t.server.ctx);
    const report = await verifyBundle(bundle);
    expect(report.steps.filter((s) => !s.ok).map((s) => [s.id, s.problems.slice(0, 2)])).toEqual([]);
    const text = JSON.stringify(bundle);
    const rows = await t.server.ctx.db.selectFrom('registrations').select(['id_number', 'form_json']).execute();
    expect(rows.length).toBe(12);
    // The demo's exam rosters use some of the same names (an exam's candidates are named in its results); the others must not appear.
    const examNames = new Set([...bundle.body.sessions.flatMap((s) => s.candidates.map((c) => c.name)), ...bundle.body.days.flatMap((d) => d.candidates.map((c) => c.name))]);
    const registrationOnly = rows.map((r) => (JSON.parse(r.form_json) as { name: string }).name).filter((n) => !examNames.has(n));
    expect(registrationOnly.length).toBeGreaterThanOrEqual(8);
    for (const r of rows) expect(text).not.toContain(r.id_number);
    for (const n of registrationOnly) expect(text).not.toContain(n);
    expect(text).not.toContain('任现职级年限不足');
  });

  it('`exam publish` writes the list of posts, Chinese with English beside it, as HTML and PDF', () => {
    const out = mkdtempSync(join(tmpdir(), 'exam-posts-'));
    try {
      const root = fileURLToPath(new URL('..', import.meta.url));
      execFileSync(process.execPath, ['--import', 'tsx', 'exam-server/src/cli/main.ts', 'publish', '--data', t.dataDir, '--out', out], { cwd: root, encoding: 'utf8' });
      const html = readFileSync(join(out, 'posts-demo-selection.html'), 'utf8');
      expect(html).toContain('公开职位 · Posts — 演示：2026 年中层干部竞争上岗');
      expect(html).toMatch(/<td>办公室副主任<\/td><td>办公室<\/td><td>副职 Deputy<\/td><td>1<\/td>/);
      expect(html).toContain('大学本科 Bachelor’s degree 及以上 · or higher');
      expect(html).toContain('报名截止日不超过 45 周岁 · at most 45 on the deadline');
      expect(html).toContain('<td>1 : 2</td>');
      expect(html).toContain('笔试 Written exam → 民主测评 Democratic evaluation → 面试 Interview');
      // No list of those who qualify yet: it is not published.
      expect(existsSync(join(out, 'qualified-demo-selection.html'))).toBe(false);
      expect(existsSync(join(out, 'posts-demo-selection.pdf'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
