import { useCallback, useEffect, useState } from 'react';
import { get, set } from 'idb-keyval';
import { checkpointText, phaseText, type CheckpointRow } from '@exam/shared';
import { useT } from '../i18n';
import { tablet } from '../devices';
import { useAction } from './use-action';
import { useW } from '../interview/words';

interface KeptCheckpoint {
  checkpoint: { seq: number; hash: string; phase: string };
  supervisorKey: string;
  signature: string;
}
const STORE = 'kept-checkpoints';

/**
 * The checkpoints a supervisor witnesses: at the end of each phase the server shows the log's
 * head; the supervisor cosigns it with this tablet's key, and the tablet keeps a copy (IndexedDB)
 * that can be saved to a file and given to `exam verify --kept` or the offline verifier.
 */
export function CheckpointsSection() {
  const w = useW();
  const lang = useT().lang;
  const [rows, setRows] = useState<CheckpointRow[]>([]);
  const [kept, setKept] = useState<KeptCheckpoint[]>([]);
  const refresh = useCallback(async () => {
    setRows((await tablet.req('checkpoint:list', {})).checkpoints);
    setKept(((await get(STORE)) as KeptCheckpoint[] | undefined) ?? []);
  }, []);
  const { act, error } = useAction(refresh);
  useEffect(() => {
    void act(async () => undefined);
    const on = () => void refresh();
    tablet.socket.on('checkpoint:due', on);
    return () => void tablet.socket.off('checkpoint:due', on);
  }, [refresh, act]);
  const me = tablet.publicKey();
  const cosign = (r: CheckpointRow) =>
    act(async () => {
      const checkpoint = { seq: r.seq, hash: r.hash, phase: r.phase };
      const signature = await tablet.sign('checkpoint', checkpoint);
      await tablet.req('checkpoint:cosign', { checkpoint, signature });
      const list = (((await get(STORE)) as KeptCheckpoint[] | undefined) ?? []).filter((k) => k.checkpoint.seq !== r.seq);
      await set(STORE, [...list, { checkpoint, supervisorKey: me, signature }]);
    });
  const download = () => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([JSON.stringify(kept, null, 2)], { type: 'application/json' }));
    a.download = `checkpoints-${me.slice(0, 8).replace(/[^A-Za-z0-9]/g, '')}.json`;
    a.click();
  };
  return (
    <section className="panel">
      <h2>{w.checkpoints}</h2>
      {error && <p className="error">{error}</p>}
      <p className="hint">{w.writeDown}</p>
      <table data-testid="checkpoints">
        <tbody>
          {rows.map((r) => {
            const mine = r.cosignatures.some((c) => c.supervisorKey === me);
            return (
              <tr key={r.seq}>
                <td>{phaseText(r.phase, lang, r.subject)}</td>
                <td>
                  <code className="checkpoint-text" data-testid="checkpoint-text">{checkpointText(r.seq, r.hash)}</code>
                </td>
                <td>{mine ? `✓ ${w.cosigned}` : <button type="button" onClick={() => void cosign(r)}>{w.cosign}</button>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" disabled={kept.length === 0} onClick={download}>
        {w.saveCheckpoints} ({kept.length})
      </button>
    </section>
  );
}
