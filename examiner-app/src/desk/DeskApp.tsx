import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { errorText } from '../errors';
import { RequestError, type DeskDevices, type IncidentRow, type SeatState, type SessionSummary, beijingTime } from '@exam/shared';
import { desk } from '../devices';
import { useT } from '../i18n';
import { SeatMap } from './SeatMap';
import { Devices } from './Devices';
import { ALL_ROLES } from './AdmitForm';

/** The roles admitted from the desk's own devices view, outside any session: every one but a kiosk, which takes a seat. */
const ROOMLESS_ROLES = ALL_ROLES.filter((r) => r !== 'kiosk');
import { Opening } from './Opening';
import { Results } from './Results';


export type Run = (f: () => Promise<unknown>) => Promise<boolean>;

export function DeskApp() {
  const t = useT();
  useSyncExternalStore((fn) => desk.subscribe(fn), () => desk.state);
  const [code, setCode] = useState('');
  const [sessions, setSessions] = useState<SessionSummary[]>([]);
  const [devices, setDevices] = useState<DeskDevices>({ devices: [], pending: { kiosk: 0, tablet: 0, desk: 0 }, deskCodeRefusals: { total: 0, recent: [] } });
  const [selected, setSelected] = useState<string | null>(null);
  const [seats, setSeats] = useState<SeatState[]>([]);
  const [incidents, setIncidents] = useState<IncidentRow[]>([]);
  const [tab, setTab] = useState<'seats' | 'devices' | 'opening' | 'results' | 'incidents'>('opening');
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string; detail?: string } | null>(null);
  const [days, setDays] = useState<Array<{ id: string; label: string; rooms: string[] }>>([]);
  const [seatsByRoom, setSeatsByRoom] = useState<Record<string, string[]>>({});

  useEffect(() => void desk.start(), []);
  const admitted = desk.state.status?.status === 'admitted' && desk.state.status.role === 'desk';

  const run: Run = useCallback(async (f) => {
    try {
      await f();
      setMessage(null);
      return true;
    } catch (err) {
      setMessage({ kind: 'error', ...errorText(err, t.lang) });
      return false;
    }
  }, [t.lang]);

  const refresh = useCallback(async () => {
    const o = await desk.req('desk:overview', {});
    setSessions(o.sessions);
    setDevices({ devices: o.devices, pending: o.pending, deskCodeRefusals: o.deskCodeRefusals });
    setDays(o.days);
    setSeatsByRoom(o.seats);
    // The desk opens on the first session still to be run or running; a closed one only when all are.
    setSelected((s) => s ?? (o.sessions.find((x) => x.state !== 'closed') ?? o.sessions[0])?.id ?? null);
  }, []);

  useEffect(() => {
    if (!admitted || !desk.state.connected) return;
    void run(refresh);
    const s = desk.socket;
    // A session created from the organiser's console while the desk is open joins the list.
    const onSession = ({ session }: { session: SessionSummary }) => setSessions((all) => (all.some((x) => x.id === session.id) ? all.map((x) => (x.id === session.id ? session : x)) : [...all, session]));
    const onDevices = (d: DeskDevices) => setDevices(d);
    s.on('desk:session', onSession);
    s.on('desk:devices', onDevices);
    return () => {
      s.off('desk:session', onSession);
      s.off('desk:devices', onDevices);
    };
  }, [admitted, desk.state.connected, refresh, run]);

  useEffect(() => {
    if (!admitted || !selected || !desk.state.connected) return;
    void run(async () => {
      const d = await desk.req('desk:session', { sessionId: selected });
      setSeats(d.seats);
      setIncidents(d.incidents);
    });
    const s = desk.socket;
    const onSeats = (m: { sessionId: string; seats: SeatState[] }) => {
      if (m.sessionId !== selected) return;
      setSeats((all) => {
        const next = new Map(all.map((x) => [x.seat, x]));
        for (const x of m.seats) next.set(x.seat, x);
        return [...next.values()].sort((a, b) => a.seat.localeCompare(b.seat, 'en', { numeric: true }));
      });
    };
    const onIncident = (m: { sessionId: string; incident: IncidentRow }) => m.sessionId === selected && setIncidents((all) => [m.incident, ...all]);
    s.on('desk:seats', onSeats);
    s.on('desk:incident', onIncident);
    return () => {
      s.off('desk:seats', onSeats);
      s.off('desk:incident', onIncident);
    };
  }, [admitted, selected, desk.state.connected, run]);

  if (!admitted) {
    return (
      <form
        className="card narrow"
        onSubmit={(e) => {
          e.preventDefault();
          void desk.start(code.trim());
        }}
      >
        <h1>{t.deskCodeTitle}</h1>
        <p>{t.deskCodeHelp}</p>
        <p>
          {t.yourFingerprint}: <code data-testid="desk-fingerprint">{desk.state.status?.fingerprint ?? '…'}</code>
        </p>
        <input name="desk-code" value={code} onChange={(e) => setCode(e.target.value)} autoFocus />
        <button type="submit">{t.connect}</button>
        {desk.state.error && <p className="error">{errorText(new RequestError({ code: desk.state.error.code as never, message: desk.state.error.message }), t.lang).text}</p>}
      </form>
    );
  }

  const session = sessions.find((s) => s.id === selected);
  return (
    <div className="desk">
      <aside>
        <h2>{t.sessions}</h2>
        {sessions.map((s) => (
          <button key={s.id} type="button" className={s.id === selected ? 'active' : ''} onClick={() => setSelected(s.id)}>
            <b>{s.label}</b>
            <br />
            {t.room} <span translate="no">{s.room}</span> · {t.sessionStates[s.state]} · {t.handedIn} {s.submitted}/{s.candidates}
          </button>
        ))}
        <button type="button" className={session ? '' : 'active'} onClick={() => setSelected('')} data-testid="roomless-devices">
          <b>{t.roomlessDevices}</b>
        </button>
      </aside>
      <main>
        {message && (
          <p className={message.kind} role="alert" data-testid="desk-message">
            {message.text}
            {message.detail && (
              <small className="detail">
                <code>{message.detail}</code>
              </small>
            )}
          </p>
        )}
        {session && (
          <>
            <header className="session-head">
              <h1>{session.label}</h1>
              <span className={`state ${session.state}`} data-testid="session-state">
                {t.sessionStates[session.state]}
              </span>
              <small>
                {t.scheduled} {beijingTime(session.scheduledStart, t.lang)}
                {session.startedAt && ` · ${t.started} ${beijingTime(session.startedAt, t.lang, 'time')}`}
                {session.closedAt && ` · ${t.closed} ${beijingTime(session.closedAt, t.lang, 'time')}`}
              </small>
            </header>
            <nav className="tabs">
              {(['opening', 'seats', 'devices', 'incidents', 'results'] as const).map((k) => (
                <button key={k} type="button" className={tab === k ? 'active' : ''} onClick={() => setTab(k)} data-tab={k}>
                  {t[k]}
                  {k === 'devices' && (devices.pending.kiosk + devices.pending.tablet + devices.pending.desk > 0 || devices.deskCodeRefusals.total > 0) ? ' •' : ''}
                </button>
              ))}
            </nav>
            {tab === 'opening' && <Opening desk={desk} session={session} run={run} />}
            {tab === 'seats' && <SeatMap desk={desk} session={session} seats={seats} run={run} />}
            {tab === 'devices' && <Devices desk={desk} devices={devices} room={session.room} seats={seatsByRoom[session.room] ?? seats.map((s) => s.seat)} days={days} run={run} />}
            {tab === 'incidents' && (
              <table data-testid="incidents">
                <thead>
                  <tr>
                    {t.incidentHeaders.map((h) => (
                      <th key={h}>{h}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {incidents.map((i) => (
                    <tr key={`${i.at}-${i.seat}-${i.kind}`}>
                      <td>{beijingTime(i.at, t.lang, 'time')}</td>
                      <td>{i.seat}</td>
                      <td>{i.ticket}</td>
                      <td>{t.incidentKinds[i.kind] ?? i.kind}</td>
                      <td>{i.detail}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {tab === 'results' && <Results desk={desk} session={session} run={run} />}
          </>
        )}
        {!session && (
          <>
            <header className="session-head">
              <h1>{t.roomlessDevices}</h1>
            </header>
            <p>{t.roomlessDevicesHint}</p>
            <Devices desk={desk} devices={devices} room="" seats={[]} days={days} run={run} roles={ROOMLESS_ROLES} />
          </>
        )}
      </main>
    </div>
  );
}
