import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES, type EvaluationSettings } from '@exam/shared';
import { makeGroupCards, startExamServer, type RunningServer } from '@exam/server';
import { connectDesk } from './support/clients';
import { admitted } from './support/selection-flow';
import { databaseFor, dropDatabaseFor } from './support/store';

/**
 * The threads that check ballots' signatures take about half a second to start: they are started
 * when an evaluation is set up, and when the server starts with one set up or open — never left for
 * the first voters to wait on — and not at all on a server that has no evaluation to take ballots for.
 */
describe('the signature threads are ready before the first ballot', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'exam-ev-ready-'));
  const servers: RunningServer[] = [];
  const start = async () => {
    const s = await startExamServer({ dataDir, database: await databaseFor(dataDir), httpPort: 0, httpsPort: false, keepTime: false });
    servers.push(s);
    return s;
  };
  const threadsRunning = (s: RunningServer) => s.ctx.verifier().running;
  afterAll(async () => {
    for (const s of servers) await s.close().catch(() => undefined);
    await dropDatabaseFor(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts them when an evaluation is set up, and again when the server starts with one', async () => {
    const first = await start();
    expect(threadsRunning(first)).toBe(false);
    const desk = await connectDesk(first.httpUrl, first.ctx.deskCode);
    const org = await admitted(first.httpUrl, desk, { role: 'organiser', person: '组织者' });
    await org.req('organiser:create-selection', { id: 'sel-ready', title: '就绪测试', registrationOpens: Date.now() + 86_400_000, registrationCloses: Date.now() + 2 * 86_400_000, steps: ['evaluation'] });
    const cards = makeGroupCards('ev-ready', 'all', 5);
    const settings: EvaluationSettings = {
      selectionId: 'sel-ready',
      id: 'ev-ready',
      title: '就绪测试民主测评',
      candidates: [{ ref: '20260001', name: '候选人1' }],
      groups: [{ id: 'all', name: '全体', weight: 100, entitled: 5 }],
      ...DEFAULT_RULES,
      dimensions: false,
      recommendation: [],
    };
    // Set up, not yet open: no ballot can come, and the threads are already starting.
    await org.req('organiser:create-evaluation', { settings, lists: [cards.keys] });
    expect(threadsRunning(first)).toBe(true);
    org.close();
    desk.close();
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    // The server started again with the evaluation set up: the threads start with it.
    const second = await start();
    expect(threadsRunning(second)).toBe(true);
  });

  it('does not start them on a server with no evaluation', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'exam-ev-none-'));
    try {
      const s = await startExamServer({ dataDir: empty, database: await databaseFor(empty), httpPort: 0, httpsPort: false, keepTime: false });
      expect(threadsRunning(s)).toBe(false);
      await s.close();
    } finally {
      await dropDatabaseFor(empty);
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
