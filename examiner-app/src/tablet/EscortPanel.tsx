import { useCallback, useEffect, useState } from 'react';
import { moveEntry, type RoomStatus } from '@exam/shared';
import { tablet } from '../devices';
import { useAction } from './use-action';
import { useW } from '../interview/words';
import { useT } from '../i18n';
import { useDialog } from '../dialog';

/**
 * The escort's screen: whom to fetch next, by lot number only, and the three steps of each
 * candidate's way — called, in the room, gone to the finished room. The server refuses any step
 * out of order.
 */
export function EscortPanel() {
  const w = useW();
  const t = useT();
  const dialog = useDialog();
  const dayId = tablet.state.status?.dayId ?? '';
  const [rooms, setRooms] = useState<RoomStatus[]>([]);
  const refresh = useCallback(async () => setRooms((await tablet.req('room:queue', { dayId })).rooms), [dayId]);
  const { act, error } = useAction(refresh);
  useEffect(() => {
    void act(async () => undefined);
    const on = () => void refresh();
    tablet.socket.on('interview:room', on);
    tablet.socket.on('lot:status', on);
    return () => {
      tablet.socket.off('interview:room', on);
      tablet.socket.off('lot:status', on);
    };
  }, [refresh, act]);
  return (
    <div className="escort">
      {dialog.element}
      <h1>{w.escortTitle}</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {rooms.map((r) => (
        <section key={r.room} className="panel" data-room={r.room}>
          <h2>{r.room}</h2>
          <p className="big" data-testid="escort-status">
            {w.current}: {r.currentLot !== null ? `${w.lot} ${r.currentLot}（${w.state[r.currentState ?? ''] ?? ''}）` : '—'} · {w.next}: {r.nextLot ?? '—'} · {w.waitingCount} {r.waiting} · {w.finishedCount}{' '}
            {r.finished}
          </p>
          {r.currentLot === null && r.nextLot !== null && (
            <button type="button" className="primary" onClick={() => void act(() => tablet.req('room:call', { dayId, room: r.room }))}>
              {w.call} {w.lot} {r.nextLot}
            </button>
          )}
          {/* The buttons offer exactly the moves of the shared table (CANDIDATE_MOVES): one way only. */}
          {r.currentState && moveEntry(r.currentState, 'interviewing') && (
            <button type="button" className="primary" onClick={() => void act(() => tablet.req('room:enter', { dayId, room: r.room, lot: r.currentLot! }))}>
              {w.entered}
            </button>
          )}
          {r.currentState && moveEntry(r.currentState, 'absent') && (
            <button
              type="button"
              className="danger"
              onClick={() =>
                void dialog.open({ title: w.noShowTitle.replace('{lot}', String(r.currentLot)), body: w.noShowBody, reasonLabel: t.reason, reasonMissing: t.reasonMissing, confirm: w.noShow, cancel: t.cancel, danger: true }).then((answer) => {
                  if (answer) void act(() => tablet.req('room:no-show', { dayId, room: r.room, lot: r.currentLot!, reason: answer.reason }));
                })
              }
            >
              {w.noShow}
            </button>
          )}
          {r.currentState && moveEntry(r.currentState, 'finished') && (
            <button type="button" className="primary" onClick={() => void act(() => tablet.req('room:leave', { dayId, room: r.room, lot: r.currentLot! }))}>
              {w.left}
            </button>
          )}
        </section>
      ))}
    </div>
  );
}
