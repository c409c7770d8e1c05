import { describe, expect, it } from 'vitest';
import { combineShares, decodeShareCode, encodeShareCode, shareCommitment, shareMatchesCommitment, singleTypoCandidates, splitKey } from './shares';
import { equalBytes, randomBytes } from '../encoding/bytes';

describe('key shares', () => {
  it('any k of n rebuild the key, and the codes round-trip', async () => {
    const key = randomBytes(32);
    const shares = await splitKey(key, 'a1b2c3d4', 2, 3);
    const decoded = shares.map((s) => {
      const r = decodeShareCode(encodeShareCode(s));
      if (!r.ok) throw new Error(r.message);
      return r.share;
    });
    for (const pair of [[0, 1], [0, 2], [1, 2]] as const) {
      expect(equalBytes(await combineShares([decoded[pair[0]]!, decoded[pair[1]]!]), key)).toBe(true);
    }
    expect(decoded.map((s) => s.index)).toEqual([1, 2, 3]);
    expect(decoded[0]!.sealId).toBe('a1b2c3d4');
  });

  it('a code is 70 characters in groups of four and forgives case, spaces and I/L/O', async () => {
    const [s] = await splitKey(randomBytes(32), '00000001', 2, 2);
    const code = encodeShareCode(s!);
    expect(code.replace(/-/g, '')).toHaveLength(70);
    const sloppy = code.toLowerCase().replace(/-/g, ' ').replace(/1/g, 'l').replace(/0/g, 'o');
    const r = decodeShareCode(sloppy);
    expect(r.ok).toBe(true);
  });

  it('every single-character typo is caught by the checksum', async () => {
    const [s] = await splitKey(randomBytes(32), 'deadbeef', 3, 5);
    const code = encodeShareCode(s!).replace(/-/g, '');
    let caught = 0;
    for (let i = 0; i < code.length; i++) {
      const c = code[i] === 'A' ? 'B' : 'A';
      const r = decodeShareCode(code.slice(0, i) + c + code.slice(i + 1));
      if (!r.ok) caught++;
    }
    expect(caught).toBe(code.length);
    expect(decodeShareCode(code.slice(1))).toMatchObject({ ok: false, problem: 'share-code-malformed' });
    expect(decodeShareCode(code.slice(0, 10) + 'U' + code.slice(11))).toMatchObject({ ok: false, problem: 'share-code-malformed' });
  });

  it('finds the one group of four that holds a single typo', async () => {
    const shares = await splitKey(randomBytes(32), 'deadbeef', 2, 3);
    const code = encodeShareCode(shares[1]!).replace(/-/g, '');
    const typo = code.slice(0, 21) + (code[21] === 'Q' ? 'R' : 'Q') + code.slice(22);
    const fits = singleTypoCandidates(typo).filter((c) => shareMatchesCommitment(c.share, shareCommitment(shares[1]!)));
    expect(fits.map((f) => Math.floor(f.position / 4) + 1)).toEqual([6]);
  });

  it('commitments name a share that belongs to another position or seal', async () => {
    const shares = await splitKey(randomBytes(32), '01020304', 2, 3);
    const commitments = shares.map(shareCommitment);
    expect(shareMatchesCommitment(shares[1]!, commitments[1]!)).toBe(true);
    expect(shareMatchesCommitment(shares[1]!, commitments[0]!)).toBe(false);
    const other = await splitKey(randomBytes(32), '01020304', 2, 3);
    expect(shareMatchesCommitment(other[1]!, commitments[1]!)).toBe(false);
  });

  it('refuses impossible splits and short or mixed combinations', async () => {
    await expect(splitKey(randomBytes(32), '01020304', 1, 3)).rejects.toThrow();
    await expect(splitKey(randomBytes(32), '01020304', 2, 10)).rejects.toThrow();
    const a = await splitKey(randomBytes(32), '01020304', 3, 4);
    await expect(combineShares(a.slice(0, 2))).rejects.toThrow(/3 shares are needed/);
    await expect(combineShares([a[0]!, a[0]!, a[1]!])).rejects.toThrow(/twice/);
  });
});
