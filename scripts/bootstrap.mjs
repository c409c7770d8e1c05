#!/usr/bin/env node
// The two commands a new user runs (`npm start`, `npm test`) come here. Needs only Node ≥ 20.19
// and npm: pnpm is fetched at a pinned version, dependencies installed, the apps built.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePostgres } from './postgres-for-tests.mjs';
import { SERVER_NODE_FLAGS } from './server-flags.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM = 'pnpm@12.21.0';
const [task, ...rest] = process.argv.slice(2).filter((a) => a !== '--');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Node ${process.versions.node} is too old: this product needs Node 20.19 or newer.`);
  process.exit(1);
}

const env = { ...process.env };
// better-sqlite3 compiles when no prebuilt binary can be downloaded; node-gyp then needs Node's
// headers, which some machines have under /usr/include/node and cannot download.
if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env, ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const pnpm = (...args) => run('npx', ['-y', PNPM, ...args]);

function findChromium() {
  if (env.CHROMIUM_PATH && existsSync(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
}

const hasCommand = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

function ensureTestTools() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // Redis, for the one test of broadcasts over Redis (skipped without it): installed with Chromium when we can.
  const redis = hasCommand('redis-server') ? [] : ['redis-server'];
  if (findChromium() && (redis.length === 0 || !isRoot)) return;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    const browser = findChromium() ? [] : ['chromium', 'fonts-noto-cjk'];
    console.log(`Installing ${[...browser, ...redis].join(', ')} for the tests (apt-get)…`);
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', ...browser, ...redis], { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
    return;
  }
  if (findChromium()) return;
  console.error('The browser tests need Chromium: install it (Debian: apt-get install chromium fonts-noto-cjk) or set CHROMIUM_PATH.');
  process.exit(1);
}

pnpm('install', ...(env.CI ? ['--frozen-lockfile'] : []));
if (task === 'start') {
  pnpm('build');
  // The built server (exam-server/dist), as a venue runs it: it starts again faster than through tsx.
  run(process.execPath, [...SERVER_NODE_FLAGS, '--enable-source-maps', 'exam-server/dist/exam.mjs', 'start', '--demo', '--demo-selection', ...rest]);
} else if (task === 'test') {
  ensureTestTools();
  pnpm('build');
  pnpm('typecheck');
  const postgres = ensurePostgres(env);
  if (postgres.skip) {
    if (env.EXAM_REQUIRE_POSTGRES === '1') {
      console.error(`The PostgreSQL tests are required here (EXAM_REQUIRE_POSTGRES=1): ${postgres.skip}`);
      process.exit(1);
    }
    console.log(`PostgreSQL tests skipped: ${postgres.skip}`);
    env.EXAM_TEST_POSTGRES_SKIP = postgres.skip;
  }
  // `exec vitest run`: vitest itself, once through and out, in a terminal too (plain `vitest` there
  // would watch for changes). Not `pnpm vitest`: that runs package.json's "vitest" script, which
  // already says `run`, and `vitest run run` finds no test file named "run".
  const vitest = spawn('npx', ['-y', PNPM, 'exec', 'vitest', 'run', ...rest], { cwd: root, stdio: 'inherit', env });
  const deadline = stopAfter(vitest, Number(env.EXAM_TEST_DEADLINE_MINUTES ?? 75));
  vitest.on('exit', (code) => {
    clearTimeout(deadline);
    postgres.stop?.();
    process.exit(code ?? 1);
  });
} else {
  console.error('usage: node scripts/bootstrap.mjs start|test');
  process.exit(2);
}

/**
 * The whole run's bound: a run takes about half an hour; one that goes on past `minutes` is stuck
 * where the tests' own watchdog (test/support/stall-watchdog.ts) cannot see, so what is running is
 * printed and it is ended, failed, rather than left to run until someone notices.
 */
function stopAfter(child, minutes) {
  const timer = setTimeout(() => {
    console.error(`\nThe tests have run for ${minutes} minutes (EXAM_TEST_DEADLINE_MINUTES): ending them. What was running:`);
    const tree = treeOf(child.pid);
    spawnSync('ps', ['-o', 'pid,ppid,stat,wchan:24,etime,time,args', '-p', tree.join(',')], { stdio: 'inherit' });
    for (const pid of tree.reverse()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }, minutes * 60_000);
  timer.unref();
  return timer;
}

/** A process and every process below it, parents first (Linux and macOS `ps`). */
function treeOf(pid) {
  const rows = spawnSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).stdout.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [p, pp] of rows) if (pp === tree[i]) tree.push(p);
  return tree;
}
