import { readFileSync } from 'node:fs';
import { fromHex } from '../src/encoding/bytes';

interface WycheproofGroup {
  publicKey: { pk: string };
  tests: Array<{ tcId: number; msg: string; sig: string; result: 'valid' | 'invalid' }>;
}

/** The 151 Ed25519 cases of Wycheproof's ed25519_test.json, for every verify path's tests. */
export const wycheproofCases: Array<{ tcId: number; pk: Uint8Array; msg: Uint8Array; sig: Uint8Array; valid: boolean }> = (
  JSON.parse(readFileSync(new URL('./ed25519-wycheproof/ed25519_test.json', import.meta.url), 'utf8')).testGroups as WycheproofGroup[]
).flatMap((g) => g.tests.map((t) => ({ tcId: t.tcId, pk: fromHex(g.publicKey.pk), msg: fromHex(t.msg), sig: fromHex(t.sig), valid: t.result === 'valid' })));
