// Writes the worked example of docs/bundle.md: an honest bundle from a demo day, what a supervisor
// brings (the checkpoints their tablet kept, the head written down by hand, the ceremony fingerprints),
// a tampered copy, and the verification report expected of each.
// Run: node --import tsx test/support/make-example.ts   (the files are committed as test vectors)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SHEET_ROLES, checkpointText, competitionRanks, panelScore, verifyBundle, type Bundle } from '@exam/shared';
import { honestDay } from './scenario';
import { exampleOptions } from './example-records';
import { supervisorsBundleText } from '@exam/server';
import { resign } from './tampering';
import { closeFiguresOf, closeLine } from './close-figures';

const out = (f: string) => fileURLToPath(new URL(`../../docs/examples/${f}`, import.meta.url));
const day = await honestDay();
try {
  const last = day.bundle.body.log.at(-1)!;
  writeFileSync(out('bundle.json'), JSON.stringify(day.bundle, null, 1));
  writeFileSync(out('kept-checkpoints.json'), JSON.stringify(day.kept, null, 1));
  writeFileSync(out('written-checkpoints.txt'), `${checkpointText(last.seq, last.hash)}\n`);
  writeFileSync(out('ceremony-fingerprints.txt'), day.bundle.body.devices.filter((d) => (SHEET_ROLES as readonly string[]).includes(d.role ?? '')).map((d) => `${d.fingerprint}  ${d.person ?? d.role}`).join('\n') + '\n');
  writeFileSync(out('supervisors-bundle.json'), supervisorsBundleText(day.records));
  // The evaluation's ceremony sheet: each card list as `exam ballot-codes` printed it, one a line.
  writeFileSync(out('ballot-lists.txt'), day.ballotLists.map((l) => `${l.evaluationId}/${l.group}: ${l.count}: ${l.hash}`).join('\n') + '\n');
  // What the supervisors wrote at each evaluation's close: per group, cards handed out, missing and unused.
  const closes = closeFiguresOf(day.bundle.body.log).map(closeLine);
  writeFileSync(out('ballot-closes.txt'), closes.join('\n') + '\n');
  const records = exampleOptions();
  writeFileSync(out('bundle.report.json'), JSON.stringify(await verifyBundle(day.bundle, records), null, 1));
  // The tampered copy: the server, holding its own key, drops the countersigned correction so that the
  // sheet it replaced counts again, publishes the score that gives, and re-signs the bundle.
  const tampered = structuredClone(day.bundle) as Bundle;
  const d = tampered.body.days[0]!;
  const fix = d.sheets.find((s) => s.sheet.replaces && s.countersign)!;
  d.sheets.splice(d.sheets.indexOf(fix), 1);
  const replaced = new Set(d.sheets.flatMap((s) => (s.countersign ? [s.sheet.replaces] : [])));
  const rows = tampered.body.results.interview[d.id]!;
  const row = rows.find((r) => r.lot === fix.sheet.lot)!;
  const { sheetHash } = await import('@exam/shared');
  row.score = panelScore(d.sheets.filter((s) => s.sheet.lot === row.lot && !replaced.has(sheetHash(s.sheet))).map((s) => s.sheet.total)).score;
  for (const room of new Set(rows.map((r) => r.room))) for (const [r, k] of competitionRanks(rows.filter((x) => x.room === room), (x) => x.score)) r.rank = k;
  resign(tampered, { signObject: (type, o) => day.t.server.ctx.serverKey.signObject(type, o) });
  writeFileSync(out('bundle-tampered.json'), JSON.stringify(tampered, null, 1));
  writeFileSync(out('bundle-tampered.report.json'), JSON.stringify(await verifyBundle(tampered, records), null, 1));
  console.log('example written');
} finally {
  await day.close();
}
