// Writes the worked example of docs/bundle.md: an honest bundle from a demo day, the checkpoints a
// supervisor's tablet kept, a tampered copy, and the verification report expected of each.
// Run: node --import tsx test/support/make-example.ts   (the files are committed as test vectors)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleHash, objectHash, verifyBundle } from '@exam/shared';
import { honestDay } from './scenario';

const out = (f: string) => fileURLToPath(new URL(`../../docs/examples/${f}`, import.meta.url));
const day = await honestDay();
try {
  const kept = day.kept;
  const keptOpt = { checkpoints: kept.map((k) => ({ ...k.checkpoint, supervisorKey: k.supervisorKey, signature: k.signature })) };
  writeFileSync(out('bundle.json'), JSON.stringify(day.bundle, null, 1));
  writeFileSync(out('kept-checkpoints.json'), JSON.stringify(kept, null, 1));
  writeFileSync(out('bundle.report.json'), JSON.stringify(await verifyBundle(day.bundle, { kept: keptOpt }), null, 1));
  // The tampered copy: one examiner's total raised by 5 points on one sheet, and the server re-signs.
  const tampered = JSON.parse(JSON.stringify(day.bundle));
  const sheet = tampered.body.days[0].sheets.find((s: { state: string }) => s.state === 'current').sheet;
  sheet.items[0].score += 500;
  sheet.total += 500;
  tampered.signature = day.t.server.ctx.serverKey.signObject('bundle-statement', { bundleHash: bundleHash(tampered.body, objectHash) });
  writeFileSync(out('bundle-tampered.json'), JSON.stringify(tampered, null, 1));
  writeFileSync(out('bundle-tampered.report.json'), JSON.stringify(await verifyBundle(tampered, { kept: keptOpt }), null, 1));
  console.log('example written');
} finally {
  await day.close();
}
