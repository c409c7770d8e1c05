import { join } from 'node:path';
import { openDatabase } from '../db/database';
import { verifyAuditChain } from '../audit/log';

export async function auditVerifyCommand(opts: { data: string }): Promise<void> {
  const database = await openDatabase(join(opts.data, 'exam.db'));
  const result = await verifyAuditChain(database.db);
  await database.close();
  if (result.ok) {
    console.log(`audit log intact: ${result.entries} entries, head ${result.head}`);
  } else {
    console.error(`audit log BROKEN at entry ${result.seq}: ${result.problem}`);
    process.exit(2);
  }
}
