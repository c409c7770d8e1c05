import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyBundle } from '@exam/shared';

const read = (f: string) => JSON.parse(readFileSync(new URL(`../docs/examples/${f}`, import.meta.url), 'utf8'));

/**
 * The worked example of docs/bundle.md as test vectors: a verifier written from the docs must give
 * exactly these reports for these files (with the supervisor's kept checkpoints).
 */
describe('the committed example bundles and their expected reports', () => {
  const kept = (read('kept-checkpoints.json') as Array<{ checkpoint: { seq: number; hash: string; phase: string }; supervisorKey: string; signature: string }>).map((k) => ({ ...k.checkpoint, supervisorKey: k.supervisorKey, signature: k.signature }));
  it('the honest bundle verifies, step by step as committed', async () => {
    const report = await verifyBundle(read('bundle.json'), { kept: { checkpoints: kept } });
    expect(report).toEqual(read('bundle.report.json'));
    expect(report.ok).toBe(true);
  });
  it('the tampered bundle fails exactly as committed', async () => {
    const report = await verifyBundle(read('bundle-tampered.json'), { kept: { checkpoints: kept } });
    expect(report).toEqual(read('bundle-tampered.report.json'));
    expect(report.steps.filter((s) => !s.ok).map((s) => s.id)).toEqual(['10-score-sheets', '11-interview-results']);
  });
});
