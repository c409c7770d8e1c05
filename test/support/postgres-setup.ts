import { dropTestDatabases, POSTGRES_ADMIN_URL } from './store';

/**
 * Before and after the PostgreSQL run: test databases a stopped run left behind are dropped, and
 * after it this run's own; a run going on beside it keeps its databases (store.ts `TEST_RUN`). The
 * server must be up (scripts/bootstrap.mjs starts it, or says why these tests are skipped).
 */
export async function setup(): Promise<void> {
  if (process.env.EXAM_TEST_POSTGRES_SKIP) return;
  // The workers (and the processes they start) name this run on the databases they make.
  process.env.EXAM_TEST_RUN = String(process.pid);
  try {
    await dropTestDatabases(false);
  } catch (err) {
    throw new Error(`the PostgreSQL tests need a server at ${POSTGRES_ADMIN_URL.replace(/:[^:@/]*@/, ':***@')}: ${(err as Error).message}`);
  }
}

export async function teardown(): Promise<void> {
  if (process.env.EXAM_TEST_POSTGRES_SKIP) return;
  await dropTestDatabases(true);
}
