import { useCallback, useEffect, useState } from 'react';
import { EvaluationPanel } from '../organiser/EvaluationPanel';
import { get, set } from 'idb-keyval';
import { lotCommitStatement, lotCommitment, randomBytes, toHex, type DrawStatus, type RequestResults } from '@exam/shared';
import { tablet } from '../devices';
import { useAction } from './use-action';
import { CheckpointsSection } from './CheckpointsSection';
import { useW } from '../interview/words';

/**
 * A supervisor's tablet: takes part in the draw with a secret made and kept on this device (in
 * IndexedDB, so a reload does not lose it between commit and reveal), countersigns corrections,
 * sees totals flagged as far from the panel, and the results.
 */
export function SupervisorPanel() {
  const w = useW();
  const dayId = tablet.state.status?.dayId ?? '';
  const [draw, setDraw] = useState<DrawStatus | null>(null);
  const [pending, setPending] = useState<RequestResults['score:pending'] | null>(null);
  const [results, setResults] = useState<RequestResults['interview:results'] | null>(null);
  const [seatDraws, setSeatDraws] = useState<RequestResults['seats:draws']['draws']>([]);
  const [evaluations, setEvaluations] = useState<RequestResults['evaluation:list']['evaluations']>([]);
  const refresh = useCallback(async () => {
    // A supervisor of the venue (no day): checkpoints, the seat draws it takes part in and the evaluations it watches; no lots or sheets.
    if (!dayId) {
      setEvaluations((await tablet.req('evaluation:list', {})).evaluations);
      return setSeatDraws((await tablet.req('seats:draws', {})).draws);
    }
    setDraw((await tablet.req('lot:status', { dayId })).draw);
    setPending(await tablet.req('score:pending', { dayId }));
    setResults(await tablet.req('interview:results', { dayId }).catch(() => null));
  }, [dayId]);
  const { act, error } = useAction(refresh);

  useEffect(() => {
    void act(async () => undefined);
    const on = () => void refresh();
    for (const e of ['lot:status', 'interview:room', 'interview:flag', 'score:sheet', 'interview:day']) tablet.socket.on(e, on);
    return () => {
      for (const e of ['lot:status', 'interview:room', 'interview:flag', 'score:sheet', 'interview:day']) tablet.socket.off(e, on);
    };
  }, [refresh, act]);

  /** The evaluations are watched here, not run: the panel's actions are the console's. */
  const watchOnly = async <T,>(f: () => Promise<T>): Promise<T | null> => {
    await act(f);
    return null;
  };
  const countersign = (hash: string) =>
    act(async () => {
      const cs = { sheetHash: hash, supervisorKey: tablet.publicKey(), signedAt: Date.now() };
      await tablet.req('score:countersign', { countersign: cs, signature: await tablet.sign('sheet-countersign', cs) });
    });

  return (
    <div className="supervisor">
      <h1>
        {w.supervisorTitle} · {tablet.state.status?.room ?? dayId}
      </h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <CheckpointsSection />
      {dayId && <DrawSection draw={draw} act={act} />}
      {!dayId && seatDraws.map((d) => <DrawSection key={d.drawId} draw={d} act={act} title={`${w.seatDraw} · ${d.title}`} />)}
      {!dayId && evaluations.length > 0 && (
        <section className="panel organiser" data-testid="supervisor-evaluations">
          {evaluations.map((e) => (
            <EvaluationPanel key={e.id} evaluationId={e.id} act={watchOnly} watch />
          ))}
        </section>
      )}
      <section className="panel">
        <h2>{w.corrections}</h2>
        {pending?.corrections.length === 0 && <p>—</p>}
        {pending?.corrections.map((c) => (
          <div key={c.hash} className="correction" data-correction={c.hash}>
            {w.room} {c.room} · {w.lot} {c.lot} · {c.examiner}: {w.from} {(c.oldTotal / 100).toFixed(2)} → {w.to} {(c.newTotal / 100).toFixed(2)} （{c.reason}）
            <button type="button" onClick={() => void countersign(c.hash)}>
              {w.countersign}
            </button>
          </div>
        ))}
        <h2>{w.flags}</h2>
        {pending?.flags.map((f) => (
          <p key={`${f.lot}-${f.examiner}`} className="flag">
            {w.room} {f.room} · {w.lot} {f.lot} · {f.examiner}: {(f.total / 100).toFixed(2)} (median {(f.median2 / 200).toFixed(2)})
          </p>
        ))}
      </section>
      {results && (
        <section className="panel">
          <h2>{w.results}</h2>
          <ResultsTable rows={results.rows} />
        </section>
      )}
    </div>
  );
}

