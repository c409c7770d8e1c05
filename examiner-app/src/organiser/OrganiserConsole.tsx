import { useCallback, useEffect, useState } from 'react';
import { EDUCATION_NAMES, LEVEL_NAMES, STEP_NAMES, type OrganiserOverview, type RankingStatus, type RegistrationRow, type RequestResults, beijingTime } from '@exam/shared';
import { useDialog } from '../dialog';
import { tablet } from '../devices';
import { errorText } from '../errors';
import { useT } from '../i18n';
import { PostForm } from './PostForm';
import { Registrations } from './Registrations';
import { SelectionForm } from './SelectionForm';
import { ReviewSection } from './ReviewSection';
import { SessionForm } from './SessionForm';
import { RatioSection } from './RatioSection';
import { DayForm } from './DayForm';
import { SeatsSection, type Admissions } from './SeatsSection';
import { AdmissionTickets } from './AdmissionTickets';
import { EvaluationSection } from './EvaluationSection';
import { RankingSection } from './RankingSection';
import { NoticeSection } from './NoticeSection';
import { useOW } from './words';

/** Saves a file the server sent as a download made here, in the browser: nothing else is fetched. */
function save<T extends { fileName: string; text: string }>(f: T): T {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([f.text], { type: 'application/json' }));
  a.download = f.fileName;
  a.click();
  URL.revokeObjectURL(a.href);
  return f;
}

/**
 * The organiser's console: selections, their posts and their registrations, run from the browser
 * while the server runs. The device is admitted at the desk as `organiser`, like any other.
 */
const CHOSEN_KEY = 'organiser.selection';

