import { say } from './lang';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ExamError } from '@exam/shared';
import { openStore } from '../server';
import { verifyAuditChain } from '../audit/log';

export async function auditVerifyCommand(opts: { data: string; database?: string }): Promise<void> {
  if (!opts.database && !existsSync(join(opts.data, 'exam.db'))) throw new ExamError('not-found', say(`${opts.data} 中没有数据库`, `no database in ${opts.data}`));
  const database = await openStore(opts.data, opts.database);
  const result = await verifyAuditChain(database.db);
  await database.close();
  if (result.ok) {
    console.log(say(`审计日志完整：共 ${result.entries} 条，末条哈希 ${result.head}`, `audit log intact: ${result.entries} entries, head ${result.head}`));
  } else {
    console.error(say(`审计日志在第 ${result.seq} 条处断裂（${result.problem}）`, `audit log BROKEN at entry ${result.seq}: ${result.problem}`));
    process.exit(2);
  }
}
