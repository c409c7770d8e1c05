import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EARLY_CODE_FLAGS, SERVER_NODE_FLAGS, YOUNG_GENERATION_FLAGS } from '../scripts/server-flags.mjs';

/**
 * The flags the server runs with are written in one place (scripts/server-flags.mjs), except in the
 * root package.json's scripts, which cannot import it: `npm run exam` runs the server and `npm run
 * bench` measures it, so each must start Node with exactly those flags, or the figures are of a
 * server nobody runs.
 */
describe('the server’s Node flags', () => {
  const scripts = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts;

  it.each(['exam', 'bench'])('the root script %s starts Node with the server’s flags, and no others', (name) => {
    const words = scripts[name]!.split(/\s+/);
    expect(words[0]).toBe('node');
    const flags = words.slice(1, words.indexOf('--import'));
    expect(flags).toEqual(SERVER_NODE_FLAGS);
  });

  it('are the young generation’s and the early code’s, each once', () => {
    expect(SERVER_NODE_FLAGS).toEqual([...YOUNG_GENERATION_FLAGS, ...EARLY_CODE_FLAGS]);
    expect(new Set(SERVER_NODE_FLAGS).size).toBe(SERVER_NODE_FLAGS.length);
    // This Node takes them (an unknown flag would stop the server from starting), and says nothing of them.
    const node = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, '-e', 'process.stdout.write("ran")'], { encoding: 'utf8' });
    expect({ status: node.status, stdout: node.stdout, stderr: node.stderr }).toEqual({ status: 0, stdout: 'ran', stderr: '' });
  });
});
