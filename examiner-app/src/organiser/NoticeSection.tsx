import { useCallback, useEffect, useState } from 'react';
import { MIN_NOTICE_WORKING_DAYS, NOTICE_KINDS, NOTICE_NAMES, OBJECTION_OUTCOMES, TARGETED_KINDS, WITHHOLDING_OUTCOMES, type NoticeKind, type NoticeStatus, type ObjectionOutcome, type RankingStatus, type SelectionSummary, beijingTime } from '@exam/shared';
import { tablet } from '../devices';
import { useDialog } from '../dialog';
import { useT } from '../i18n';
import { fill, useRW } from './ranking-words';

type Act = <T>(f: () => Promise<T>) => Promise<T | null>;
const VIAS = ['in-person', 'letter', 'telephone', 'email'] as const;

/**
 * 公示 on the console: publish each step's result for its working days, the calendars the periods
 * follow, the objections received and their outcomes, and the appointments made final.
 */
export function NoticeSection(props: { selection: SelectionSummary; ranking: RankingStatus | null; act: Act }) {
  const w = useRW();
  const t = useT();
  const dialog = useDialog();
  const { selection } = props;
  const [status, setStatus] = useState<NoticeStatus | null>(null);
  const load = useCallback(async () => setStatus(await tablet.req('notice:status', { selectionId: selection.id })), [selection.id]);
  // Again when the ranking changes (a decision gives the appointees).
  useEffect(() => void load().catch(() => undefined), [load, props.ranking]);
  const act: Act = async (f) => {
    const r = await props.act(f);
    await load();
    return r;
  };
  const [kind, setKind] = useState<NoticeKind>('posts');
  const [target, setTarget] = useState('');
  const [days, setDays] = useState(MIN_NOTICE_WORKING_DAYS);
  if (!status) return null;
  const targets = targetsFor(kind, props.ranking, selection);
  const chosenTarget = TARGETED_KINDS.includes(kind) ? (targets.some((x) => x.id === target) ? target : (targets[0]?.id ?? '')) : null;
  const publish = async () => {
    // The same step already on notice: said in the confirmation, so that a second click is not a second, identical notice.
    const earlier = status.notices.filter((n) => n.kind === kind && n.target === chosenTarget).at(-1);
    const body = earlier ? (
      <>
        <p>{w.publishBody}</p>
        <p className="error" data-testid="publish-again">
          {fill(w.publishAgain, { when: when(earlier.publishedAt), period: `${earlier.firstDay} — ${earlier.lastDay}` })}
        </p>
      </>
    ) : (
      w.publishBody
    );
    if (!(await dialog.open({ title: fill(w.publishTitle, { kind: NOTICE_NAMES[kind][t.lang] }), body, confirm: w.publish, cancel: w.cancel, danger: true }))) return;
    await act(() => tablet.req('organiser:publish-notice', { selectionId: selection.id, kind, target: chosenTarget, workingDays: days }));
  };
  const people = props.ranking ? Object.entries(props.ranking.people) : [];
  const nameOf = (r: string | null) => (r === null ? w.aboutAll : (props.ranking?.people[r]?.name ?? ''));
  const titleOf = (post: string) => selection.posts.find((p) => p.id === post)?.title ?? post;
  const handle = async (objectionId: string, outcome: ObjectionOutcome) => {
    const answer = await dialog.open({ title: fill(w.handleTitle, { outcome: w.outcomes[outcome]! }), reasonLabel: w.handleReason, reasonMissing: w.reasonMissing, confirm: w.confirm, cancel: w.cancel, danger: true });
    if (answer) await act(() => tablet.req('organiser:handle-objection', { objectionId, outcome, reason: answer.reason }));
  };
  const finalise = async () => {
    if (await dialog.open({ title: w.finaliseTitle, body: w.finaliseBody, confirm: w.finalise, cancel: w.cancel, danger: true })) await act(() => tablet.req('organiser:finalise-appointments', { selectionId: selection.id }));
  };
  // In Beijing time, as the notices' periods are, whatever the time zone of the machine showing the console.
  const when = (ms: number) => beijingTime(ms, t.lang);
  // Why the appointments cannot be made final yet, said beside the button rather than a button greyed without a word.
  const appointeesNotice = status.notices.filter((n) => n.kind === 'appointees' && n.replaced === null).at(-1);
  const openObjections = status.objections.filter((o) => o.outcome === null).length;
  const notYet = !appointeesNotice ? w.finaliseNeedsNotice : !appointeesNotice.ended ? fill(w.finaliseWaits, { last: appointeesNotice.lastDay }) : openObjections > 0 ? fill(w.finaliseOpen, { n: String(openObjections) }) : null;
  return (
    <div data-testid="notice-section">
      {dialog.element}
      <h3>{w.notices}</h3>
      <p className="hint">{w.noticesHelp}</p>
      {status.notices.length === 0 ? (
        <p>{w.noNotices}</p>
      ) : (
        <table data-testid="notices">
          <thead>
            <tr>
              <th>{w.noticeHeader}</th>
              <th>{w.periodHeader}</th>
              <th>{w.filesHeader}</th>
            </tr>
          </thead>
          <tbody>
            {status.notices.map((n) => (
              <tr key={n.id} data-kind={n.kind}>
                <td>{NOTICE_NAMES[n.kind][t.lang]}</td>
                <td>
                  {fill(w.period, { first: n.firstDay, last: n.lastDay })}（{n.ended ? w.ended : w.running}）
                  {n.replaced && (
                    <span className="error" data-testid="replaced">
                      {' '}
                      {fill(n.replaced.by === null ? w.replacedByDecision : w.replacedByNotice, { when: when(n.replaced.at) })}
                    </span>
                  )}
                </td>
                <td>
                  <a href={`/notice/${n.id}`} target="_blank" rel="noreferrer">
                    {w.page}
                  </a>{' '}
                  · <a href={`/notice/${n.id}/pdf`}>{w.pdf}</a> · <a href={`/notice/${n.id}/bundle.json`}>{w.bundle}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form data-testid="publish-notice" onSubmit={(e) => (e.preventDefault(), void publish())}>
        <label>
          {w.kind}
          <select name="notice-kind" value={kind} onChange={(e) => setKind(e.target.value as NoticeKind)}>
            {NOTICE_KINDS.map((k) => (
              <option key={k} value={k}>
                {NOTICE_NAMES[k][t.lang]}
              </option>
            ))}
          </select>
        </label>
        {chosenTarget !== null && (
          <label>
            {w.target}
            <select name="notice-target" value={chosenTarget} onChange={(e) => setTarget(e.target.value)}>
              {targets.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {w.workingDays}
          <input type="number" name="working-days" min={MIN_NOTICE_WORKING_DAYS} max={30} value={days} onChange={(e) => setDays(Math.max(MIN_NOTICE_WORKING_DAYS, Math.round(Number(e.target.value))))} />
        </label>
        <button type="submit" className="primary" name="publish" disabled={chosenTarget === ''}>
          {w.publish}
        </button>
      </form>
      <CalendarForm status={status} act={act} />
      <h4>{w.objections}</h4>
      {status.objections.length === 0 ? (
        <p>{w.noObjections}</p>
      ) : (
        <table data-testid="objections">
          <thead>
            <tr>
              <th>{w.objectionNotice}</th>
              <th>{w.objectionAbout}</th>
              <th>{w.objector}</th>
              <th>{w.via}</th>
              <th>{w.objectionText}</th>
              <th>{w.outcomeHeader}</th>
            </tr>
          </thead>
          <tbody>
            {status.objections.map((o) => (
              <tr key={o.id}>
                <td>{NOTICE_NAMES[status.notices.find((n) => n.id === o.noticeId)!.kind][t.lang]}</td>
                <td>{nameOf(o.about)}</td>
                <td>{o.signed ? `${w.signed}：${o.name}（${o.contact}）` : w.anonymous}</td>
                <td>{w.vias[o.via]}</td>
                <td>{o.text}</td>
                <td>
                  {o.outcome ? (
                    `${w.outcomes[o.outcome.outcome]}：${o.outcome.reason}`
                  ) : (
                    <>
                      {w.open}{' '}
                      {OBJECTION_OUTCOMES.filter((x) => status.finalisedAt === null || !WITHHOLDING_OUTCOMES.includes(x)).map((x) => (
                        <button key={x} type="button" name={`handle-${x}`} onClick={() => void handle(o.id, x)}>
                          {w.outcomes[x]}
                        </button>
                      ))}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {status.notices.some((n) => !n.ended) && <ObjectionForm notices={status.notices.filter((n) => !n.ended)} people={people.map(([id, p]) => ({ id, name: p.name }))} act={act} />}
      {status.appointments.length > 0 && (
        <div data-testid="appointments">
          <ul>
            {status.appointments.map((a) => (
              <li key={a.registrationId} data-state={a.state}>
                {titleOf(a.post)}：{nameOf(a.registrationId)} · {w.appointmentStates[a.state]}
              </li>
            ))}
          </ul>
          {status.finalisedAt === null ? (
            <>
              <button type="button" name="finalise" disabled={notYet !== null} onClick={() => void finalise()}>
                {w.finalise}
              </button>
              {notYet !== null && (
                <p className="hint" data-testid="finalise-not-yet">
                  {notYet}
                </p>
              )}
            </>
          ) : (
            <p>{w.finalised}</p>
          )}
        </div>
      )}
    </div>
  );
}

function targetsFor(kind: NoticeKind, ranking: RankingStatus | null, selection: SelectionSummary): Array<{ id: string; label: string }> {
  if (kind === 'interview') return ranking?.days.map((d) => ({ id: d.id, label: d.label })) ?? [];
  if (kind === 'evaluation') return selection.evaluations.filter((e) => e.state === 'closed').map((e) => ({ id: e.id, label: e.title }));
  if (kind === 'written') return (ranking?.sessions ?? []).map((s) => ({ id: s.id, label: s.label }));
  return [];
}

function ObjectionForm({ notices, people, act }: { notices: NoticeStatus['notices']; people: Array<{ id: string; name: string }>; act: Act }) {
  const w = useRW();
  const t = useT();
  const dialog = useDialog();
  const [noticeId, setNoticeId] = useState(notices.at(-1)!.id);
  const [about, setAbout] = useState('');
  const [signed, setSigned] = useState(true);
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [via, setVia] = useState<(typeof VIAS)[number]>('letter');
  const [text, setText] = useState('');
  const ready = text.trim().length >= 2 && (!signed || (name.trim().length > 0 && contact.trim().length > 0));
  const record = async () => {
    if (!(await dialog.open({ title: w.recordTitle, body: w.recordBody, confirm: w.record, cancel: w.cancel }))) return;
    const done = await act(() => tablet.req('organiser:record-objection', { noticeId, about: about || null, name: signed ? name.trim() : null, contact: signed ? contact.trim() : null, via, text: text.trim() }));
    if (done !== null) (setText(''), setName(''), setContact(''));
  };
  return (
    <form data-testid="objection-form" onSubmit={(e) => (e.preventDefault(), void record())}>
      {dialog.element}
      <label>
        {w.objectionNotice}
        <select name="objection-notice" value={noticeId} onChange={(e) => setNoticeId(e.target.value)}>
          {notices.map((n) => (
            <option key={n.id} value={n.id}>
              {NOTICE_NAMES[n.kind][t.lang]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {w.objectionAbout}
        <select name="objection-about" value={about} onChange={(e) => setAbout(e.target.value)}>
          <option value="">{w.aboutAll}</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{w.objector}</legend>
        <label className="inline">
          <input type="radio" name="objector" checked={signed} onChange={() => setSigned(true)} />
          {w.signed}
        </label>
        <label className="inline">
          <input type="radio" name="objector" checked={!signed} onChange={() => setSigned(false)} />
          {w.anonymous}
        </label>
      </fieldset>
      {signed && (
        <>
          <label>
            {w.objectorName}
            <input name="objector-name" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            {w.objectorContact}
            <input name="objector-contact" value={contact} onChange={(e) => setContact(e.target.value)} />
          </label>
        </>
      )}
      <label>
        {w.via}
        <select name="objection-via" value={via} onChange={(e) => setVia(e.target.value as (typeof VIAS)[number])}>
          {VIAS.map((v) => (
            <option key={v} value={v}>
              {w.vias[v]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {w.objectionText}
        <textarea name="objection-text" value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit" name="record-objection" disabled={!ready}>
        {w.record}
      </button>
    </form>
  );
}

function CalendarForm({ status, act }: { status: NoticeStatus; act: Act }) {
  const w = useRW();
  const dialog = useDialog();
  const [year, setYear] = useState(new Date().getFullYear() + 1);
  const [holidays, setHolidays] = useState('');
  const [workdays, setWorkdays] = useState('');
  const [source, setSource] = useState('');
  const lines = (s: string) => s.split(/[\s,，、]+/).filter(Boolean);
  const save = async () => {
    if (!(await dialog.open({ title: fill(w.calSaveTitle, { year }), body: w.calSaveBody, confirm: w.calSave, cancel: w.cancel }))) return;
    await act(() => tablet.req('organiser:set-calendar', { calendar: { year, holidays: lines(holidays), workdays: lines(workdays), source: source.trim() } }));
  };
  return (
    <details data-testid="calendars">
      {dialog.element}
      <summary>
        {w.calendars}：{status.calendars.map((c) => `${c.year}（${c.shipped ? w.shipped : w.entered}）`).join('、')}
      </summary>
      <p className="hint">{w.calendarHelp}</p>
      <ul>
        {status.calendars.map((c) => (
          <li key={c.year}>
            {c.year}：{c.source}
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => (e.preventDefault(), void save())}>
        <label>
          {w.calYear}
          <input type="number" name="calendar-year" min={2000} max={2100} value={year} onChange={(e) => setYear(Math.round(Number(e.target.value)))} />
        </label>
        <label>
          {w.calHolidays}
          <textarea name="calendar-holidays" value={holidays} onChange={(e) => setHolidays(e.target.value)} />
        </label>
        <label>
          {w.calWorkdays}
          <textarea name="calendar-workdays" value={workdays} onChange={(e) => setWorkdays(e.target.value)} />
        </label>
        <label>
          {w.calSource}
          <input name="calendar-source" value={source} onChange={(e) => setSource(e.target.value)} />
        </label>
        <button type="submit" name="save-calendar" disabled={source.trim().length < 4}>
          {w.calSave}
        </button>
      </form>
    </details>
  );
}
