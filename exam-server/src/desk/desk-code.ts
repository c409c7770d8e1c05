import type { Handler } from '../realtime/requests';
import { changed } from '../cluster/changes';
import { transact } from '../db/transact';
import { appendAudit } from '../audit/log';
import { newDeskCode } from '../devices/desk-code';

/**
 * The desk changes the desk access code (when it was seen by someone who should not have it, or
 * after refusals): a new random code, shown once to the desk that asked. Desks already admitted stay
 * admitted; the log records who changed it, never the code.
 */
export const changeDeskCode: Handler<'desk:change-code'> = async ({ ctx, device }) => {
  const code = newDeskCode();
  await transact(ctx.db, async (tx) => {
    await tx.updateTable('settings').set({ value: code }).where('key', '=', 'desk-code').execute();
    await changed(tx, { k: 'desk-code' });
    await appendAudit(tx, 'desk.code-changed', device.id, { deviceId: device.id });
  });
  ctx.deskCode = code;
  return { code };
};
