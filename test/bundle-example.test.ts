import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleSchema, verifyBundle, type Bundle } from '@exam/shared';
import { exampleOptions } from './support/example-records';
import { execExam } from './support/process';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (f: string) => JSON.parse(readFileSync(new URL(`../docs/examples/${f}`, import.meta.url), 'utf8'));

/**
 * The worked example of docs/bundle.md as test vectors: a verifier written from the docs must give
 * exactly these reports for these files, with what the supervisor brings (docs/examples/).
 */
describe('the committed example bundles and their expected reports', () => {
  it('the honest bundle verifies, step by step as committed', async () => {
    const report = await verifyBundle(read('bundle.json'), exampleOptions());
    expect(report).toEqual(read('bundle.report.json'));
    expect(report.ok).toBe(true);
    expect(report.unproven).toEqual([]);
  });
  it('the command docs/bundle.md gives, with everything the supervisor brings, prints that everything holds', () => {
    const ex = (f: string) => join(root, 'docs/examples', f);
    const written = (f: string) => readFileSync(ex(f), 'utf8').trim();
    const out = execExam(['verify', ex('bundle.json'), '--kept', ex('kept-checkpoints.json'), '--fingerprints', ex('ceremony-fingerprints.txt'), '--checkpoint', written('written-checkpoints.txt'), '--supervisors', ex('supervisors-bundle.json'), ...written('ballot-lists.txt').split('\n').flatMap((l) => ['--ballot-list', l]), ...written('ballot-closes.txt').split('\n').flatMap((l) => ['--ballot-close', l])], { env: { ...process.env, EXAM_LANG: 'en' } });
    expect(out).not.toContain('What this verification cannot prove');
    expect(out.trim().split('\n').at(-1)).toBe('VERIFIED: everything holds.');
    // The command as the docs write it: the same files, the same options.
    const docs = readFileSync(join(root, 'docs/bundle.md'), 'utf8');
    expect(docs.replace(/\s+/g, ' ')).toContain('npm run exam -- verify docs/examples/bundle.json --kept docs/examples/kept-checkpoints.json --fingerprints docs/examples/ceremony-fingerprints.txt --checkpoint "$(cat docs/examples/written-checkpoints.txt)" --supervisors docs/examples/supervisors-bundle.json --ballot-list "$(sed -n 1p docs/examples/ballot-lists.txt)" --ballot-list "$(sed -n 2p docs/examples/ballot-lists.txt)" --ballot-close demo-evaluation/all:5:0:1 --ballot-close rank-evaluation/all:6:0:0');
  });
  it('holds every key admitted in a role the ceremony sheets list to the sheets; a role they do not list is not proven', async () => {
    const options = exampleOptions();
    const bundle = read('bundle.json') as Bundle;
    const markers = bundle.body.devices.filter((d) => d.role === 'marker').map((d) => d.fingerprint);
    expect(markers.length).toBeGreaterThan(1);
    const without = (drop: string[]) => ({ ...options, kept: { ...options.kept, fingerprints: options.kept!.fingerprints!.filter((f) => !drop.includes(f)) } });
    // One marker left off the sheet that lists the others: a key the log admitted as a marker that nobody saw.
    const one = await verifyBundle(read('bundle.json'), without([markers[0]!]));
    expect(one.steps.filter((x) => !x.ok).map((x) => [x.id, x.problems])).toEqual([['4-keys', [expect.stringContaining(`the key ${markers[0]} admitted as marker at entry`)]]]);
    // No marker on the sheets at all: the markers' keys are said to be only the log's.
    const none = await verifyBundle(read('bundle.json'), without(markers));
    expect([none.ok, none.unproven]).toEqual([true, [expect.stringContaining('No fingerprint of these roles’ keys was given: marker')]]);
  });
  it('the tampered bundle — a countersigned correction dropped, the bundle re-signed — fails exactly as committed', async () => {
    const report = await verifyBundle(read('bundle-tampered.json'), exampleOptions());
    expect(report).toEqual(read('bundle-tampered.report.json'));
    expect(report.steps.filter((s) => !s.ok).map((s) => s.id)).toEqual(['11-score-sheets']);
  });
  it('a file that is not a bundle is refused at step 1 alone, whatever it breaks, though its signatures were sent before the schema check', async () => {
    const honest = read('bundle.json');
    const broken: Array<[string, (b: any) => unknown]> = [
      ['null', () => null],
      ['a list', () => []],
      ['no body', (b) => ({ signature: b.signature })],
      ['checkpoints a number', (b) => ((b.body.checkpoints = 5), b)],
      ['a session null', (b) => ((b.body.sessions = [null]), b)],
      ['days a text', (b) => ((b.body.days = 'x'), b)],
      ['a log entry empty', (b) => ((b.body.log = [{}]), b)],
      ['devices an object', (b) => ((b.body.devices = {}), b)],
      ['a sheet without its room', (b) => (delete b.body.days[0].sheets[0].sheet.room, b)],
      ['a member the format does not name', (b) => ((b.body.extra = 1), b)],
    ];
    const seen = new Set<string>();
    for (const [what, breakIt] of broken) {
      const input = breakIt(structuredClone(honest));
      seen.add(JSON.stringify(input));
      const report = await verifyBundle(input, exampleOptions());
      expect(report.ok, what).toBe(false);
      expect(report.steps.map((x) => x.id), what).toEqual(['1-format']);
      expect(report.steps[0]!.problems[0], what).toMatch(/^不是核验包：其结构不符合文档 · not a bundle: /);
    }
    expect(seen.size).toBe(broken.length);
    expect(seen.has(JSON.stringify(honest))).toBe(false);
    const old = structuredClone(honest);
    for (const format of ['exam-bundle/1', 'exam-bundle/2']) {
      old.body.format = format;
      expect((await verifyBundle(old)).steps[0]!.problems[0]).toMatch(new RegExp(`^不支持的版本：本核验包是“${format}”.* · unsupported version: this bundle is “${format}”; this verifier reads exam-bundle/3`));
    }
  });
  it('the bundle\'s schema transforms nothing: step 1 may go on with the file\'s own values', () => {
    for (const f of ['bundle.json', 'bundle-tampered.json']) expect(bundleSchema.parse(read(f)), f).toStrictEqual(read(f));
  });
});
