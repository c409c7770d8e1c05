import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseFor, dropDatabaseFor } from './store';
import { setUpDemo, setUpInterviewDemo, startExamServer, type DemoSetup, type InterviewDemo, type RunningServer, type ServerOptions } from '@exam/server';

export interface TestServer {
  server: RunningServer;
  demo: DemoSetup;
  interview: InterviewDemo;
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

/** A real server on a free port, against a fresh database (a file, or a PostgreSQL database under test: support/store.ts), with the demo session set up. */
export async function startTestServer(opts: { startInMinutes?: number; server?: Partial<ServerOptions> } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'exam-test-'));
  const server = await startExamServer({ dataDir, database: await databaseFor(dataDir), httpPort: 0, httpsPort: false, ...opts.server });
  const demo = await setUpDemo(server.ctx.db, { startInMinutes: opts.startInMinutes ?? 60 });
  const interview = await setUpInterviewDemo(server.ctx.db);
  await server.ctx.live.load(server.ctx.db);
  return {
    server,
    demo,
    interview,
    url: server.httpUrl,
    dataDir,
    async close() {
      await server.close();
      await dropDatabaseFor(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
