import { execFileSync, spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseArgs } from './store';

const root = fileURLToPath(new URL('../..', import.meta.url));
const built = join(root, 'exam-server/dist/exam.mjs');

function newestIn(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * How to run the `exam` command: the built server (`exam-server/dist/exam.mjs`, what `npm start`
 * runs; `pnpm build` makes it) when it is newer than every source file of the server and of
 * `shared`, otherwise the sources through tsx — never a build older than the code under test.
 */
export function examCommand(): string[] {
  if (existsSync(built)) {
    const at = statSync(built).mtimeMs;
    if (at > newestIn(join(root, 'exam-server/src')) && at > newestIn(join(root, 'shared/src'))) return ['--enable-source-maps', built];
  }
  return ['--import', 'tsx', 'exam-server/src/cli/main.ts'];
}

/**
 * How long a command a test waits for may take. Past it the test fails, naming the command, rather
 * than holding its worker — whose timers cannot fire while it waits — and with it the whole run.
 */
export const COMMAND_TIMEOUT_MS = 120_000;

/** What the `exam` command's runs in tests may set: its environment, and `stdio: 'pipe'` to keep its stderr out of the test's output. */
export interface ExamRunOptions {
  env?: NodeJS.ProcessEnv;
  stdio?: 'pipe';
}

const fromSources = (args: string[]) => ['--import', 'tsx', 'exam-server/src/cli/main.ts', ...args];

/** `exam …` from the sources, waited for: what it printed, or (a non-zero exit, or past COMMAND_TIMEOUT_MS) a throw carrying its output. */
export function execExam(args: string[], opts: ExamRunOptions = {}): string {
  return execFileSync(process.execPath, fromSources(args), { cwd: root, encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS, ...opts });
}

/** `exam …` from the sources, waited for, its exit status kept (`status`; null and `error` past COMMAND_TIMEOUT_MS). */
export function spawnExamSync(args: string[], opts: ExamRunOptions = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, fromSources(args), { cwd: root, encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS, ...opts });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/**
 * Starts the real CLI (`exam start`) as its own process, on the data folder's store under test, and waits until it prints its addresses
 * (the banner's first line is Chinese in either language). It speaks English unless `extra` says
 * `--lang zh`: the machine's own language must not decide a test.
 */
export async function spawnServer(dataDir: string, port: number, extra: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...examCommand(), 'start', '--data', dataDir, ...(await databaseArgs(dataDir)), '--port', String(port), '--no-https', ...extra], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, EXAM_LANG: 'en' },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    const check = () => {
      if (out.includes('考务服务器已启动')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  // Demo printing follows the banner in the same write; give it a moment to arrive.
  await new Promise((r) => setTimeout(r, 100));
  return { child, url: `http://127.0.0.1:${port}`, output: () => out };
}

export function kill(p: ServerProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null) return resolve();
    p.child.once('exit', () => resolve());
    p.child.kill(signal);
  });
}

/** What `exam start --demo` prints for the people at the venue: the desk access code and the paper's share codes. */
export function demoPrinted(p: ServerProcess): { deskCode: string; shares: string[] } {
  const out = p.output();
  return { deskCode: /desk access code (\S+)/.exec(out)![1]!, shares: [...out.matchAll(/keyholder \d: (\S+)/g)].map((m) => m[1]!) };
}
