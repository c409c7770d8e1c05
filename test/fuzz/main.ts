// `npm run fuzz -- [--messages 1000000] [--seed N] [--database postgres://…]`: the fuzzer of
// test/fuzz.test.ts, long. A real server in this process on a fresh data folder (SQLite, or the
// PostgreSQL database given, which must be empty), the demo set up, then the seeded messages.
// Progress goes to stderr every 10,000 messages; one JSON line to stdout at the end. Exit code 1
// when any message met an internal error, no answer, or a refusal that changed state.
import { isPostgresUrl } from '@exam/server';
import { startTestServer } from '../support/server';
import { runFuzzer } from './fuzzer';
import { argOf } from '../support/cli-args';

const arg = (name: string, fallback: string) => argOf(process.argv.slice(2), name, fallback);
const messages = Number(arg('messages', '1000000'));
const seed = Number(arg('seed', '20261130'));
const database = arg('database', '');
if (!Number.isSafeInteger(messages) || messages <= 0 || !Number.isSafeInteger(seed)) {
  console.error('usage: npm run fuzz -- [--messages 1000000] [--seed N] [--database postgres://…]');
  process.exit(2);
}
if (database && !isPostgresUrl(database)) {
  console.error('--database is a PostgreSQL connection string (postgres://…); without it the run is on a SQLite file');
  process.exit(2);
}

const started = performance.now();
const t = await startTestServer({ server: database ? { database } : {} });
let failed = true;
try {
  const report = await runFuzzer(t, {
    messages,
    seed,
    onProgress: (done, r) => process.stderr.write(`${done} messages, ${r.accepted} accepted, ${r.internalErrors.length} internal, ${r.changedOnRefusal.length} changed on refusal, ${((performance.now() - started) / 1000).toFixed(0)} s\n`),
  });
  const faults = report.internalErrors.length + report.timeouts.length + report.unknownCodes.length + report.changedOnRefusal.length + report.serverErrorLines;
  failed = faults > 0;
  for (const f of [...report.internalErrors, ...report.timeouts, ...report.unknownCodes, ...report.changedOnRefusal].slice(0, 20)) process.stderr.write(`fault: ${f}\n`);
  process.stdout.write(
    `${JSON.stringify({
      store: t.server.ctx.database.kind,
      fuzz_seed: seed,
      fuzz_messages: report.messages,
      fuzz_internal_errors: report.internalErrors.length + report.serverErrorLines,
      fuzz_changed_on_refusal: report.changedOnRefusal.length,
      fuzz_unanswered: report.timeouts.length,
      fuzz_unknown_codes: report.unknownCodes.length,
      accepted: report.accepted,
      refused: report.refused,
      role_request_pairs: report.pairs,
      own_role_request_pairs: report.ownPairs,
      devices_replaced: report.replaced,
      elapsed_s: Math.round((performance.now() - started) / 1000),
    })}\n`,
  );
} finally {
  await t.close();
}
process.exit(failed ? 1 : 0);
