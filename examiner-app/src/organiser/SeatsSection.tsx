import { useState } from 'react';
import type { RequestResults, ReviewerDevice, SelectionSummary } from '@exam/shared';
import { tablet } from '../devices';
import { useDialog } from '../dialog';
import { DrawSection } from '../tablet/SupervisorPanel';
import { useOW } from './words';

export type Admissions = RequestResults['organiser:admissions'];

/**
 * 准考证号与座位抽签: once the list of those who qualify is published and every post below its
 * ratio decided, the organiser opens the seat draw with the venue's supervisors, watches them
 * commit and reveal on their own tablets, and then sees — and prints — who sits where.
 */
export function SeatsSection(props: {
  selection: SelectionSummary;
  supervisors: ReviewerDevice[];
  act: <T>(f: () => Promise<T>) => Promise<T | null>;
  /** The selection's admissions and its latest seat draw, kept by the console (sessions change them too). */
  admissions: Admissions | null;
  reload: () => Promise<void>;
  print: (a: Admissions) => void;
}) {
  const w = useOW();
  const dialog = useDialog();
  const { selection: s } = props;
  const { admissions } = props;
  const [chosen, setChosen] = useState<string[]>([]);

  const ready = s.qualifiedPublishedAt !== null && s.ratio.every((r) => r.qualified >= r.required || r.outcome !== null);
  const draw = admissions?.draw ?? null;
  const canOpen = ready && (!draw || draw.state === 'abandoned');
  const run = async <T,>(f: () => Promise<T>) => {
    await props.act(f);
    await props.reload();
  };
  const abandon = async () => {
    const answer = await dialog.open({ title: w.seatsAbandonTitle, body: w.seatsAbandonBody, reasonLabel: w.decideReason, reasonMissing: w.decideReasonMissing, confirm: w.seatsAbandonConfirm, cancel: w.cancel, danger: true });
    if (answer) await run(() => tablet.req('organiser:abandon-seat-draw', { selectionId: s.id, reason: answer.reason }));
  };
  const paperSeat = (paper: string, seat: string) => w.paperSeat.replace('{paper}', paper).replace('{seat}', seat);
  return (
    <div data-testid="seats-section">
      {dialog.element}
      <h3>{w.seatsTitle}</h3>
      <p className="hint">{w.seatsHelp}</p>
      {!ready && <p>{w.seatsNeedList}</p>}
      {draw && draw.state !== 'abandoned' && <DrawSection draw={draw} act={(f) => run(f)} />}
      {draw && draw.state !== 'done' && draw.state !== 'abandoned' && <p className="hint">{w.seatsWaiting}</p>}
      {canOpen && (
        <fieldset>
          <legend>{w.seatsSupervisors}</legend>
          {props.supervisors.length === 0 && <p>{w.seatsNoSupervisors}</p>}
          {props.supervisors.map((d) => (
            <label key={d.deviceId} className="inline">
              <input type="checkbox" name="seat-supervisor" checked={chosen.includes(d.deviceId)} onChange={(e) => setChosen(e.target.checked ? [...chosen, d.deviceId] : chosen.filter((x) => x !== d.deviceId))} />
              {d.person ?? d.fingerprint}
            </label>
          ))}
          <button type="button" name="open-seat-draw" className="primary" disabled={chosen.length === 0} onClick={() => void run(() => tablet.req('organiser:open-seat-draw', { selectionId: s.id, supervisors: chosen }))}>
            {w.seatsOpen}
          </button>
        </fieldset>
      )}
      {draw && draw.state !== 'abandoned' && (
        <button type="button" name="abandon-seat-draw" onClick={() => void abandon()}>
          {w.seatsAbandon}
        </button>
      )}
      {admissions && admissions.rows.length > 0 && (
        <>
          <table data-testid="admissions">
            <thead>
              <tr>
                <th>{w.admissionNo}</th>
                <th>{w.name}</th>
                <th>{w.department}</th>
                <th>{w.competes}</th>
                <th>{w.sittings}</th>
              </tr>
            </thead>
            <tbody>
              {admissions.rows.map((r) => (
                <tr key={r.admissionNo}>
                  <td>
                    <code>{r.admissionNo}</code>
                  </td>
                  <td>{r.name}</td>
                  <td>{r.department}</td>
                  <td>{r.posts.join('、')}</td>
                  <td>
                    {r.sittings.map((x) => (
                      <div key={x.paper}>
                        <span translate="no">{paperSeat(x.paper, x.seat)}</span>
                        {x.session ? ` · ${x.session.label} · ${x.session.room}` : ` ${w.sessionNotYet}`}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" name="print-tickets" onClick={() => props.print(admissions)}>
            {w.printTickets}
          </button>
        </>
      )}
    </div>
  );
}
