import { useEffect, useState } from 'react';
import type { RequestPayload, RequestResults } from '@exam/shared';
import { localInput } from './SelectionForm';
import { useOW } from './words';
import { FilePick } from './FilePick';
import { useUpload } from './upload';

type Created = RequestResults['organiser:create-session'];

/**
 * A written session made from the console: the sealed files made offline (read here only as the
 * public JSON they are), the room and time, and the candidates: those who sit a paper of the
 * selection, as the seat draw placed them, or (for a selection without posts) a roster as Excel
 * saves it, whose warnings come back by row for the organiser to confirm and send again.
 */
export function SessionForm(props: { selectionId: string; serverNow: number; papers: string[]; drawn: boolean; /** The selection has posts: its candidates and seats come from the draw only. */ bound: boolean; create: (p: RequestPayload<'organiser:create-session'>) => Promise<Created> }) {
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
  // The candidates: a paper of the selection (from the seat draw), or '' for a roster file.
  const [fromPaper, setFromPaper] = useState(props.drawn || props.bound ? (props.papers[0] ?? '') : '');
  // Once the seats are drawn, the draw is where the candidates come from unless a file was chosen.
  useEffect(() => {
    if (props.drawn && !roster) setFromPaper((p) => p || (props.papers[0] ?? ''));
  }, [props.drawn, props.papers, roster]);
  const [done, setDone] = useState<Created | null>(null);
  const upload = useUpload();
  const valid = label.trim() && /^[a-z0-9-]{1,40}$/.test(id) && room.trim() && paper && key && (fromPaper ? props.drawn : roster) && Number.isInteger(Number(duration)) && Number.isInteger(Number(late));
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
            ...(fromPaper ? { paper: fromPaper } : { roster: await upload.roster(roster!, a) }),
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
      <fieldset>
        <legend>{w.candidatesFrom}</legend>
        {props.papers.map((p) => (
          <label key={p} className="inline">
            <input type="radio" name="session-candidates" value={p} checked={fromPaper === p} disabled={!props.drawn} onChange={() => (setFromPaper(p), upload.clear())} />
            {w.fromDraw} <code>{p}</code>
          </label>
        ))}
        {!props.bound && (
          <label className="inline">
            <input type="radio" name="session-candidates" value="" checked={fromPaper === ''} onChange={() => setFromPaper('')} />
            {w.fromFile}
          </label>
        )}
        {props.bound && <p className="hint">{w.seatsFromDraw}</p>}
        {!props.drawn && props.papers.length > 0 && <p className="hint">{w.drawFirst}</p>}
      </fieldset>
      {fromPaper === '' && <FilePick label={w.roster} accept=".xlsx,.csv,text/csv" name="session-roster" file={roster} pick={(f) => (setRoster(f), upload.clear())} />}
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
