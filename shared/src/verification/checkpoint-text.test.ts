import { describe, expect, it } from 'vitest';
import { fingerprintLineProblems, parseFingerprintLines, parseKeptCheckpointFile } from './checkpoint-text';

describe('what supervisors bring, read as they wrote or exported it', () => {
  it('a fingerprint list: fingerprints as written (any case, with or without hyphens, a name after), notes and blank lines; anything else named by line', () => {
    const list = '# 仪式记录单 2026-12-01\n28S5-TDZA-Z4S4-KP1B  第二面试室考官2\n\nad6q0q5hvr3h8tmf 考官2\n';
    expect(fingerprintLineProblems(list)).toEqual([]);
    // The note line is not read as a fingerprint (it was, and step 4 would then have failed on it).
    expect(parseFingerprintLines(list)).toEqual(['28S5-TDZA-Z4S4-KP1B', 'ad6q0q5hvr3h8tmf']);
    const problems = fingerprintLineProblems('28S5-TDZA-Z4S4-KP1B\n考官甲 28S5\n28S5-TDZA-Z4S4\nIL0U-TDZA-Z4S4-KP1B');
    // Too short, and letters Crockford's base 32 does not use (I, L, O, U): not fingerprints.
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(problems[0]).toEqual({ line: 2, en: '“考官甲” is not a fingerprint (16 characters in four groups of four, e.g. 7K2M-9QXD-4HRT-BN3W)', zh: '“考官甲”不是密钥指纹（指纹为 16 个字符，分 4 组，每组 4 个，例如 7K2M-9QXD-4HRT-BN3W）' });
  });

  it('a tablet’s checkpoint file: its entries; not JSON, not a list, or an entry that is not a cosigned checkpoint, each said so', () => {
    const entry = { checkpoint: { seq: 385, hash: 'ab'.repeat(32), phase: 'paper opened' }, supervisorKey: 'k', signature: 's' };
    expect(parseKeptCheckpointFile(`\uFEFF${JSON.stringify([entry])}`)).toEqual({ entries: [entry] });
    const said = (text: string) => {
      const r = parseKeptCheckpointFile(text);
      return 'entries' in r ? 'read' : r.en.split(':')[0];
    };
    expect(said('# README')).toBe('it is not JSON');
    expect(said(JSON.stringify({ body: {}, signature: 's' }))).toBe('it is not a list');
    expect(said(JSON.stringify([entry, { ...entry, checkpoint: { ...entry.checkpoint, hash: 'ab'.repeat(16) } }]))).toBe('its entry 2 is not a cosigned checkpoint');
    expect(said(JSON.stringify([{ ...entry, signature: undefined }]))).toBe('its entry 1 is not a cosigned checkpoint');
  });
});
