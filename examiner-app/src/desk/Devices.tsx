import { useState } from 'react';
import type { DeskDevices, Role } from '@exam/shared';
import { useDialog } from '../dialog';
import type { Connection } from '../connection';
import { useT } from '../i18n';
import type { Run } from './DeskApp';
import { AdmitForm } from './AdmitForm';
import { beijingTime } from '@exam/shared';

/** The devices: those waiting (counted, never listed), admission (AdmitForm), those admitted and revoked, the desk code. */
export function Devices(props: {
  desk: Connection;
  devices: DeskDevices;
  room: string;
  seats: string[];
  days: Array<{ id: string; label: string; rooms: string[] }>;
  run: Run;
  /** The roles the admission form offers (all of them by default). */
  roles?: readonly Role[];
}) {
  const { desk, room, seats, days, run } = props;
  const { devices, pending, deskCodeRefusals } = props.devices;
  const t = useT();
  const dialog = useDialog();
  const [newCode, setNewCode] = useState<string | null>(null);
  const admitted = devices.filter((d) => d.status === 'admitted');
  const revoked = devices.filter((d) => d.status === 'revoked');

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
            .replace('{at}', beijingTime(latest.at, t.lang, 'time'))
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
      <AdmitForm desk={desk} devices={devices} room={room} seats={seats} days={days} run={run} {...(props.roles ? { roles: props.roles } : {})} />
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
