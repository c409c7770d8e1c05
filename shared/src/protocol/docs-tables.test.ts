import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { OBJECT_TYPES } from './version';
import { LOG_ENTRY_TYPES } from './log-entries';
import { SIGNER_RULES } from './signers';
import { REQUESTS } from '../events/index';
import { STEPS } from '../verification/verify-bundle';

// The docs are what an outsider implements from: their tables of domain tags, messages, log entries,
// signers and verification steps are held here against the code, so neither can drift alone.
const doc = (f: string) => readFileSync(new URL(`../../../docs/${f}`, import.meta.url), 'utf8');
const protocol = doc('protocol.md');
const bundle = doc('bundle.md');
const section = (text: string, from: string, to: string) => text.slice(text.indexOf(from), text.indexOf(to, text.indexOf(from)));
const rows = (text: string) => text.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---')).map((l) => l.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '').trim()));
const code = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
const fields = (cell: string) => (code(cell)[0] ?? '').replace(/^\{\s*|\s*\}$/g, '').split(',').map((f) => f.trim()).filter(Boolean);

describe('the docs’ tables are the code’s', () => {
  it('protocol §3 lists every domain tag in use, and no other', () => {
    const tags = rows(section(protocol, '## 3. Domain tags', '## 4.')).map((r) => code(r[0]!)[0]).filter((t): t is string => !!t && t !== 'type');
    expect(new Set(tags).size).toBe(tags.length);
    expect([...tags].sort()).toEqual([...OBJECT_TYPES].sort());
  });

  it('protocol §13, §19 and §20 give every request with its roles and exactly the payload the server accepts', () => {
    const documented = new Map<string, { roles: string[]; payload: string[] }>();
    for (const r of rows(protocol)) {
      const name = code(r[0]!)[0];
      if (!name || !/^[a-z-]+:[a-z-]+$/.test(name) || r.length < 4) continue;
      expect(documented.has(name), `${name} is documented twice`).toBe(false);
      documented.set(name, { roles: r[1]!.split(',').map((x) => x.trim()), payload: fields(r[2]!) });
    }
    expect([...documented.keys()].sort()).toEqual(Object.keys(REQUESTS).sort());
    for (const [name, spec] of Object.entries(REQUESTS)) {
      const shape = (spec.schema as unknown as { shape: Record<string, z.ZodType> }).shape;
      const accepted = Object.entries(shape).map(([k, v]) => (v.safeParse(undefined).success ? `${k}?` : k));
      expect(documented.get(name)!.payload, `the payload of ${name}`).toEqual(accepted);
      expect([...documented.get(name)!.roles].sort(), `the roles of ${name}`).toEqual([...spec.roles].sort());
    }
  });

  it('protocol §11 lists every log entry type with exactly its payload members', () => {
    const table = rows(section(protocol, '## 11. The audit log', '## 12.')).filter((r) => code(r[0]!)[0]?.includes('.'));
    const documented = Object.fromEntries(table.map((r) => [code(r[0]!)[0]!, fields(r[1]!)]));
    expect(documented).toEqual(Object.fromEntries(Object.entries(LOG_ENTRY_TYPES).map(([k, v]) => [k, [...v]])));
  });

  it('bundle.md numbers the verification steps as the verifier does', () => {
    const ids = [...bundle.matchAll(/^\d+\. \*\*`(\d+-[a-z-]+)`\*\*/gm)].map((m) => m[1]);
    expect(ids).toEqual(STEPS.map(([id]) => id));
  });

  it('the README and bundle.md count the steps as the verifier has them', () => {
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const said = [...`${readme}\n${bundle}`.matchAll(new RegExp(`\\b(${words.join('|')}|\\d+)( numbered)? steps\\b`, 'g'))].map((m) => m[1]!);
    expect(said.length).toBeGreaterThanOrEqual(2);
    for (const n of said) expect(n, 'a count of the verification steps').toBe(words[STEPS.length]);
  });

  it('bundle.md’s table of signers is SIGNER_RULES', () => {
    const table = rows(section(bundle, '## Who signs what', '## Verification steps')).slice(1);
    for (const rule of Object.values(SIGNER_RULES)) {
      const row = table.find((r) => code(r[1]!).includes(rule.loggedAs[0]!));
      expect(row, `a row for ${rule.loggedAs[0]}`).toBeDefined();
      expect(code(row![1]!)).toEqual(expect.arrayContaining([...rule.loggedAs]));
      for (const role of rule.roles) expect(row![3]).toContain(role);
    }
    expect(table.length).toBe(Object.keys(SIGNER_RULES).length);
  });
});
