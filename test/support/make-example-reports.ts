// Writes the expected reports of the committed example bundles again (docs/examples/*.report.json)
// from the bundles as they are, when the verifier's wording changes: the bundles, their keys and
// hashes stay as they were. (make-example.ts makes a whole new example.)
// Run: node --import tsx test/support/make-example-reports.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { verifyBundle } from '@exam/shared';
import { exampleOptions } from './example-records';

const at = (f: string) => fileURLToPath(new URL(`../../docs/examples/${f}`, import.meta.url));
for (const name of ['bundle', 'bundle-tampered']) {
  const report = await verifyBundle(JSON.parse(readFileSync(at(`${name}.json`), 'utf8')), exampleOptions());
  writeFileSync(at(`${name}.report.json`), JSON.stringify(report, null, 1));
}
