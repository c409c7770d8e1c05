import { useState } from 'react';
import type { SeatState, SessionSummary } from '@exam/shared';
import type { Connection } from '../connection';
import { useT } from '../i18n';
import type { Run } from './DeskApp';

const ago = (t: number | null) => (t === null ? '—' : `${Math.max(0, Math.round((Date.now() - t) / 1000))}s`);

/** The room's seats with their live state; a seat opens its controls (extra time, pause). */
export function SeatMap({ desk, session, seats, run }: { desk: Connection; session: SessionSummary; seats: SeatState[]; run: Run }) {
  const t = useT();
  const [open, setOpen] = useState<string | null>(null);
  const [minutes, setMinutes] = useState(5);
  const [reason, setReason] = useState('');
  const seat = seats.find((s) => s.seat === open);
  return (
    <div className="seatmap">
      <div className={seats.length > 80 ? "grid dense" : "grid"}>
        {seats.map((s) => (
          <button key={s.seat} type="button" className={`seat ${s.state}`} data-seat={s.seat} data-state={s.state} onClick={() => setOpen(s.seat)}>
            <b>{s.seat}</b>
            <span>{s.name ?? ''}</span>
            <span>{t.states[s.state]}</span>
            {s.questionCount !== null && s.ticket && (
              <span>
                {t.answered} {s.answered}/{s.questionCount}
              </span>
            )}
            {s.lastSaveAt && (
              <span>
                {t.lastSave} {ago(s.lastSaveAt)}
              </span>
            )}
            {s.incidents > 0 && <span className="incidents">⚠ {s.incidents}</span>}
            {s.extraMinutes > 0 && <span>+{s.extraMinutes}′</span>}
          </button>
        ))}
      </div>
      {seat?.ticket && session.state === 'running' && seat.state !== 'submitted' && (
        <div className="panel">
          <h3>
            {t.seat} {seat.seat} · {seat.name} · {seat.ticket}
          </h3>
          <label>
            {t.reason}
            <input name="seat-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <label>
            {t.extraTime}
            <input type="number" min={1} max={240} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} /> {t.minutes}
          </label>
          <button type="button" disabled={reason.trim().length < 2} onClick={() => void run(() => desk.req('desk:extra-time', { sessionId: session.id, ticket: seat.ticket!, minutes, reason }))}>
            {t.extraTime}
          </button>
          {seat.state === 'paused' ? (
            <button type="button" onClick={() => void run(() => desk.req('desk:resume', { sessionId: session.id, ticket: seat.ticket! }))}>
              {t.resume}
            </button>
          ) : (
            <button type="button" disabled={reason.trim().length < 2} onClick={() => void run(() => desk.req('desk:pause', { sessionId: session.id, ticket: seat.ticket!, reason }))}>
              {t.pause}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
