// The PostgreSQL server the PostgreSQL tests run against (docs/postgresql.md), found, installed or
// started by `npm test` (scripts/bootstrap.mjs). Run alone (`node scripts/postgres-for-tests.mjs`)
// it does the same, leaves it running, and prints what it found.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * The PostgreSQL tests (docs/postgresql.md) need a server and a role that may create databases.
 * EXAM_TEST_POSTGRES names one (postgres://user:password@host:port/db); otherwise Debian's
 * cluster on this machine is used, installed (as root, with apt-get) and started if need be, with the
 * role `exam` made in it. Returns how to stop what was started here, or the reason there is no
 * server: its tests are then reported skipped, with that reason — unless EXAM_REQUIRE_POSTGRES=1
 * (CI), where no server is a failure.
 */
export function ensurePostgres(env) {
  const quiet = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env, ...opts });
  const has = (cmd) => quiet('sh', ['-c', `command -v ${cmd}`]).status === 0;
  const reachable = () => quiet(process.execPath, ['-e', `
    const pg = require('pg');
    const c = new pg.Client({ connectionString: process.env.EXAM_TEST_POSTGRES });
    c.connect().then(() => c.query('select 1')).then(() => c.end()).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); });
  `], { cwd: join(root, 'test') });
  if (env.EXAM_TEST_POSTGRES) {
    const r = reachable();
    return r.status === 0 ? { stop: () => undefined } : { skip: `no PostgreSQL at EXAM_TEST_POSTGRES: ${(r.stderr || '').trim()}` };
  }
  env.EXAM_TEST_POSTGRES = 'postgres://exam:exam@127.0.0.1:5432/postgres';
  if (reachable().status === 0) return { stop: () => undefined };
  if (!has('pg_lsclusters')) {
    if (!(isRoot && existsSync('/usr/bin/apt-get'))) return { skip: 'PostgreSQL is not installed (Debian: apt-get install postgresql), and EXAM_TEST_POSTGRES names none' };
    console.log('Installing PostgreSQL for the PostgreSQL tests (apt-get)…');
    const up = quiet('apt-get', ['update', '-qq']);
    const inst = up.status === 0 ? quiet('apt-get', ['install', '-y', '-qq', 'postgresql'], { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } }) : up;
    if (inst.status !== 0) return { skip: `apt-get install postgresql failed: ${(inst.stderr || '').trim().split('\n').pop()}` };
  }
  const cluster = quiet('pg_lsclusters', ['-h']).stdout.trim().split('\n').map((l) => l.split(/\s+/)).find((f) => f.length >= 4);
  if (!cluster) return { skip: 'PostgreSQL is installed but has no cluster (pg_createcluster)' };
  const [version, name, port, status] = cluster;
  if (port !== '5432') env.EXAM_TEST_POSTGRES = `postgres://exam:exam@127.0.0.1:${port}/postgres`;
  let stop = () => undefined;
  if (status !== 'online') {
    if (!isRoot) return { skip: `the PostgreSQL cluster ${version}/${name} is down, and only root may start it here` };
    const started = quiet('pg_ctlcluster', [version, name, 'start']);
    if (started.status !== 0) return { skip: `pg_ctlcluster ${version} ${name} start failed: ${(started.stderr || '').trim()}` };
    stop = () => void quiet('pg_ctlcluster', [version, name, 'stop']);
  }
  if (isRoot) {
    // The tests' role: it makes a database per test; reading the WAL is how the anonymity test checks what it holds.
    const psql = (sql) => quiet('su', ['postgres', '-c', `psql -p ${port} -v ON_ERROR_STOP=1 -c "${sql}"`], { cwd: '/' });
    psql("create user exam password 'exam' createdb");
    // pg_signal_backend: a test's database is dropped with the sessions still in it ended, and one of them may be an autovacuum worker's.
    psql('grant pg_monitor, pg_read_server_files, pg_signal_backend to exam');
    psql('grant execute on function pg_read_binary_file(text, bigint, bigint) to exam');
  }
  const r = reachable();
  if (r.status !== 0) {
    stop();
    return { skip: `cannot connect to PostgreSQL as ${env.EXAM_TEST_POSTGRES.replace(/:[^:@/]*@/, ':***@')}: ${(r.stderr || '').trim()}` };
  }
  return { stop };
}


if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const env = { ...process.env };
  const r = ensurePostgres(env);
  console.log(r.skip ? `no PostgreSQL: ${r.skip}` : `PostgreSQL for the tests: ${env.EXAM_TEST_POSTGRES.replace(/:[^:@/]*@/, ':***@')}`);
}
