import { useEffect, useState, useSyncExternalStore } from 'react';
import type { DaySummary, InterviewCandidateRow } from '@exam/shared';
import { desk } from '../devices';
import { useW } from './words';

/**
 * The draw as a ceremony, for the screen in the holding room: who has committed and revealed,
 * then every candidate's lot number. Everyone in the room sees the same thing at the same time.
 */
export function LotScreen() {
  const w = useW();
  useSyncExternalStore((fn) => desk.subscribe(fn), () => desk.state);
  const [summary, setSummary] = useState<DaySummary | null>(null);
  const [candidates, setCandidates] = useState<InterviewCandidateRow[]>([]);
  useEffect(() => void desk.start(), []);
  const ready = desk.state.connected && desk.state.status?.role === 'desk';
  useEffect(() => {
    if (!ready) return;
    const load = async () => {
      const dayId = (await desk.req('desk:overview', {})).days[0]?.id;
      if (!dayId) return;
      setSummary(await desk.req('interview:overview', { dayId }));
      setCandidates((await desk.req('interview:candidates', { dayId })).candidates);
    };
    void load();
    desk.socket.on('lot:status', load);
    return () => void desk.socket.off('lot:status', load);
  }, [ready]);
  const draw = summary?.draw;
  if (!ready) return <p className="card narrow">{w.lotNeedsDesk}</p>;
  return (
    <div className="lot-screen">
      <h1>
        {w.lotTitle} · {summary?.label}
      </h1>
      {draw && (
        <>
          <p className="big">{w.drawState[draw.state]}</p>
          <ul className="contributors">
            {draw.contributors.map((c) => (
              <li key={c.key} className={c.revealed ? 'revealed' : c.committed ? 'committed' : ''}>
                {c.server ? w.theServer : c.name}: {c.revealed ? w.revealed : c.committed ? w.committed : w.waiting}
              </li>
            ))}
          </ul>
          {draw.lots && (
            <table className="lots" data-testid="lots">
              <tbody>
                {draw.lots.map((l) => (
                  <tr key={l.ticket}>
                    <td className="lotno">{l.lot}</td>
                    <td>{candidates.find((c) => c.ticket === l.ticket)?.name}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>
            <small>{draw.candidatesHash}</small>
          </p>
        </>
      )}
    </div>
  );
}
