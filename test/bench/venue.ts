import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startExamServer, type RunningServer } from '@exam/server';
import { connectDesk, type Device } from '../support/clients';
import { admitted } from '../support/selection-flow';
import { databaseOn, dropDatabaseOn } from '../support/store';

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
