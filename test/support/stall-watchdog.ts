import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Reporter, TestCase, TestModule } from 'vitest/node';

/**
 * A test file that runs far longer than any file does is stuck, and a file stuck where no timer
 * can fire (a loop or a blocking call in the test's own thread, where vitest's timeouts cannot
 * reach) would hold the whole run until CI gives up on it, saying nothing. This reporter, in
 * vitest's own process, notices such a file, prints what it was doing — the file, the test and how
 * long each has run, the processes under vitest with their state, and the stacks of their threads
 * (gdb, where the machine has it) — and then ends the stuck worker, which vitest reports as that
 * file's failure, so that the run goes on and ends with its closing line.
 *
 * The limit: EXAM_TEST_STALL_MINUTES (10 by default; the slowest file takes under two).
 *
 * The report goes out when the file is ended, in the middle of a long run's output, where a log
 * that keeps only its end loses it; so the run's end says again, just before the closing line,
 * every file ended so and every file that never finished otherwise (its worker died by itself: out
 * of memory, a crash), with the test it was in.
 */

export default class StallWatchdog implements Reporter {
  private readonly limitMs = Number(process.env.EXAM_TEST_STALL_MINUTES ?? 10) * 60_000;
  /** The files being loaded or run, by project and path (vitest may hand a file's later events another object). */
  private readonly modules = new Map<string, { module: TestModule; since: number }>();
  private readonly cases = new Map<TestCase, number>();
  private readonly reported = new Set<string>();
  /** A line for each file ended as stuck, said again at the run's end. */
  private readonly ended: string[] = [];
  private timer: NodeJS.Timeout | undefined;

  onTestRunStart(): void {
    this.timer = setInterval(() => this.check(), Math.min(30_000, Math.max(1000, this.limitMs / 4)));
    this.timer.unref();
  }

  onTestRunEnd(): void {
    clearInterval(this.timer);
    // What is still here never ended: stuck and ended by this reporter, or its worker died by itself.
    const lines = [...this.ended];
    for (const [k, { module: m }] of this.modules) {
      if (this.reported.has(k)) continue;
      const inTests = [...this.cases].filter(([c]) => key(c.module) === k).map(([c]) => ` in test “${c.fullName}”`).join(',');
      lines.push(`  file ${name(m)} never finished (its worker died by itself${inTests}: a crash, or out of memory; see its output above)`);
    }
    if (lines.length > 0) process.stdout.write(`\nNOT FINISHED: test files whose worker was ended or died:\n${lines.join('\n')}\n`);
  }

  // From when its worker begins to load it: a file can be stuck loading, before any test of it starts.
  onTestModuleQueued(module: TestModule): void {
    this.modules.set(key(module), { module, since: Date.now() });
  }

  onTestModuleEnd(module: TestModule): void {
    this.modules.delete(key(module));
    for (const c of this.cases.keys()) if (key(c.module) === key(module)) this.cases.delete(c);
  }

  onTestCaseReady(test: TestCase): void {
    this.cases.set(test, Date.now());
  }

  onTestCaseResult(test: TestCase): void {
    this.cases.delete(test);
  }

  private check(): void {
    const now = Date.now();
    const stuck = [...this.modules].filter(([k, { since }]) => now - since > this.limitMs && !this.reported.has(k));
    if (stuck.length === 0) return;
    const tree = descendants(process.pid);
    // The workers are vitest's own children running its fork entry; everything they started is below them.
    const workers = tree.filter((p) => p.ppid === process.pid && /vitest/.test(p.command));
    // Where each worker is, and which file it runs: its inspector says (js-stack.mjs), unless its thread is blocked outside JavaScript.
    const where = new Map(workers.map((w) => [w.pid, [...javascriptStack(w.pid), ...stacks(w.pid)]]));
    const runs = new Map(workers.map((w) => [w.pid, runningFile(where.get(w.pid)!)]));
    const unknown = workers.filter((w) => runs.get(w.pid) === null);
    const toEnd = new Set<Proc>();
    const lines = ['', `STALLED: no test file runs this long (limit ${minutes(this.limitMs)}, EXAM_TEST_STALL_MINUTES); what was running:`];
    for (const [k, { module: m, since }] of stuck) {
      this.reported.add(k);
      lines.push(`  file ${name(m)}, for ${minutes(now - since)}`);
      // Its worker: the one that says it runs this file; failing that, one that cannot say (blocked outside JavaScript).
      const own = workers.filter((w) => runs.get(w.pid) === `${m.project.name}\0${m.moduleId}`);
      const owners = own.length > 0 ? own : unknown;
      const tests = [...this.cases].filter(([c]) => key(c.module) === k);
      for (const [c, at] of tests) lines.push(`    test “${c.fullName}”, for ${minutes(now - at)}`);
      let inTests = tests.map(([c]) => ` in test “${c.fullName}”`).join(',');
      // The worker tells vitest of a test's start a little later, and not always before it is stuck: then
      // the worker's own state (its inspector, js-stack.mjs) names the test, if one has started.
      const said = tests.length === 0 ? own.map((w) => runningTest(where.get(w.pid)!)).find((t) => t !== null) : undefined;
      if (said) {
        lines.push(`    test “${said}” (its worker says so; vitest has not heard of its start)`);
        inTests = ` in test “${said}”`;
      } else if (tests.length === 0) lines.push('    (which test: not yet heard from its worker; see its stack below)');
      if (owners.length === 0) {
        // vitest never ends a file whose worker died: its worker is gone, and nothing is to be ended for it.
        lines.push('    (no worker runs it any more: its worker died by itself, a crash or out of memory; its output is above)');
        this.ended.push(`  file ${name(m)} never finished (its worker died by itself${inTests}: a crash, or out of memory; see its output above)`);
        continue;
      }
      for (const w of owners) toEnd.add(w);
      this.ended.push(`  file ${name(m)} stuck for ${minutes(now - since)}, ended${inTests || ' while loading'}; what it was doing is above, after "STALLED"`);
    }
    lines.push('  processes under vitest (pid, parent, state, kernel wait, CPU seconds, command):');
    for (const p of tree) lines.push(`    ${p.pid} ${p.ppid} ${p.state} ${p.wchan || '-'} ${p.cpuSeconds.toFixed(1)} ${p.command.slice(0, 200)}`);
    for (const w of workers) lines.push(...where.get(w.pid)!);
    process.stdout.write(`${lines.join('\n')}\n`);
    if (toEnd.size === 0) return;
    for (const w of toEnd) {
      // The worker's own children first (servers, browsers), then the worker: vitest then reports the file as failed and goes on.
      for (const p of tree) if (p.pid !== w.pid && isBelow(tree, p.pid, w.pid)) kill(p.pid);
      kill(w.pid);
    }
    process.stdout.write(`STALLED: ended ${toEnd.size} worker(s): ${[...toEnd].map((w) => w.pid).join(', ')}\n`);
  }
}

