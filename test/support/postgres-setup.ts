import { dropAllTestDatabases, POSTGRES_ADMIN_URL } from './store';

/**
 * Before and after the PostgreSQL run: test databases a stopped run left behind are dropped. The
 * server must be up (scripts/bootstrap.mjs starts it, or says why these tests are skipped).
 */
export async function setup(): Promise<void> {
  if (process.env.EXAM_TEST_POSTGRES_SKIP) return;
  try {
    await dropAllTestDatabases();
  } catch (err) {
    throw new Error(`the PostgreSQL tests need a server at ${POSTGRES_ADMIN_URL.replace(/:[^:@/]*@/, ':***@')}: ${(err as Error).message}`);
  }
}

export async function teardown(): Promise<void> {
  if (process.env.EXAM_TEST_POSTGRES_SKIP) return;
  await dropAllTestDatabases();
}
