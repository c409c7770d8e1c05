import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyBundle } from '@exam/shared';
import { exampleRecords } from './support/example-records';

const read = (f: string) => JSON.parse(readFileSync(new URL(`../docs/examples/${f}`, import.meta.url), 'utf8'));

/**
 * The worked example of docs/bundle.md as test vectors: a verifier written from the docs must give
 * exactly these reports for these files, with what the supervisor brings (docs/examples/).
 */
describe('the committed example bundles and their expected reports', () => {
  it('the honest bundle verifies, step by step as committed', async () => {
    const report = await verifyBundle(read('bundle.json'), { kept: exampleRecords() });
    expect(report).toEqual(read('bundle.report.json'));
    expect(report.ok).toBe(true);
    expect(report.unproven).toEqual([]);
  });
  it('the tampered bundle — a countersigned correction dropped, the bundle re-signed — fails exactly as committed', async () => {
    const report = await verifyBundle(read('bundle-tampered.json'), { kept: exampleRecords() });
    expect(report).toEqual(read('bundle-tampered.report.json'));
    expect(report.steps.filter((s) => !s.ok).map((s) => s.id)).toEqual(['11-score-sheets']);
  });
});
