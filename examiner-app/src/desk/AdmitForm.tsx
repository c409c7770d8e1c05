import { useState } from 'react';
import { RequestError, type DeviceRow, type Role } from '@exam/shared';
import { useDialog } from '../dialog';
import type { Connection } from '../connection';
import { useT } from '../i18n';
import type { Run } from './DeskApp';

/** Every role of the protocol, in the order the desk offers them. */
export const ALL_ROLES = ['kiosk', 'booth', 'teller', 'examiner', 'supervisor', 'escort', 'contributor', 'marker', 'organiser', 'reviewer', 'desk'] as const satisfies readonly Role[];
// A role the protocol gains (shared ROLES) and the desk does not offer fails to compile here: a
// device of that role could otherwise never be admitted from the desk.
const everyRoleOffered: [Exclude<Role, (typeof ALL_ROLES)[number]>] extends [never] ? true : never = true;
void everyRoleOffered;

/**
 * Admission by fingerprint. The desk does not list the fingerprints of waiting devices: the
 * invigilator reads the fingerprint off the device's own screen and types it; the server admits
 * the device whose key matches it — so a device nobody looked at cannot be admitted by mistake.
 * On the devices tab every role; on the interview page the day's roles, for that day.
 */
export function AdmitForm(props: { desk: Connection; devices: DeviceRow[]; room: string; seats: string[]; days: Array<{ id: string; label: string; rooms: string[] }>; run: Run; roles?: readonly Role[]; day?: string }) {
  const { desk, devices, room, seats, days, run } = props;
  const roles: readonly Role[] = props.roles ?? ALL_ROLES;
  const t = useT();
  const dialog = useDialog();
  const [typed, setTyped] = useState('');
  const [role, setRole] = useState<Role>(roles[0]!);
  const taken = new Map(devices.filter((d) => d.status === 'admitted' && d.role === 'kiosk' && d.room === room).map((d) => [d.seat!, d.fingerprint]));
  const [seat, setSeat] = useState(() => seats.find((s) => !taken.has(s)) ?? seats[0] ?? '');
  const [chosenDay, setDayId] = useState(days[0]?.id ?? '');
  const dayId = props.day ?? chosenDay;
  const day = days.find((d) => d.id === dayId);
  const [dayRoom, setDayRoom] = useState('');
  const [person, setPerson] = useState('');
  const interviewRole = role === 'examiner' || role === 'supervisor' || role === 'escort' || role === 'contributor';
  /** The organiser's console, a reviewer and a teller's station are admitted with the name of the person using them, for no day. */
  const officeRole = role === 'organiser' || role === 'reviewer' || role === 'teller';

  const admit = () =>
    run(async () => {
      const payload = {
        role,
        fingerprint: typed,
        ...(role === 'kiosk' ? { room, seat } : {}),
        ...(interviewRole ? { ...(dayId ? { dayId } : {}), person, ...(dayRoom && dayId && (role === 'examiner' || role === 'supervisor') ? { room: dayRoom } : {}) } : {}),
        ...(officeRole ? { person } : {}),
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

  return (
    <>
      {dialog.element}
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
            {roles.map((r) => (
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
            {!props.day && (
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
            )}
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
        {officeRole && (
          <label>
            {t.person}
            <input name="person" value={person} onChange={(e) => setPerson(e.target.value)} />
          </label>
        )}
        <button type="submit" disabled={typed.replace(/[^0-9A-Za-z]/g, '').length < 16 || ((interviewRole || officeRole) && !person.trim())}>
          {t.admit}
        </button>
      </form>
    </>
  );
}
