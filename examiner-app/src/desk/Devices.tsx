import { useState } from 'react';
import type { DeviceRow } from '@exam/shared';
import type { Connection } from '../connection';
import { useT } from '../i18n';
import type { Run } from './DeskApp';

function PendingDevice({ d, desk, room, seats, run }: { d: DeviceRow; desk: Connection; room: string; seats: string[]; run: Run }) {
  const t = useT();
  const [typed, setTyped] = useState('');
  const [seat, setSeat] = useState(seats[0] ?? '');
  const [role, setRole] = useState<'kiosk' | 'marker' | 'desk'>(d.kind === 'kiosk' ? 'kiosk' : 'marker');
  return (
    <tr data-device={d.id}>
      <td>{d.kind}</td>
      <td>{d.label}</td>
      <td>
        <input name="fingerprint" placeholder={t.fingerprintTyped} value={typed} onChange={(e) => setTyped(e.target.value)} size={22} />
      </td>
      <td>
        {d.kind === 'kiosk' ? (
          <select name="seat" value={seat} onChange={(e) => setSeat(e.target.value)}>
            {seats.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        ) : (
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as 'marker' | 'desk')}>
            <option value="marker">marker</option>
            <option value="desk">desk</option>
          </select>
        )}
      </td>
      <td>
        <button
          type="button"
          disabled={typed.length < 4}
          onClick={() =>
            void run(() =>
              desk.req('desk:admit', d.kind === 'kiosk' ? { deviceId: d.id, role: 'kiosk', fingerprint: typed, room, seat } : { deviceId: d.id, role, fingerprint: typed }),
            )
          }
        >
          {t.admit}
        </button>
      </td>
    </tr>
  );
}

/**
 * Admission by fingerprint: the invigilator reads the fingerprint off the device's own screen and
 * types it; the server admits the device only if it matches the key the device proved.
 */
export function Devices({ desk, devices, room, seats, run }: { desk: Connection; devices: DeviceRow[]; room: string; seats: string[]; run: Run }) {
  const t = useT();
  const pending = devices.filter((d) => d.status === 'pending');
  const admitted = devices.filter((d) => d.status === 'admitted');
  return (
    <div className="panel">
      <h3>{t.pending}</h3>
      <table>
        <tbody>
          {pending.map((d) => (
            <PendingDevice key={d.id} d={d} desk={desk} room={room} seats={seats} run={run} />
          ))}
        </tbody>
      </table>
      <h3>{t.admitted}</h3>
      <table>
        <tbody>
          {admitted.map((d) => (
            <tr key={d.id}>
              <td>{d.role}</td>
              <td>
                <code>{d.fingerprint}</code>
              </td>
              <td>{d.room && `${d.room} / ${d.seat}`}</td>
              <td>{d.online ? '●' : '○'}</td>
              <td>
                {d.role !== 'desk' && (
                  <button type="button" onClick={() => void run(() => desk.req('desk:revoke', { deviceId: d.id, reason: window.prompt(t.reason) ?? 'revoked at the desk' }))}>
                    {t.revoke}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