export function OrganiserConsole() {
  const t = useT();
  const w = useOW();
  const [overview, setOverview] = useState<OrganiserOverview | null>(null);
  // The selection being worked on survives a reload of this window (a reload used to land on the first one, where the next click acts).
  const [chosen, setChosenState] = useState(() => sessionStorage.getItem(CHOSEN_KEY) ?? '');
  const setChosen = (id: string) => {
    sessionStorage.setItem(CHOSEN_KEY, id);
    setChosenState(id);
  };
  const [rows, setRows] = useState<RegistrationRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(0);
  const [exported, setExported] = useState<{ fileName: string; bundleHash: string } | null>(null);
  const [tickets, setTickets] = useState<Admissions | null>(null);
  const [records, setRecords] = useState<RequestResults['organiser:export-supervisors-bundle'] | null>(null);
  const dialog = useDialog();
  const [admissions, setAdmissions] = useState<Admissions | null>(null);
  const [ranking, setRanking] = useState<RankingStatus | null>(null);
  const selection = overview?.selections.find((s) => s.id === chosen) ?? overview?.selections[0];
  const refresh = useCallback(async () => {
    const o = await tablet.req('organiser:overview', {});
    setOverview(o);
    setNow(o.serverNow);
    const id = o.selections.some((s) => s.id === chosen) ? chosen : o.selections[0]?.id;
    setRows(id ? (await tablet.req('organiser:registrations', { selectionId: id })).rows : []);
  }, [chosen]);
  /** Runs an action; says in the console's language why the server refused it; true if it went through. */
  const act = useCallback(
    async <T,>(f: () => Promise<T>): Promise<T | null> => {
      try {
        const r = await f();
        setError(null);
        await refresh();
        return r;
      } catch (err) {
        setError(errorText(err, t.lang).text);
        return null;
      }
    },
    [refresh, t.lang],
  );
  useEffect(() => void refresh().catch((err: unknown) => setError(errorText(err, t.lang).text)), [refresh, t.lang]);
  // The seat draw and the admissions it gave, as the draw moves on (its supervisors act on their own tablets).
  const selectionId = selection?.id;
  const loadAdmissions = useCallback(async () => setAdmissions(selectionId ? await tablet.req('organiser:admissions', { selectionId }) : null), [selectionId]);
  useEffect(() => {
    const on = () => void loadAdmissions().catch((err: unknown) => setError(errorText(err, t.lang).text));
    on();
    tablet.socket.on('lot:status', on);
    return () => void tablet.socket.off('lot:status', on);
  }, [loadAdmissions, t.lang]);

  const at = (ms: number) => beijingTime(ms, t.lang);
  const open = selection ? now >= selection.registrationOpens && now < selection.registrationCloses : false;
  if (tickets && selection) return <AdmissionTickets title={selection.title} admissions={tickets} close={() => setTickets(null)} />;
  // The papers the selection's posts name, for sessions that take their candidates from the seat draw.
  const papers = [...new Set((selection?.posts ?? []).flatMap((p) => (p.paper ? [p.paper] : [])))].sort();
  return (
    <div className="organiser">
      <header className="session-head">
        <h1>{w.console}</h1>
        {overview && overview.selections.length > 0 && (
          <select aria-label={w.selections} value={selection?.id ?? ''} onChange={(e) => setChosen(e.target.value)}>
            {overview.selections.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        )}
      </header>
      {error && (
        <p className="error sticky-alert" role="alert" data-testid="organiser-error">
          {error}
        </p>
      )}
      {overview && overview.selections.length === 0 && <p>{w.noSelections}</p>}
      {selection && (
        <section className="panel" data-testid="selection">
          <h2>{selection.title}</h2>
          <p>
            {w.window}：{at(selection.registrationOpens)} — {at(selection.registrationCloses)}
          </p>
          <p>
            {w.steps}：{selection.steps.map((s) => STEP_NAMES[s][t.lang]).join(' → ')}
          </p>
          <p>
            {w.registrationPage}：<a href={`/register/${selection.id}`} translate="no">{`${location.origin}/register/${selection.id}`}</a>
          </p>
          <h3>{w.posts}</h3>
          {selection.posts.length === 0 ? (
            <p>{w.noPosts}</p>
          ) : (
            <table data-testid="posts">
              <thead>
                <tr>
                  <th>{w.postTitle}</th>
                  <th>{w.department}</th>
                  <th>{w.level}</th>
                  <th>{w.seats}</th>
                  <th>{w.qualifications}</th>
                  <th>{w.registered}</th>
                </tr>
              </thead>
              <tbody>
                {selection.posts.map((p) => (
                  <tr key={p.id} data-post={p.id}>
                    <td>{p.title}</td>
                    <td>{p.department}</td>
                    <td>{LEVEL_NAMES[p.level][t.lang]}</td>
                    <td>{p.seats}</td>
                    <td>
                      {p.qualifications}
                      {p.checks.minEducation && ` · ${EDUCATION_NAMES[p.checks.minEducation][t.lang]}`}
                    </td>
                    <td>{selection.registrations[p.id] ?? 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {now < selection.registrationOpens ? (
            <PostForm key={selection.id} selectionId={selection.id} written={selection.steps.includes('written')} existing={selection.posts} save={async (p) => (await act(() => tablet.req('organiser:save-post', p))) !== null} />
          ) : (
            <p className="hint">{w.postsFixed}</p>
          )}
          <h3>{w.registrations}</h3>
          <Registrations rows={rows} posts={selection.posts} open={open} importFile={(fileName, contentBase64) => act(() => tablet.req('organiser:import-registrations', { selectionId: selection.id, fileName, contentBase64 }))} />
          <ReviewSection
            selection={selection}
            reviewerDevices={overview!.reviewerDevices}
            closed={now >= selection.registrationCloses}
            assign={(deviceId) => act(() => tablet.req('organiser:assign-reviewer', { selectionId: selection.id, deviceId }))}
            publish={() => act(() => tablet.req('organiser:publish-qualified', { selectionId: selection.id }))}
          />
          <RatioSection selection={selection} decide={(post, action, mergeInto, reason) => act(() => tablet.req('organiser:decide-post', { selectionId: selection.id, post, action, mergeInto, reason }))} />
          <SeatsSection key={`seats-${selection.id}`} selection={selection} supervisors={overview!.supervisorDevices} act={act} admissions={admissions} reload={loadAdmissions} print={setTickets} />
          {selection.steps.includes('written') && (
            <>
              <h3>{w.newSession}</h3>
              <SessionForm
                key={selection.id}
                selectionId={selection.id}
                serverNow={now}
                papers={papers}
                drawn={admissions?.draw?.state === 'done'}
                bound={selection.posts.length > 0}
                create={async (p) => {
                  const r = await tablet.req('organiser:create-session', p);
                  await loadAdmissions(); // the tickets name the session each paper is sat in
                  return r;
                }}
              />
            </>
          )}
          {selection.steps.includes('evaluation') && <EvaluationSection key={`evaluation-${selection.id}`} selection={selection} admissions={admissions} act={act} />}
          {selection.steps.includes('interview') && (
            <>
              <h3>{w.newDay}</h3>
              <DayForm key={selection.id} selectionId={selection.id} posts={selection.posts} drawn={admissions?.draw?.state === 'done'} create={(p) => tablet.req('organiser:create-day', p)} />
            </>
          )}
          {selection.qualifiedPublishedAt !== null && <RankingSection key={`ranking-${selection.id}`} selectionId={selection.id} act={act} onStatus={setRanking} />}
          <NoticeSection key={`notices-${selection.id}`} selection={selection} ranking={ranking?.selectionId === selection.id ? ranking : null} act={act} />
        </section>
      )}
      <section className="panel">
        {dialog.element}
        <button type="button" name="export-bundle" onClick={() => void act(async () => setExported(save(await tablet.req('organiser:export-bundle', {}))))}>
          {w.exportBundle}
        </button>{' '}
        <button
          type="button"
          name="export-supervisors-bundle"
          onClick={() =>
            void (async () => {
              const ok = await dialog.open({ title: w.recordsTitle, body: w.recordsBody, confirm: w.recordsConfirm, cancel: w.cancel });
              if (ok) await act(async () => setRecords(save(await tablet.req('organiser:export-supervisors-bundle', {}))));
            })()
          }
        >
          {w.exportRecords}
        </button>
        {exported && (
          <p className="ok" role="status" data-testid="bundle-exported">
            {w.exported}
            <span translate="no">{exported.fileName}</span>
            {w.exportedHash}
            <code>{exported.bundleHash}</code>
          </p>
        )}
        {records && (
          <p className="ok" role="status" data-testid="records-exported">
            {w.exported}
            <span translate="no">{records.fileName}</span>
            {w.recordsCounts.replace('{forms}', String(records.forms)).replace('{decisions}', String(records.decisions))}
          </p>
        )}
      </section>
      <section className="panel">
        <h2>{w.newSelection}</h2>
        <SelectionForm
          create={async (s) => {
            const done = await act(() => tablet.req('organiser:create-selection', s));
            if (done) setChosen(s.id);
            return done !== null;
          }}
        />
      </section>
    </div>
  );
}
