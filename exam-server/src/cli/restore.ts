import { resolve } from 'node:path';
import { restoreBackup } from '../backup/restore';
import { say } from './lang';

export async function restoreCommand(o: { from: string; data: string; key: string; note?: string }): Promise<void> {
  const h = await restoreBackup({ from: resolve(o.from), data: resolve(o.data), keyCode: o.key, note: o.note });
  const when = new Date(h.createdAt).toISOString();
  console.log(
    say(
      `已恢复到新的数据目录 ${resolve(o.data)}：备份时间 ${when}（${h.reason}），日志到第 ${h.log.seq} 条。恢复已记入日志。\n该备份之后原服务器记录的内容不在恢复后的日志中；考生机重新连接后会重新发送已确认的答案。\n用 npm run exam -- start --data ${o.data} 启动服务器。`,
      `Restored into the new data folder ${resolve(o.data)}: backup of ${when} (${h.reason}), the log up to entry ${h.log.seq}. The restore is logged.\nWhat the lost server logged after that backup is not in the restored log; kiosks send their acknowledged answers again when they reconnect.\nStart the server with npm run exam -- start --data ${o.data}.`,
    ),
  );
}
