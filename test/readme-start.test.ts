import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { freePort } from './support/process';
import { SERVER_NODE_FLAGS } from '../scripts/server-flags.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** PATH without any folder that holds a pnpm: the README's commands must fetch their own. */
function pathWithoutPnpm(): string {
  const has = (dir: string) => {
    try {
      accessSync(join(dir, 'pnpm'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  return (process.env.PATH ?? '').split(delimiter).filter((d) => d && !has(d)).join(delimiter);
}

/** The command line of the process of group `group` that runs the built server (Linux: /proc), or null. */
function serverCommandLine(group: number): string[] | null {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const pgrp = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]);
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (pgrp === group && argv.some((a) => a.endsWith('exam-server/dist/exam.mjs'))) return argv;
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

/**
 * The README's first command, as a new user types it, on a fresh clone of what is committed, with
 * no pnpm on the PATH: `npm start` (options after `--`) installs, builds and runs the server on a
 * SQLite file with the demo, and the desk it prints the code of opens in Chromium.
 */
describe('the README’s first command on a fresh clone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exam-readme-'));
  let proc: ChildProcess | undefined;
  afterAll(() => {
    // npm, the bootstrap, npx, pnpm and the server: the whole group.
    if (proc?.pid && proc.exitCode === null) process.kill(-proc.pid, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('`npm start -- --port … --data …` runs the demo, and the desk opens with the code it prints', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme.split('\n').slice(0, 6).join('\n')).toMatch(/^npm start {2,}#/m);
    const clone = join(dir, 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${root}`, clone]);
    const port = await freePort();
    const PATH = pathWithoutPnpm();
    expect(() => execFileSync('pnpm', ['--version'], { env: { ...process.env, PATH }, stdio: 'pipe' })).toThrow();
    proc = spawn('npm', ['start', '--', '--port', String(port), '--data', join(dir, 'data'), '--no-https'], {
      cwd: clone,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PATH, EXAM_LANG: 'en', CI: '' },
    });
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const deskCode = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start printed no desk code in 4 minutes:\n${out.slice(-3000)}`)), 240_000);
      const look = () => {
        const m = /desk access code (\S+)/.exec(out);
        if (m && /keyholder 3: \S+/.test(out)) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      proc!.stdout!.on('data', look);
      proc!.once('exit', (code) => (clearTimeout(timer), reject(new Error(`npm start exited with ${code}:\n${out.slice(-3000)}`))));
    });
    expect(out).toContain(`http://127.0.0.1:${port}/desk/`);
    // The server runs with the flags the benchmark measures it with (scripts/server-flags.mjs).
    expect(serverCommandLine(proc.pid!)).toEqual(expect.arrayContaining(SERVER_NODE_FLAGS));
    // The front page links every page of the venue, and each is served.
    const links = [...(await (await fetch(`http://127.0.0.1:${port}/`)).text()).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    expect(links).toEqual(['/kiosk/', '/desk/', '/desk/#/marking', '/desk/#/interview', '/desk/#/tablet', '/desk/#/lot', '/desk/#/organiser', '/desk/#/review', '/notice/']);
    for (const l of links) expect([l, (await fetch(`http://127.0.0.1:${port}${l}`)).status]).toEqual([l, 200]);
    const browser = await launchChromium();
    try {
      const desk = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
      desk.setDefaultTimeout(20_000);
      await desk.goto(`http://127.0.0.1:${port}/desk/`);
      await desk.fill('input[name=desk-code]', deskCode);
      await desk.click('button[type=submit]');
      await desk.getByText('演示笔试').first().waitFor();
      expect(await desk.getByTestId('session-state').textContent()).toBe('未开考');
    } finally {
      await browser.close();
    }
  }, 300_000);
});
