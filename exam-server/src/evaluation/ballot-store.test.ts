import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Utf8Store } from '@exam/shared';
import { BallotStore } from './ballot-store';

/**
 * The SQLite ballot store with its writer thread: what is acknowledged is stored, a second ballot
 * under a key is told apart from the same one again, and an evaluation's close — which has the writer
 * let go of the file while it is rewritten — loses none of another evaluation's ballots cast meanwhile.
 */
describe('the ballot store (SQLite, a writer thread)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const store = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ballot-store-'));
    dirs.push(dir);
    return { dir, box: new BallotStore(dir) };
  };
  const key = (i: number) => `k${String(i).padStart(5, '0')}`;

  it('stores each ballot once, durably, and says when a key has one already', async () => {
    const { box } = store();
    expect(await Promise.all([box.add('ev-a', key(1), '{"a":1}', 's1'), box.add('ev-a', key(2), '{"a":2}', 's2')])).toEqual([true, true]);
    expect(await box.add('ev-a', key(1), '{"a":9}', 's9')).toBe(false);
    expect(await box.get('ev-a', key(1))).toEqual({ ballotJson: '{"a":1}', signature: 's1' });
    expect((await box.settings()).map((s) => s.synchronous)).toEqual([2, 2]);
    await box.close();
  });

  it('a text handed over as its place in a shared buffer is stored as that text, byte for byte', async () => {
    const { box } = store();
    const texts = new Utf8Store();
    const jsons = ['{"group":"领导班子成员","n":1}', '{"a":"\u2028 é"}', `{"long":"${'x'.repeat(9000)}"}`];
    const places = jsons.map((j) => texts.keep(j));
    expect(places.every((p) => p.buffer instanceof SharedArrayBuffer)).toBe(true);
    // The text given beside the place is not what is stored: the place is (as the writer thread reads it).
    expect(await Promise.all(jsons.map((_, i) => box.add('ev-a', key(i), 'not this', `s${i}`, places[i])))).toEqual([true, true, true]);
    for (const [i, j] of jsons.entries()) expect((await box.get('ev-a', key(i)))?.ballotJson).toBe(j);
    // A text not in a shared buffer is sent as text.
    expect(await box.add('ev-a', key(9), '{"plain":true}', 's9', new TextEncoder().encode('{"other":1}'))).toBe(true);
    expect((await box.get('ev-a', key(9)))?.ballotJson).toBe('{"plain":true}');
    await box.close();
  });

  it('closes one evaluation while another’s ballots keep coming: every acknowledged one is kept, the closed one’s are gone', async () => {
    const { dir, box } = store();
    await Promise.all(Array.from({ length: 200 }, (_, i) => box.add('ev-a', key(i), `{"a":${i}}`, `sa${i}`)));
    // Ballots of ev-b sent without pause by ten casters, before, during and after ev-a's close and rewrite.
    let casting = true;
    let closing = false;
    let sentWhileClosing = 0;
    const acknowledged: string[] = [];
    const casters = Array.from({ length: 10 }, async (_, c) => {
      for (let i = 0; casting; i++) {
        const k = key(c * 10_000 + i);
        if (closing) sentWhileClosing++;
        if (await box.add('ev-b', k, `{"b":"${k}"}`, `sb-${k}`)) acknowledged.push(k);
      }
    });
    await new Promise((r) => setTimeout(r, 30));
    await box.stop('ev-a');
    closing = true;
    await box.forget('ev-a');
    closing = false;
    await new Promise((r) => setTimeout(r, 30));
    casting = false;
    await Promise.all(casters);
    expect(sentWhileClosing).toBeGreaterThan(0);
    expect(await box.holdsAny('ev-a')).toBe(false);
    // The file written afresh is its owner's alone, as the one it replaced.
    expect(statSync(join(dir, 'ballots.db')).mode & 0o777).toBe(0o600);
    const kept = (await box.all('ev-b')).map((b) => b.key);
    expect(kept).toEqual([...acknowledged].sort());
    await box.close();
    // Closed: beside the file at most its journal, cut to nothing (journal_mode TRUNCATE), its owner's alone.
    expect(readdirSync(dir).filter((f) => f.startsWith('ballots.db') && f !== 'ballots.db-journal')).toEqual(['ballots.db']);
    const journal = join(dir, 'ballots.db-journal');
    if (existsSync(journal)) expect([statSync(journal).size, statSync(journal).mode & 0o777]).toEqual([0, 0o600]);
  });
});