/**
 * Taking part in the draw from this device: the secret is made here and kept in IndexedDB until
 * the reveal (a reload between the two loses nothing); only its commitment leaves first.
 */
export function DrawSection({ draw, act, title }: { draw: DrawStatus | null; act: (f: () => Promise<unknown>) => Promise<void>; title?: string }) {
  const w = useW();
  const me = tablet.publicKey();
  const mine = draw?.contributors.find((c) => c.key === me);
  const commit = () =>
    act(async () => {
      const secret = toHex(randomBytes(32));
      await set(`lot-secret:${draw!.drawId}`, secret);
      const commitment = lotCommitment(draw!.drawId, me, secret);
      const signature = await tablet.sign('lot-commit', lotCommitStatement(draw!.drawId, draw!.candidatesHash, me, commitment));
      await tablet.req('lot:commit', { drawId: draw!.drawId, commitment, signature });
    });
  const reveal = () =>
    act(async () => {
      const secret = (await get(`lot-secret:${draw!.drawId}`)) as string | undefined;
      if (!secret) throw new Error('this device holds no secret for this draw');
      await tablet.req('lot:reveal', { drawId: draw!.drawId, secret });
    });
  return (
    <section className="panel" data-testid="draw-section">
      <h2>{title ?? w.draw}</h2>
      {!draw && <p>—</p>}
      {draw && (
        <>
          <p data-testid="draw-state">
            {w.drawState[draw.state]} · {draw.tickets} {w.candidates}
          </p>
          <ul>
            {draw.contributors.map((c) => (
              <li key={c.key}>
                {c.server ? w.theServer : c.name}: {c.revealed ? w.revealed : c.committed ? w.committed : w.waiting}
              </li>
            ))}
          </ul>
          {mine && draw.state === 'committing' && !mine.committed && (
            <button type="button" className="primary" onClick={() => void commit()}>
              {w.commit}
            </button>
          )}
          {mine && draw.state === 'revealing' && !mine.revealed && (
            <button type="button" className="primary" onClick={() => void reveal()}>
              {w.reveal}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** A candidates' representative's tablet, when the organiser wants candidates to contribute to the draw. */
export function ContributorPanel() {
  const dayId = tablet.state.status?.dayId ?? '';
  const [draw, setDraw] = useState<DrawStatus | null>(null);
  const refresh = useCallback(async () => setDraw((await tablet.req('lot:status', { dayId })).draw), [dayId]);
  const { act, error } = useAction(refresh);
  useEffect(() => {
    void act(async () => undefined);
    const on = () => void refresh();
    tablet.socket.on('lot:status', on);
    return () => void tablet.socket.off('lot:status', on);
  }, [refresh, act]);
  return (
    <div className="supervisor">
      {error && <p className="error">{error}</p>}
      <DrawSection draw={draw} act={act} />
    </div>
  );
}

export function ResultsTable({ rows }: { rows: RequestResults['interview:results']['rows'] }) {
  const w = useW();
  return (
    <table data-testid="interview-results">
      <thead>
        <tr>
          <th>{w.room}</th>
          <th>{w.rank}</th>
          <th>{w.lot}</th>
          <th>{w.ticket}</th>
          <th>{w.name}</th>
          <th>{w.score}</th>
          <th>{w.sheets}</th>
          <th>{w.conflicts}</th>
        </tr>
      </thead>
      <tbody>
        {[...rows]
          .sort((a, b) => a.room.localeCompare(b.room) || (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.lot - b.lot)
          .map((r) => (
            <tr key={r.ticket}>
              <td>{r.room}</td>
              <td>{r.rank ?? '—'}</td>
              <td>{r.lot}</td>
              <td>{r.ticket}</td>
              <td>{r.name}</td>
              <td>{r.score === null ? '—' : (r.score / 100).toFixed(2)}</td>
              <td>{r.sheets}</td>
              <td>{r.conflicts}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}
