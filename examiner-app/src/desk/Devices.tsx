import { useState } from 'react';
import { RequestError, type DeskDevices } from '@exam/shared';
import { useDialog } from '../dialog';
import type { Connection } from '../connection';
import { useT } from '../i18n';
import type { Run } from './DeskApp';

type Role = 'kiosk' | 'marker' | 'desk' | 'examiner' | 'supervisor' | 'escort' | 'contributor';

/**
 * Admission by fingerprint. The desk does not list the fingerprints of waiting devices: the
 * invigilator reads the fingerprint off the device's own screen and types it; the server admits
 * the device whose key matches it — so a device nobody looked at cannot be admitted by mistake.
 */
export function Devices(props: {
  desk: Connection;
  devices: DeskDevices;
  room: string;
  seats: string[];
  days: Array<{ id: string; label: string; rooms: string[] }>;
  run: Run;
}) {
  const { desk, room, seats, days, run } = props;
  const { devices, pending, deskCodeRefusals } = props.devices;
  const t = useT();
  const dialog = useDialog();
  const [newCode, setNewCode] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const [role, setRole] = useState<Role>('kiosk');
  const taken = new Map(devices.filter((d) => d.status === 'admitted' && d.role === 'kiosk' && d.room === room).map((d) => [d.seat!, d.fingerprint]));
  const [seat, setSeat] = useState(() => seats.find((s) => !taken.has(s)) ?? seats[0] ?? '');
  const [dayId, setDayId] = useState(days[0]?.id ?? '');
  const day = days.find((d) => d.id === dayId);
  const [dayRoom, setDayRoom] = useState('');
  const [person, setPerson] = useState('');
  const admitted = devices.filter((d) => d.status === 'admitted');
  const revoked = devices.filter((d) => d.status === 'revoked');
  const interviewRole = role === 'examiner' || role === 'supervisor' || role === 'escort' || role === 'contributor';

  const admit = () =>
    run(async () => {
      const payload = {
        role,
        fingerprint: typed,
        ...(role === 'kiosk' ? { room, seat } : {}),
        ...(interviewRole ? { ...(dayId ? { dayId } : {}), person, ...(dayRoom && dayId && (role === 'examiner' || role === 'supervisor') ? { room: dayRoom } : {}) } : {}),
      };
      try {
        await desk.req('desk:admit', payload);
      } catch (err) {
        if (!(err instanceof RequestError) || err.code !== 'conflict' || role !== 'kiosk') throw err;
        if (!(await dialog.open({ title: t.confirmReplace, confirm: t.replace, cancel: t.cancel, danger: true }))) return;
        await desk.req('desk:admit', { ...payload, replace: true });
      }
      setTyped('');
      setPerson('');
      if (role === 'kiosk') setSeat(seats.find((s) => s !== seat && !taken.has(s)) ?? seat);
    });

  const waiting = (['kiosk', 'tablet', 'desk'] as const).filter((k) => pending[k] > 0);
  const latest = deskCodeRefusals.recent[0];
  const revoke = async (d: (typeof devices)[number]) => {
    const answer = await dialog.open({ title: t.revokeTitle.replace('{device}', `${t.roles[d.role ?? ''] ?? d.kind} ${d.person ?? ''} ${d.fingerprint}`), body: t.revokeBody, reasonLabel: t.reason, confirm: t.revoke, cancel: t.cancel, danger: true });
    if (answer) await run(() => desk.req('desk:revoke', { deviceId: d.id, reason: answer.reason }));
  };
  const changeCode = async () => {
    if (!(await dialog.open({ title: t.changeDeskCode, body: t.changeDeskCodeBody, confirm: t.changeDeskCode, cancel: t.cancel, danger: true }))) return;
    await run(async () => setNewCode((await desk.req('desk:change-code', {})).code));
  };
  return (
    <div className="panel devices">
      {dialog.element}
      <p data-testid="pending-count">
        {t.waitingDevices}: {waiting.length === 0 ? t.none : waiting.map((k) => `${t.kinds[k]} ${pending[k]}`).join('，')}
      </p>
      {latest && (
        <div className="alert" data-testid="desk-code-refusals">
          <strong>{t.deskCodeRefused.replace('{n}', String(deskCodeRefusals.total))}</strong>
          <br />
          {t.deskCodeRefusedDetail
            .replace('{at}', new Date(latest.at).toLocaleTimeString(t.lang === 'zh' ? 'zh-CN' : 'en-GB'))
            .replace('{fingerprint}', latest.fingerprint)
            .replace('{address}', latest.address)
            .replace('{locked}', latest.locked ? t.deskCodeLocked : '')}
        </div>
      )}
      <p>
        <button type="button" onClick={() => void changeCode()}>
          {t.changeDeskCode}
        </button>
        {newCode && (
          <span data-testid="new-desk-code">
            {' '}
            {t.newDeskCode} <code className="new-code">{newCode}</code>
          </span>
        )}
      </p>
      <form
        className="admit"
        onSubmit={(e) => {
          e.preventDefault();
          void admit();
        }}
      >
        <label>
          {t.typeFingerprint}
          <input name="fingerprint" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
        </label>
        <label>
          {t.role}
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {(['kiosk', 'examiner', 'supervisor', 'escort', 'contributor', 'marker', 'desk'] as const).map((r) => (
              <option key={r} value={r}>
                {t.roles[r]}
              </option>
            ))}
          </select>
        </label>
        {role === 'kiosk' && (
          <label>
            {t.seat}
            <select name="seat" value={seat} onChange={(e) => setSeat(e.target.value)}>
              {seats.map((s) => (
                <option key={s} value={s}>
                  {s}
                  {taken.has(s) ? `（${t.seatTaken} ${taken.get(s)}）` : ''}
                </option>
              ))}
            </select>
          </label>
        )}
        {interviewRole && (
          <>
            <label>
              {t.day}
              <select name="day" value={dayId} onChange={(e) => setDayId(e.target.value)}>
                {role === 'supervisor' && <option value="">—</option>}
                {days.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.label}
                  </option>
                ))}
              </select>
            </label>
            {(role === 'examiner' || role === 'supervisor') && (
              <label>
                {t.room}
                <select name="day-room" value={dayRoom} onChange={(e) => setDayRoom(e.target.value)}>
                  {role === 'supervisor' && <option value="">—</option>}
                  {role === 'examiner' && !dayRoom && <option value="">—</option>}
                  {day?.rooms.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label>
              {t.person}
              <input name="person" value={person} onChange={(e) => setPerson(e.target.value)} />
            </label>
          </>
        )}
        <button type="submit" disabled={typed.replace(/[^0-9A-Za-z]/g, '').length < 16 || (interviewRole && !person.trim())}>
          {t.admit}
        </button>
      </form>
      <h3>{t.admitted}</h3>
      <table>
        <thead>
          <tr>
            <th>{t.role}</th>
            <th>{t.person}</th>
            <th>{t.fingerprint}</th>
            <th>{t.location}</th>
            <th>{t.online}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {admitted.map((d) => (
            <tr key={d.id} data-device={d.id}>
              <td>{t.roles[d.role ?? ''] ?? d.role}</td>
              <td>{d.person ?? ''}</td>
              <td>
                <code>{d.fingerprint}</code>
              </td>
              <td>{[d.dayId ? (days.find((x) => x.id === d.dayId)?.label ?? d.dayId) : null, d.room, d.seat].filter(Boolean).join(' / ')}</td>
              <td>{d.online ? '●' : '○'}</td>
              <td>
                {d.role !== 'desk' && (
                  <button type="button" onClick={() => void revoke(d)}>
                    {t.revoke}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {revoked.length > 0 && (
        <p>
          {t.revoke}:{' '}
          {revoked.map((d) => (
            <span key={d.id}>
              {t.kinds[d.kind] ?? d.kind} <code>{d.fingerprint}</code>{' '}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
