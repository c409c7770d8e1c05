import { useRef, useState } from 'react';
import { RequestError, sealedFileSchema, toBase64, type RequestPayload, type RequestResults, type SealedFile } from '@exam/shared';
import { useT } from '../i18n';
import { errorText } from '../errors';
import { localInput } from './SelectionForm';
import { useOW } from './words';

type Created = RequestResults['organiser:create-session'];
type Problem = { row?: number; message: string; zh?: string; warning?: boolean };

/** A file chosen through a button of the console's language (the browser's own control speaks the system's). */
function FilePick(props: { label: string; accept: string; name: string; file: File | null; pick: (f: File) => void }) {
  const w = useOW();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="file-pick">
      <span>{props.label}</span>
      <button type="button" name={`choose-${props.name}`} onClick={() => input.current?.click()}>
        {w.chooseFile}
      </button>
      <span>{props.file ? <>{w.chosen.replace('{name}', '')}<span translate="no">{props.file.name}</span></> : w.notChosen}</span>
      <label className="visually-hidden">
        {props.label}
        <input ref={input} type="file" name={props.name} accept={props.accept} onChange={(e) => e.target.files?.[0] && props.pick(e.target.files[0])} />
      </label>
    </div>
  );
}

/**
 * A written session made from the console: the sealed files made offline (read here only as the
 * public JSON they are), the room and time, and a roster as Excel saves it. Warnings of the roster
 * come back by row; the organiser confirms them and sends again.
 */
export function SessionForm(props: { selectionId: string; serverNow: number; create: (p: RequestPayload<'organiser:create-session'>) => Promise<Created> }) {
  const t = useT();
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
  const [problems, setProblems] = useState<Problem[]>([]);
  const [done, setDone] = useState<Created | null>(null);
  const [error, setError] = useState<string | null>(null);
  const warningsOnly = problems.length > 0 && problems.every((p) => p.warning);
  const valid = label.trim() && /^[a-z0-9-]{1,40}$/.test(id) && room.trim() && paper && key && roster && Number.isInteger(Number(duration)) && Number.isInteger(Number(late));

  const sealed = async (f: File): Promise<SealedFile> => {
    const parsed = sealedFileSchema.safeParse(JSON.parse(await f.text()));
    if (!parsed.success) throw new Error(`${f.name}: ${w.notSealed}`);
    return parsed.data;
  };
  const send = async (accept: 'all' | undefined) => {
    setError(null);
    setDone(null);
    try {
      const created = await props.create({
        selectionId: props.selectionId,
        id,
        label: label.trim(),
        room: room.trim(),
        scheduledStart: new Date(start).getTime(),
        durationMinutes: Number(duration),
        lateEntryMinutes: Number(late),
        sealedPaper: await sealed(paper!),
        sealedAnswerKey: await sealed(key!),
        roster: { fileName: roster!.name, contentBase64: toBase64(new Uint8Array(await roster!.arrayBuffer())), ...(accept ? { accept } : {}) },
      });
      setProblems([]);
      setDone(created);
    } catch (err) {
      if (err instanceof RequestError && err.code === 'invalid-roster' && err.body.details) setProblems(err.body.details);
      else if (err instanceof RequestError && err.body.details?.[0]?.path === 'scheduledStart') setError(w.startPast);
      else if (err instanceof RequestError) setError(errorText(err, t.lang).text);
      else setError(err instanceof Error ? err.message : String(err));
    }
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
      <FilePick label={w.roster} accept=".xlsx,.csv,text/csv" name="session-roster" file={roster} pick={(f) => (setRoster(f), setProblems([]))} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {problems.length > 0 && (
        <div role="alert" data-testid="roster-problems">
          <p>{warningsOnly ? w.rosterWarnings : w.rosterErrors}</p>
          <ul>
            {problems.map((p) => (
              <li key={`${p.row}-${p.message}`} className={p.warning ? 'hint' : 'error'}>
                {p.row !== undefined && `${w.row.replace('{row}', String(p.row))}：`}
                {t.lang === 'zh' ? (p.zh ?? p.message) : p.message}
              </li>
            ))}
          </ul>
          {warningsOnly && (
            <button type="button" name="accept-warnings" onClick={() => void send('all')}>
              {w.acceptWarnings}
            </button>
          )}
        </div>
      )}
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
