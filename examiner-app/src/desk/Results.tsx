import { csvCell } from './csv';
import { useEffect, useState } from 'react';
import type { RequestResults, SessionSummary } from '@exam/shared';
import type { Connection } from '../connection';
import { points, useT } from '../i18n';
import type { Run } from './DeskApp';

export function Results({ desk, session, run }: { desk: Connection; session: SessionSummary; run: Run }) {
  const t = useT();
  const [data, setData] = useState<RequestResults['desk:results'] | null>(null);
  useEffect(() => {
    if (session.answerKeyShares.opened) void run(async () => setData(await desk.req('desk:results', { sessionId: session.id })));
  }, [session.id, session.answerKeyShares.opened, desk, run]);
  if (!data) return <p className="panel">{t.answerKey} …</p>;
  const download = () => {
    const head = [t.rank, t.ticket, t.name, t.seat, t.objective, t.open, t.total];
    const lines = [head, ...data.rows.map((r) => [r.absent ? t.absent : r.rank, r.ticket, r.name, r.seat, r.absent ? '' : points(r.objective), points(r.open), points(r.total)])];
    const blob = new Blob(['\ufeff' + lines.map((l) => l.map(csvCell).join(',')).join('\r\n')], { type: 'text/csv;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${session.id}-results.csv`;
    a.click();
  };
  return (
    <div className="panel">
      <button type="button" onClick={download}>
        {t.exportCsv}
      </button>
      <table className="results" data-testid="results">
        <thead>
          <tr>
            <th>{t.rank}</th>
            <th>{t.ticket}</th>
            <th>{t.name}</th>
            <th>{t.seat}</th>
            <th>{t.objective}</th>
            <th>{t.open}</th>
            <th>{t.total}</th>
            <th>{t.unmarked}</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={r.ticket} className={r.absent ? 'absent' : ''}>
              <td>{r.absent ? t.absent : (r.rank ?? '—')}</td>
              <td>{r.ticket}</td>
              <td>{r.name}</td>
              <td>{r.seat}</td>
              <td>{points(r.objective)}</td>
              <td>{points(r.open)}</td>
              <td>{points(r.total)}</td>
              <td>{r.unmarked}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <small>
        {t.fullMarks} {points(data.paperTotal)}
      </small>
    </div>
  );
}
