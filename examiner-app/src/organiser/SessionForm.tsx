import { useState } from 'react';
import type { RequestPayload, RequestResults } from '@exam/shared';
import { localInput } from './SelectionForm';
import { useOW } from './words';
import { FilePick } from './FilePick';
import { useUpload } from './upload';

type Created = RequestResults['organiser:create-session'];

/**
 * A written session made from the console: the sealed files made offline (read here only as the
 * public JSON they are), the room and time, and a roster as Excel saves it. Warnings of the roster
 * come back by row; the organiser confirms them and sends again.
 */
export function SessionForm(props: { selectionId: string; serverNow: number; create: (p: RequestPayload<'organiser:create-session'>) => Promise<Created> }) {
  const w = useOW();
  const [label, setLabel] = useState('');
  const [id, setId] = useState('written-1');
  const [room, setRoom] = useState('');
  const [start, setStart] = useState(() => localInput(props.serverNow + 7 * 86_400_000));
  const [duration, setDuration] = useState('120');
  const [late, setLate] = useState('30');
  const [paper, setPaper] = useState<File | null>(null);
  const [key, setKey] = useState<File | null>(null);
  const [roster, setRoster] = useState<File | null>(null);
  const [done, setDone] = useState<Created | null>(null);
  const upload = useUpload();
  const valid = label.trim() && /^[a-z0-9-]{1,40}$/.test(id) && room.trim() && paper && key && roster && Number.isInteger(Number(duration)) && Number.isInteger(Number(late));
  const send = (accept: 'all' | undefined) => {
    setDone(null);
    return upload.send(
      async (a) =>
        setDone(
          await props.create({
            selectionId: props.selectionId,
            id,
            label: label.trim(),
            room: room.trim(),
            scheduledStart: new Date(start).getTime(),
            durationMinutes: Number(duration),
            lateEntryMinutes: Number(late),
            sealedPaper: await upload.sealed(paper!),
            sealedAnswerKey: await upload.sealed(key!),
            roster: await upload.roster(roster!, a),
          }),
        ),
      accept,
      (err) => (err.body.details?.[0]?.path === 'scheduledStart' ? w.startPast : null),
    );
  };
  return (
    <form
      className="organiser-form"
      data-testid="session-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send(undefined);
      }}
    >
      <p className="hint">
        {w.sessionHelp}
        <code>npm run exam -- seal</code>
      </p>
      <label>
        {w.sessionLabel}
        <input name="session-label" value={label} onChange={(e) => setLabel(e.target.value)} />
      </label>
      <label>
        {w.sessionId}
        <input name="session-id" value={id} onChange={(e) => setId(e.target.value.trim().toLowerCase())} spellCheck={false} />
      </label>
      <label>
        {w.room}
        <input name="session-room" value={room} onChange={(e) => setRoom(e.target.value)} />
      </label>
      <label>
        {w.start}
        <input type="datetime-local" name="session-start" value={start} onChange={(e) => setStart(e.target.value)} />
      </label>
      <label>
        {w.duration}
        <input name="session-duration" inputMode="numeric" value={duration} onChange={(e) => setDuration(e.target.value)} />
      </label>
      <label>
        {w.late}
        <input name="session-late" inputMode="numeric" value={late} onChange={(e) => setLate(e.target.value)} />
      </label>
      <FilePick label={w.sealedPaper} accept=".json,application/json" name="sealed-paper" file={paper} pick={setPaper} />
      <FilePick label={w.sealedAnswerKey} accept=".json,application/json" name="sealed-answer-key" file={key} pick={setKey} />
      <FilePick label={w.roster} accept=".xlsx,.csv,text/csv" name="session-roster" file={roster} pick={(f) => (setRoster(f), upload.clear())} />
      {upload.element(() => void send('all'))}
      {done && (
        <p className="ok" role="status" data-testid="session-created">
          {w.sessionCreated.replace('{n}', String(done.candidates))}
          <code>{done.sessionId}</code>
          {w.sealedHash}
          <code>{done.sealedHash}</code>
        </p>
      )}
      <button type="submit" disabled={!valid}>
        {w.createSession}
      </button>
    </form>
  );
}
