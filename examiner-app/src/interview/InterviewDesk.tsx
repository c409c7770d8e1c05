import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { ticketSchema, type DaySummary, type DeviceRow, type InterviewCandidateRow, type RequestResults } from '@exam/shared';
import { desk } from '../devices';
import { errorText } from '../errors';
import { useT } from '../i18n';
import { useW } from './words';
import { ResultsTable } from '../tablet/SupervisorPanel';
import { ShareEntryForm, useShareEntryState } from '../desk/ShareEntryForm';
import { useDialog } from '../dialog';
import { AdmitForm } from '../desk/AdmitForm';
import { useCameraScan } from '../camera-scan';

/**
 * The desk on the interview day: opening the questions, check-in (phones handed in), the draw,
 * the rooms as they stand, the key ceremony sheet and the results.
 */
export function InterviewDesk() {
  const t = useT();
  const w = useW();
  const dialog = useDialog();
  useSyncExternalStore((fn) => desk.subscribe(fn), () => desk.state);
  const [days, setDays] = useState<Array<{ id: string; label: string; rooms: string[] }>>([]);
  const daysNow = useRef(days);
  daysNow.current = days;
  const [dayId, setDayId] = useState('');
  const [summary, setSummary] = useState<DaySummary | null>(null);
  const [candidates, setCandidates] = useState<InterviewCandidateRow[]>([]);
  /** The list as it is when a scan ends, not as it was when the scan began (live events refresh it meanwhile). */
  const candidatesNow = useRef(candidates);
  candidatesNow.current = candidates;
  /** Once a candidate has been called the lots stand: the server refuses to void the draw, and the desk no longer offers it. */
  const interviewsBegun = candidates.some((c) => c.state === 'called' || c.state === 'interviewing' || c.state === 'finished');
  const [devices, setDevices] = useState<DeviceRow[]>([]);
  const [results, setResults] = useState<RequestResults['interview:results'] | null>(null);
  const [panel, setPanel] = useState<RequestResults['interview:panel'] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [phones, setPhones] = useState<Record<string, boolean>>({});
  const entry = useShareEntryState();
  /** The ticket last read from an admission ticket's QR code: its row is marked and its phone box focused. */
  const [scannedTicket, setScannedTicket] = useState<string | null>(null);
  /**
   * What the last scan found wrong, kept apart from `error`: a refresh that succeeds (any live event
   * brings one) clears `error`, and must not wipe this before the official has read it.
   */
  const [scanProblem, setScanProblem] = useState<string | null>(null);
  const camera = useCameraScan({ title: w.scanTicketTitle, looking: t.scanLooking, noCamera: w.noCameraTicket, cancel: t.cancel });
  const scanTicket = async () => {
    const text = await camera.scan();
    if (text === null) return;
    const ticket = ticketSchema.safeParse(text.trim());
    const row = ticket.success ? candidatesNow.current.find((c) => c.ticket === ticket.data) : undefined;
    if (!row) {
      setScannedTicket(null);
      setScanProblem(w.ticketNotToday.replace('{ticket}', text.trim().slice(0, 40)));
      return;
    }
    setScanProblem(null);
    setScannedTicket(row.ticket);
    requestAnimationFrame(() => {
      const tr = document.querySelector<HTMLElement>(`tr[data-ticket="${CSS.escape(row.ticket)}"]`);
      tr?.scrollIntoView({ block: 'center' });
      tr?.querySelector<HTMLInputElement>('input[name=phone]:not(:disabled)')?.focus();
    });
  };

  useEffect(() => void desk.start(), []);
  const ready = desk.state.connected && desk.state.status?.role === 'desk' && desk.state.status.status === 'admitted';
  const act = useCallback(
    async (f: () => Promise<unknown>): Promise<boolean> => {
      try {
        await f();
        setError(null);
        return true;
      } catch (err) {
        setError(errorText(err, t.lang).text);
        return false;
      }
    },
    [t.lang],
  );
  const refresh = useCallback(async () => {
    if (!dayId) return;
    setSummary(await desk.req('interview:overview', { dayId }));
    setCandidates((await desk.req('interview:candidates', { dayId })).candidates);
    setDevices((await desk.req('desk:overview', {})).devices);
    setPanel(await desk.req('interview:panel', { dayId }));
    setResults(await desk.req('interview:results', { dayId }).catch(() => null));
  }, [dayId]);

  useEffect(() => {
    if (!ready) return;
    const load = () =>
      void act(async () => {
        const o = await desk.req('desk:overview', {});
        setDays(o.days);
        setDayId((d) => d || o.days[0]?.id || '');
      });
    load();
    // A day created from the organiser's console while this page is open joins the list.
    const onDay = (s: DaySummary) => {
      if (!daysNow.current.some((d) => d.id === s.id)) load();
    };
    desk.socket.on('interview:day', onDay);
    return () => void desk.socket.off('interview:day', onDay);
  }, [ready, act]);
  useEffect(() => {
    if (!ready || !dayId) return;
    void act(refresh);
    // A live event's refresh says only what goes wrong with it: it does not clear the message an
    // action of the official's left, which stays until their next action.
    const on = () => void refresh().catch((err: unknown) => setError(errorText(err, t.lang).text));
    for (const e of ['interview:day', 'interview:room', 'lot:status', 'desk:devices']) desk.socket.on(e, on);
    return () => {
      for (const e of ['interview:day', 'interview:room', 'lot:status', 'desk:devices']) desk.socket.off(e, on);
    };
  }, [ready, dayId, refresh, act, t.lang]);

  if (!ready) return <p className="card narrow">{w.lotNeedsDesk}</p>;
  const supervisors = devices.filter((d) => d.status === 'admitted' && (d.role === 'supervisor' || d.role === 'contributor') && d.dayId === dayId);
  const draw = summary?.draw;
  const drawOpen = draw && (draw.state === 'committing' || draw.state === 'revealing');
  return (
    <div className="interview-desk">
      {dialog.element}
      <header className="session-head">
        <h1>{w.interview}</h1>
        <select value={dayId} aria-label={w.dayChoice} onChange={(e) => setDayId(e.target.value)}>
          {days.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label}
            </option>
          ))}
        </select>
      </header>
      {error && (
        <p className="error" role="alert" data-testid="interview-error">
          {error}
        </p>
      )}
      {summary && (
        <>
          <section className="panel">
            <h2>{w.questions}</h2>
            {summary.questionsOpen ? (
              <p className="ok" data-testid="questions-open">
                ✓ {w.questionsOpen}
              </p>
            ) : (
              <ShareEntryForm
                entered={summary.questionShares.entered}
                threshold={summary.questionShares.threshold}
                state={entry}
                submit={(code, keyholder) =>
                  act(async () => {
                    await desk.req('interview:enter-share', { dayId, code, keyholder });
                    await refresh();
                  })
                }
              />
            )}
          </section>
          <section className="panel">
            <h2>{w.candidates}</h2>
            <p>
              <button type="button" name="scan-ticket" onClick={() => void scanTicket()}>
                {w.scanTicket}
              </button>
            </p>
            {scanProblem && (
              <p className="error" role="alert" data-testid="scan-problem">
                {scanProblem}
              </p>
            )}
            {camera.element}
            <table data-testid="check-in">
              <thead>
                <tr>
                  <th>{w.ticket}</th>
                  <th>{w.name}</th>
                  <th>{w.room}</th>
                  <th>{t.state}</th>
                  <th>{w.lot}</th>
                  <th>{w.phone}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {candidates.map((c) => (
                  <tr key={c.ticket} data-ticket={c.ticket} className={scannedTicket === c.ticket ? 'scanned' : undefined} data-scanned={scannedTicket === c.ticket || undefined}>
                    <td>{c.ticket}</td>
                    <td>{c.name}</td>
                    <td>{c.room}</td>
                    <td>{w.state[c.state]}</td>
                    <td>{c.lot ?? '—'}</td>
                    <td>
                      <input
                        type="checkbox"
                        name="phone"
                        aria-label={`${w.phone} · ${c.name}`}
                        disabled={c.state !== 'registered'}
                        checked={c.state === 'registered' ? (phones[c.ticket] ?? false) : c.phoneHandedIn}
                        onChange={(e) => setPhones({ ...phones, [c.ticket]: e.target.checked })}
                      />
                    </td>
                    <td>
                      {c.state === 'registered' && !drawOpen && draw?.state !== 'done' && (
                        <>
                          <button type="button" name="check-in" onClick={() => void act(async () => (await desk.req('interview:check-in', { dayId, ticket: c.ticket, phoneHandedIn: phones[c.ticket] ?? false }), await refresh()))}>
                            {w.checkIn}
                          </button>
                          <button
                            type="button"
                            onClick={() =>
                              void dialog.open({ title: w.absentTitle.replace('{name}', c.name), body: w.absentBody, reasonLabel: t.reason, reasonMissing: t.reasonMissing, confirm: w.absent, cancel: t.cancel }).then((answer) => {
                                if (answer) void act(async () => (await desk.req('interview:absent', { dayId, ticket: c.ticket, reason: answer.reason }), await refresh()));
                              })
                            }
                          >
                            {w.absent}
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="panel">
            <h2>{w.draw}</h2>
            {draw && (
              <p data-testid="draw-status">
                {w.drawState[draw.state]} (#{draw.attempt}) · {draw.contributors.map((c) => `${c.server ? w.theServer : c.name}: ${c.revealed ? w.revealed : c.committed ? w.committed : w.waiting}`).join('，')}
              </p>
            )}
            {(!draw || draw.state === 'abandoned') && (
              <div>
                <p>{w.supervisorsForDraw}</p>
                {supervisors.map((s) => (
                  <label key={s.id} className="inline">
                    <input type="checkbox" name="draw-supervisor" checked={chosen.includes(s.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, s.id] : chosen.filter((x) => x !== s.id))} /> {s.person} (<code>{s.fingerprint}</code>)
                  </label>
                ))}
                <button type="button" className="primary" disabled={chosen.length === 0} onClick={() => void act(async () => (await desk.req('lot:open', { dayId, supervisors: chosen }), await refresh()))}>
                  {w.openDraw}
                </button>
              </div>
            )}
            {draw && draw.state !== 'abandoned' && !interviewsBegun && (
              <button
                type="button"
                className="danger"
                onClick={() =>
                  void dialog.open({ title: w.abandonTitle, body: w.abandonBody, reasonLabel: w.abandonReason, reasonMissing: t.reasonMissing, confirm: w.abandon, cancel: t.cancel, danger: true }).then((answer) => {
                    if (answer) void act(async () => (await desk.req('lot:abandon', { drawId: draw.drawId, reason: answer.reason }), await refresh()));
                  })
                }
              >
                {w.abandon}
              </button>
            )}
          </section>
          <section className="panel">
            <h2>{w.room}</h2>
            <table data-testid="rooms">
              <tbody>
                {summary.rooms.map((r) => (
                  <tr key={r.room}>
                    <td>{r.room}</td>
                    <td>
                      {w.current}: {r.currentLot !== null ? `${w.lot} ${r.currentLot}（${w.state[r.currentState ?? '']}）` : '—'}
                    </td>
                    <td>
                      {w.panelProgress} {r.signed + r.conflicts}/{r.panelSize}
                    </td>
                    <td>{r.result !== null ? (r.result / 100).toFixed(2) : ''}</td>
                    <td>
                      {w.next}: {r.nextLot ?? '—'} · {w.waitingCount} {r.waiting} · {w.finishedCount} {r.finished}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {results && (
            <section className="panel">
              <h2>{w.results}</h2>
              <ResultsTable rows={results.rows} />
            </section>
          )}
          <section className="panel devices">
            <h2>{w.admitTablets}</h2>
            <p className="hint">{w.admitTabletsHelp}</p>
            <AdmitForm key={dayId} desk={desk} devices={devices} room="" seats={[]} days={days} day={dayId} roles={['examiner', 'supervisor', 'escort', 'contributor']} run={act} />
          </section>
          {panel && (
            <section className="panel ceremony">
              <h2>
                {w.ceremony}{' '}
                <button type="button" onClick={() => window.print()}>
                  {w.print}
                </button>
              </h2>
              {panel.rooms.map((r) => (
                <table key={r.room}>
                  <thead>
                    <tr>
                      <th colSpan={3}>{r.room}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...r.examiners.map((e) => ({ ...e, role: w.examiners })), ...r.supervisors.map((e) => ({ ...e, role: w.supervisors }))].map((m) => (
                      <tr key={m.key}>
                        <td>
                          {m.role} {m.name}
                        </td>
                        <td>
                          <code>{m.fingerprint}</code>
                        </td>
                        <td>{w.signature}: ________</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ))}
            </section>
          )}
        </>
      )}
    </div>
  );
}
