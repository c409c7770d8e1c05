import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startExamServer, type RunningServer } from '@exam/server';
import { SERVER_NODE_FLAGS } from '../../scripts/server-flags.mjs';
import { connectDesk, type Device } from '../support/clients';
import { examCommand, freePort } from '../support/process';
import { admitted } from '../support/selection-flow';
import { databaseOn, dropDatabaseOn } from '../support/store';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** `--database`: a PostgreSQL role that may create databases; each venue gets a database of its own on it (else SQLite). */
export const benchStore: { admin?: string } = {};

/**
 * A venue for one benchmark part: the real server in this process on a fresh data folder beside the
 * product's (the real filesystem), the desk signed in, and an organiser's console admitted. `close`
 * disconnects every device the part added to `devices` and removes the folder.
 */
export async function benchVenue(dataParent: string, prefix: string, now?: () => number): Promise<{ server: RunningServer; url: string; desk: Device; org: Device; devices: Device[]; close: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(dataParent, `bench-${prefix}-`));
  const database = benchStore.admin ? await databaseOn(benchStore.admin, dataDir) : undefined;
  const server = await startExamServer({ dataDir, database, httpPort: 0, httpsPort: false, ...(now ? { now } : {}) });
  const devices: Device[] = [];
  const close = async () => {
    for (const d of devices) d.close();
    await server.close();
    if (benchStore.admin) await dropDatabaseOn(benchStore.admin, dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const desk = await connectDesk(server.httpUrl, server.ctx.deskCode);
    devices.push(desk);
    const org = await admitted(server.httpUrl, desk, { role: 'organiser', person: '组织者' });
    devices.push(org);
    return { server, url: server.httpUrl, desk, org, devices, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** A server of the benchmark in a process of its own, and how to stop it. */
export interface SpawnedServer {
  child: ChildProcess;
  /** The processes whose processor time is the server's: the primary's and, with several, each process's. */
  pids: number[];
  url: string;
  deskCode: string;
  /** SIGTERM, resolved once it has exited (at once if it has already). */
  stop: () => Promise<void>;
}

/**
 * The product's own command (`exam start`, the built server when it is current: test/support/process.ts)
 * with the flags `npm start` gives it (scripts/server-flags.mjs), as `processes` processes on
 * PostgreSQL or one, on a data folder made ready beforehand. `BENCH_NODE_ARGS` adds Node flags (a
 * profile: `--cpu-prof`).
 */
export async function spawnBenchServer(dataDir: string, { database = '', processes = 1, redis }: { database?: string; processes?: number; redis?: string }): Promise<SpawnedServer> {
  const port = await freePort();
  const argv = [...SERVER_NODE_FLAGS, ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...examCommand(), 'start', '--data', dataDir, '--port', String(port), '--no-https'];
  const child = spawn(process.execPath, [...argv, ...(database ? ['--database', database] : []), ...(processes > 1 ? ['--processes', String(processes)] : []), ...(redis ? ['--redis', redis] : [])], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, EXAM_LANG: 'en' } });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const banner = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      // The banner's last line: the desk access code, then (several processes) their pids.
      if (/desk access code \S+/.test(out) && (processes === 1 || /processes\s+\d+ \(pid [\d, ]+\)/.test(out))) resolve(out);
    });
    child.once('exit', (c) => reject(new Error(`bench server exited ${c}:\n${out}`)));
  });
  child.stdout!.resume();
  const workers = processes > 1 ? /processes\s+\d+ \(pid ([\d, ]+)\)/.exec(banner)![1]!.split(', ').map(Number) : [];
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return { child, pids: [child.pid!, ...workers], url: `http://127.0.0.1:${port}`, deskCode: /desk access code (\S+)/.exec(banner)![1]!, stop };
}

/**
 * A venue whose server runs in a process of its own (`spawnBenchServer`), as at the venue: what the
 * benchmark measures of it — its processor time from /proc, its code compiled from cold at each run —
 * is the server's alone, not shared with the benchmark's own work. The desk signed in, an organiser's
 * console admitted. `reopen` gives the store to this process once the server has stopped (an
 * export); `close` stops everything and removes the folder.
 */
export async function spawnedVenue(dataParent: string, prefix: string): Promise<{ server: SpawnedServer; dataDir: string; desk: Device; org: Device; devices: Device[]; reopen: () => Promise<RunningServer>; close: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(dataParent, `bench-${prefix}-`));
  const database = benchStore.admin ? await databaseOn(benchStore.admin, dataDir) : undefined;
  const devices: Device[] = [];
  let server: SpawnedServer | undefined;
  let reopened: RunningServer | undefined;
  const close = async () => {
    for (const d of devices) d.close();
    await server?.stop();
    await reopened?.close();
    if (benchStore.admin) await dropDatabaseOn(benchStore.admin, dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    server = await spawnBenchServer(dataDir, { database });
    const desk = await connectDesk(server.url, server.deskCode);
    devices.push(desk);
    const org = await admitted(server.url, desk, { role: 'organiser', person: '组织者' });
    devices.push(org);
    const reopen = async () => {
      for (const d of devices) d.close();
      await server!.stop();
      reopened = await startExamServer({ dataDir, database, httpPort: 0, httpsPort: false, keepTime: false });
      return reopened;
    };
    return { server, dataDir, desk, org, devices, reopen, close };
  } catch (err) {
    await close();
    throw err;
  }
}
