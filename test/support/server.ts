import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setUpDemo, startExamServer, type DemoSetup, type RunningServer, type ServerOptions } from '@exam/server';

export interface TestServer {
  server: RunningServer;
  demo: DemoSetup;
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

/** A real server on a free port, against a fresh database file, with the demo session set up. */
export async function startTestServer(opts: { startInMinutes?: number; server?: Partial<ServerOptions> } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'exam-test-'));
  const server = await startExamServer({ dataDir, httpPort: 0, httpsPort: false, ...opts.server });
  const demo = await setUpDemo(server.ctx.db, { startInMinutes: opts.startInMinutes ?? 60 });
  await server.ctx.live.load(server.ctx.db);
  return {
    server,
    demo,
    url: server.httpUrl,
    dataDir,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
