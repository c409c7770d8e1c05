import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExamServer, type RunningServer } from '@exam/server';
import { benchSession } from './support/bench-session';
import { connectDesk, type Device } from './support/clients';
import { databaseFor, dropDatabaseFor, onPostgres } from './support/store';

/**
 * Two servers on one PostgreSQL database (as the processes of `--processes` are): what one commits,
 * the other reads again from the feed of changes (docs/processes.md). A read that fails — the
 * database out of reach for a moment — must not leave the other behind for good: it reads
 * everything again until it has.
 */
describe.runIf(onPostgres)('the feed of changes between processes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'exam-changes-'));
  let a: RunningServer;
  let b: RunningServer;
  let shareCodes: string[];
  let desk: Device | undefined;
  beforeAll(async () => {
    const database = await databaseFor(dataDir);
    a = await startExamServer({ dataDir, database, httpPort: 0, httpsPort: false, keepTime: false });
    shareCodes = (await benchSession(a.ctx.db, { id: 'feed', kiosks: 2, seat: (i) => String(i + 1), prefix: 'F', durationMinutes: 30, lateEntryMinutes: 15 })).paperShares;
    // The session was written behind A's back: both read it as they start.
    await a.close();
    a = await startExamServer({ dataDir, database, httpPort: 0, httpsPort: false, keepTime: false });
    b = await startExamServer({ dataDir, database, httpPort: 0, httpsPort: false, keepTime: false });
  });
  afterAll(async () => {
    desk?.close();
    await b?.close();
    await a?.close();
    await dropDatabaseFor(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('catches up with a start it failed to read when it heard of it', async () => {
    expect(b.ctx.live.get('feed')!.session.state).toBe('scheduled');
    // B's read of the session's row, when the start is heard of, fails once.
    const live = b.ctx.live;
    const read = live.reloadSessionRow.bind(live);
    let failed = 0;
    live.reloadSessionRow = async (db, id) => {
      if (failed++ === 0) throw new Error('connection terminated unexpectedly');
      return read(db, id);
    };
    desk = await connectDesk(a.httpUrl, a.ctx.deskCode);
    for (const i of [0, 1] as const) await desk.req('desk:enter-share', { sessionId: 'feed', target: 'paper', code: shareCodes[i]!, keyholder: 'ab'[i]! });
    const { startedAt } = await desk.req('desk:start', { sessionId: 'feed', overrideReason: 'the feed test' });
    const until = Date.now() + 10_000;
    while (b.ctx.live.get('feed')!.session.started_at !== startedAt) {
      if (Date.now() > until) throw new Error(`B still has the session ${b.ctx.live.get('feed')!.session.state}, after ${failed} read(s) of its row`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(failed).toBe(1); // the fault was met, and B caught up by reading everything again, not the row
    expect(b.ctx.live.get('feed')!.session.state).toBe('running');
  });
});
