import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server';
import { OWN_PAIRS_POSSIBLE, PAIRS_POSSIBLE, runFuzzer } from './fuzz/fuzzer';

/** How many messages: a short run in `npm test`; `npm run fuzz` runs it for 10⁶ (test/fuzz/main.ts). */
const MESSAGES = Number(process.env.FUZZ_MESSAGES ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

describe('a short fuzzer: every request from every role, valid-looking and broken', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.close();
  });

  it(`answers ${MESSAGES} seeded messages without a crash, an internal error, or a change from any refusal`, async () => {
    const report = await runFuzzer(t, { messages: MESSAGES, seed: SEED });
    expect(report.internalErrors).toEqual([]);
    expect(report.timeouts).toEqual([]);
    expect(report.unknownCodes).toEqual([]);
    expect(report.changedOnRefusal).toEqual([]);
    expect(report.serverErrorLines).toBe(0);
    // It sent every request each role may send, and many a role may not (test/access-matrix.test.ts
    // tries every pair), and the server still answers.
    expect(report.messages).toBe(MESSAGES);
    expect(report.ownPairs).toBe(OWN_PAIRS_POSSIBLE);
    expect(report.pairs).toBeGreaterThan(0.5 * PAIRS_POSSIBLE);
    expect(report.accepted).toBeGreaterThan(0);
    expect(Object.keys(report.refused)).toEqual(expect.arrayContaining(['bad-request', 'forbidden', 'device-not-admitted']));
    expect((await fetch(`${t.url}/api/health`)).ok).toBe(true);
  }, 600_000);
});