/** The test a worker says it runs (js-stack.mjs: `in <pid>: test “…”`), or null while it loads its file or cannot say. */
function runningTest(report: string[]): string | null {
  for (const line of report) {
    const m = /^\s*in \d+: test “(.*)”; file /.exec(line);
    if (m) return m[1]!;
  }
  return null;
}

/** The project and file a worker runs, as `project\0path`, from what js-stack.mjs printed of it; null if it could not say. */
function runningFile(report: string[]): string | null {
  for (const line of report) {
    const m = /^\s+runs (\{.*\})$/.exec(line);
    if (m) {
      const { project, file } = JSON.parse(m[1]!) as { project: string; file: string };
      return `${project}\0${file}`;
    }
  }
  return null;
}

const key = (m: TestModule) => `${m.project.name}\0${m.moduleId}`;
const name = (m: TestModule) => `${m.project.name ? `${m.project.name} › ` : ''}${m.relativeModuleId}`;
const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;

interface Proc {
  pid: number;
  ppid: number;
  state: string;
  wchan: string;
  cpuSeconds: number;
  command: string;
}

function readProc(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields after it start at the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = 100; // USER_HZ on Linux
    const wchan = existsSync(`/proc/${pid}/wchan`) ? readFileSync(`/proc/${pid}/wchan`, 'utf8').trim() : '';
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid: Number(f[1]), state: f[0]!, wchan: wchan === '0' ? '' : wchan, cpuSeconds: (Number(f[11]) + Number(f[12])) / ticks, command };
  } catch {
    return null; // gone, or not Linux
  }
}

/** Every process below `root` (Linux /proc; an empty list elsewhere). */
export function descendants(root: number): Proc[] {
  if (!existsSync('/proc/self/stat')) return [];
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readProc(Number(d)))
    .filter((p): p is Proc => p !== null);
  const below = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) if (!below.has(p.pid) && below.has(p.ppid)) (below.add(p.pid), (grew = true));
  }
  return all.filter((p) => p.pid !== root && below.has(p.pid));
}

function isBelow(tree: Proc[], pid: number, ancestor: number): boolean {
  const parent = new Map(tree.map((p) => [p.pid, p.ppid]));
  for (let p = parent.get(pid); p !== undefined; p = parent.get(p)) if (p === ancestor) return true;
  return false;
}

/** The native stacks of every thread of a process, by gdb where the machine has it: where a thread blocks or loops. */
function stacks(pid: number): string[] {
  const gdb = spawnSync('gdb', ['-p', String(pid), '-batch', '-nx', '-ex', 'thread apply all bt 30'], { encoding: 'utf8', timeout: 90_000 });
  if (gdb.error) return [`  (no stacks of ${pid}: ${gdb.error.message})`];
  return [`  threads of ${pid} (gdb):`, ...gdb.stdout.split('\n').filter((l) => /^Thread|^#/.test(l)).map((l) => `    ${l.slice(0, 220)}`)];
}

/** The JavaScript stack of a worker's thread, by its inspector (js-stack.mjs): where a loop or a synchronous call holds it. */
function javascriptStack(pid: number): string[] {
  const script = fileURLToPath(new URL('./js-stack.mjs', import.meta.url));
  // WebSocket is a global from Node 22; Node 20 has it behind a flag.
  const flags = Number(process.versions.node.split('.')[0]) < 22 ? ['--experimental-websocket'] : [];
  const r = spawnSync(process.execPath, [...flags, script, String(pid)], { encoding: 'utf8', timeout: 30_000 });
  return (r.stdout || `  (no JavaScript stack of ${pid}: ${r.error?.message ?? r.stderr.trim()})`).trimEnd().split('\n');
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
