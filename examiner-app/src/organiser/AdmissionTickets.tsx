import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { useT } from '../i18n';
import type { Admissions } from './SeatsSection';
import { useOW } from './words';
import { beijingTime } from '@exam/shared';

/**
 * The admission tickets (准考证), one to a printed page: the number (also as a QR code, which a USB
 * scanner at the kiosk types as the number), the name, the posts competed for, and for each paper
 * the session, room, seat and time. The print dialog saves them as a PDF.
 */
export function AdmissionTickets(props: { title: string; admissions: Admissions; close: () => void }) {
  const w = useOW();
  const t = useT();
  const [codes, setCodes] = useState<Record<string, string>>({});
  useEffect(() => {
    void Promise.all(props.admissions.rows.map(async (r) => [r.admissionNo, await QRCode.toString(r.admissionNo, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })] as const)).then((x) => setCodes(Object.fromEntries(x)));
  }, [props.admissions]);
  const at = (ms: number) => beijingTime(ms, t.lang, 'long');
  return (
    <div className="tickets">
      <p className="no-print">
        <button type="button" className="primary" onClick={() => window.print()}>
          {w.printTickets}
        </button>{' '}
        <button type="button" onClick={props.close}>
          {w.closePrint}
        </button>{' '}
        <span className="hint">{w.printHelp}</span>
      </p>
      {props.admissions.rows.map((r) => (
        <article key={r.admissionNo} className="ticket" data-testid="ticket">
          <h1>
            {props.title} · {w.ticketTitle}
          </h1>
          <div className="ticket-body">
            <dl>
              <dt>{w.admissionNo}</dt>
              <dd>
                <code className="ticket-number">{r.admissionNo}</code>
              </dd>
              <dt>{w.name}</dt>
              <dd>{r.name}</dd>
              <dt>{w.department}</dt>
              <dd>{r.department}</dd>
              <dt>{w.competes}</dt>
              <dd>{r.posts.join('、')}</dd>
            </dl>
            <figure>
              <div className="qr" dangerouslySetInnerHTML={{ __html: codes[r.admissionNo] ?? '' }} />
              <figcaption>{w.ticketScan}</figcaption>
            </figure>
          </div>
          <table>
            <thead>
              <tr>
                <th>{w.sessionLabel}</th>
                <th>{w.room}</th>
                <th>{w.seat}</th>
                <th>{w.start}</th>
              </tr>
            </thead>
            <tbody>
              {r.sittings.map((x) => (
                <tr key={x.paper}>
                  <td>{x.session?.label ?? w.sessionNotYet}</td>
                  <td>{x.session?.room ?? '—'}</td>
                  <td>
                    <code>{x.seat}</code>
                  </td>
                  <td>{x.session ? at(x.session.scheduledStart) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">{w.ticketRules}</p>
        </article>
      ))}
    </div>
  );
}
