import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startExamServer } from '@exam/server';
import { databaseFor, dropDatabaseFor, openTestStore } from './support/store';

/** Resolves with what `p` gave, or with 'hung' when it has not settled within `ms`. */
const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'hung'>((r) => setTimeout(() => r('hung'), ms).unref())]);

/**
 * Stopping a server is asked more than once in practice — a signal while the stop a test or the CLI
 * began is still under way, a second Ctrl-C — and each ask must end, with the server stopped once.
 */
describe('a server asked to stop twice', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'exam-close-twice-'));
  afterAll(async () => {
    await dropDatabaseFor(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends both asks, made one after the other and at once, and leaves its store whole', async () => {
    const first = await startExamServer({ dataDir, database: await databaseFor(dataDir), httpPort: 0, httpsPort: false, keepTime: false });
    expect(await within(first.close(), 10_000)).toBeUndefined();
    expect(await within(first.close(), 10_000)).toBeUndefined();

    const second = await startExamServer({ dataDir, database: await databaseFor(dataDir), httpPort: 0, httpsPort: false, keepTime: false });
    const both = await within(Promise.all([second.close(), second.close()]), 10_000);
    expect(both).toEqual([undefined, undefined]);
    // Stopped: its port answers no more, and the store opens again for whoever comes next.
    await expect(fetch(`${second.httpUrl}/api/health`)).rejects.toThrow();
    const store = await openTestStore(dataDir);
    expect((await store.db.selectFrom('settings').select('key').where('key', '=', 'desk-code').execute()).length).toBe(1);
    await store.close();
  });
});
