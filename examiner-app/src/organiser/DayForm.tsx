import { useEffect, useState } from 'react';
import type { Post, RequestPayload, RequestResults } from '@exam/shared';
import { useT } from '../i18n';
import { FilePick } from './FilePick';
import { useUpload } from './upload';
import { useOW } from './words';

type Created = RequestResults['organiser:create-day'];

/**
 * An interview day made from the console: the sealed questions made offline, the rooms, the panel's
 * rule, and the candidates — those who go on, by admission number, in a room given per post (once
 * the admission numbers are drawn), or a roster file naming each candidate's room.
 */
export function DayForm(props: { selectionId: string; posts: Post[]; drawn: boolean; create: (p: RequestPayload<'organiser:create-day'>) => Promise<Created> }) {
  const t = useT();
  const w = useOW();
  const [label, setLabel] = useState('');
  const [id, setId] = useState('interview-1');
  const [holding, setHolding] = useState('候考室');
  const [finished, setFinished] = useState('候分室');
  const [trim, setTrim] = useState('5');
  const [outlier, setOutlier] = useState('10');
  const [announce, setAnnounce] = useState(true);
  const [questions, setQuestions] = useState<File | null>(null);
  const [roster, setRoster] = useState<File | null>(null);
  // true: the candidates from the admissions, each post's candidates in the room given for it.
  // A selection with posts names its candidates by the admission numbers drawn, from a file too.
  const bound = props.posts.length > 0;
  const [fromAdmissions, setFromAdmissions] = useState(props.drawn || bound);
  const [postRooms, setPostRooms] = useState<Record<string, string>>({});
  useEffect(() => {
    if (props.drawn && !roster) setFromAdmissions(true);
  }, [props.drawn, roster]);
  const rooms = Object.fromEntries(Object.entries(postRooms).map(([p, r]) => [p, r.trim()]).filter(([, r]) => r));
  const [done, setDone] = useState<Created | null>(null);
  const upload = useUpload();
  const points = Number(outlier.normalize('NFKC'));
  const valid = label.trim() && /^[a-z0-9-]{1,40}$/.test(id) && holding.trim() && finished.trim() && questions && (fromAdmissions ? props.drawn && Object.keys(rooms).length > 0 : roster) && Number.isInteger(Number(trim)) && points > 0;
  const send = (accept: 'all' | undefined) => {
    setDone(null);
    return upload.send(
      async (a) =>
        setDone(
          await props.create({
            selectionId: props.selectionId,
            id,
            label: label.trim(),
            holdingRoom: holding.trim(),
            finishedRoom: finished.trim(),
            sealedQuestions: await upload.sealed(questions!),
            ...(fromAdmissions ? { postRooms: rooms } : { roster: await upload.roster(roster!, a) }),
            trimWhenAtLeast: Number(trim),
            outlierDistance: Math.round(points * 100),
            announceOnSpot: announce,
          }),
        ),
      accept,
    );
  };
  return (
    <form
      className="organiser-form"
      data-testid="day-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send(undefined);
      }}
    >
      <p className="hint">{w.dayHelp}</p>
      <label>
        {w.dayLabel}
        <input name="day-label" value={label} onChange={(e) => setLabel(e.target.value)} />
      </label>
      <label>
        {w.dayId}
        <input name="day-id" value={id} onChange={(e) => setId(e.target.value.trim().toLowerCase())} spellCheck={false} />
      </label>
      <label>
        {w.holdingRoom}
        <input name="day-holding" value={holding} onChange={(e) => setHolding(e.target.value)} />
      </label>
      <label>
        {w.finishedRoom}
        <input name="day-finished" value={finished} onChange={(e) => setFinished(e.target.value)} />
      </label>
      <FilePick label={w.sealedQuestions} accept=".json,application/json" name="sealed-questions" file={questions} pick={setQuestions} />
      <fieldset>
        <legend>{w.candidatesFrom}</legend>
        <label className="inline">
          <input type="radio" name="day-candidates" value="admissions" checked={fromAdmissions} disabled={!props.drawn} onChange={() => (setFromAdmissions(true), upload.clear())} />
          {w.fromAdmissions}
        </label>
        <label className="inline">
          <input type="radio" name="day-candidates" value="file" checked={!fromAdmissions} disabled={bound && !props.drawn} onChange={() => setFromAdmissions(false)} />
          {w.fromFile}
        </label>
        {!props.drawn && <p className="hint">{w.drawFirst}</p>}
        {bound && <p className="hint">{w.fileAfterDraw}</p>}
        {fromAdmissions &&
          props.posts.map((p) => (
            <label key={p.id}>
              {w.roomFor.replace('{post}', p.title)}
              <input name={`room-${p.id}`} value={postRooms[p.id] ?? ''} onChange={(e) => setPostRooms({ ...postRooms, [p.id]: e.target.value })} />
            </label>
          ))}
      </fieldset>
      {!fromAdmissions && <FilePick label={w.dayRoster} accept=".xlsx,.csv,text/csv" name="day-roster" file={roster} pick={(f) => (setRoster(f), upload.clear())} />}
      <label>
        {w.trimAt}
        <input name="day-trim" inputMode="numeric" value={trim} onChange={(e) => setTrim(e.target.value)} />
      </label>
      <label>
        {w.outlier}
        <input name="day-outlier" inputMode="decimal" value={outlier} onChange={(e) => setOutlier(e.target.value)} />
      </label>
      <label className="inline">
        <input type="checkbox" name="day-announce" checked={announce} onChange={(e) => setAnnounce(e.target.checked)} />
        {w.announce}
      </label>
      {upload.element(() => void send('all'))}
      {done && (
        <p className="ok" role="status" data-testid="day-created">
          {w.dayCreated.replace('{n}', String(done.candidates)).replace('{rooms}', done.rooms.join(t.lang === 'zh' ? '、' : ', '))}
          <code>{done.dayId}</code>
          {w.questionsHash}
          <code>{done.questionsHash}</code>
        </p>
      )}
      <button type="submit" disabled={!valid}>
        {w.createDay}
      </button>
    </form>
  );
}
