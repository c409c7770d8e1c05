import { useCallback, useEffect, useState } from 'react';
import type { EvaluationStatus } from '@exam/shared';
import { tablet } from '../devices';
import { useDialog } from '../dialog';
import { useCameraScan } from '../camera-scan';
import { useT } from '../i18n';
import { useEW } from './evaluation-words';

const percent = (bp: number) => `${(bp / 100).toFixed(2)}%`;

/**
 * One evaluation on the console: the cards per group and the ballots cast while voting (nothing
 * more), the opening, the close with the supervisors' figures and the unused cards scanned, then the
 * count, the turnout, and — under the minimum turnout — the committee's decision. A supervisor's
 * tablet shows the same, to watch (`watch`): no opening, close or decision there.
 */
export function EvaluationPanel(props: { evaluationId: string; act: <T>(f: () => Promise<T>) => Promise<T | null>; watch?: boolean }) {
  const w = useEW();
  const t = useT();
  const { lang } = t;
  const dialog = useDialog();
  // The unused cards' QR codes hold the code alone: read one after another, each on a line of its own.
  const camera = useCameraScan({ title: w.scanCardTitle, looking: t.scanLooking, noCamera: w.noCameraCard, cancel: w.cancel });
  const [status, setStatus] = useState<EvaluationStatus | null>(null);
  const [handedOut, setHandedOut] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [unused, setUnused] = useState('');
  const { evaluationId } = props;
  const load = useCallback(async () => setStatus(await tablet.req('evaluation:status', { evaluationId })), [evaluationId]);
  const closed = status?.state === 'closed';
  useEffect(() => {
    void load().catch(() => undefined);
    // Until the close, the figures move on their own (the ballots cast per group, the paper entries); after it, nothing does.
    if (closed) return;
    const timer = setInterval(() => void load().catch(() => undefined), 5000);
    return () => clearInterval(timer);
  }, [load, closed]);
  const run = async <T,>(f: () => Promise<T>) => {
    const r = await props.act(f);
    await load();
    return r;
  };
  if (!status) return null;
  const s = status;
  const codes = unused.split(/\s*\n\s*/).filter((x) => x.trim());
  const number = (v: string | undefined) => (v && /^\d+$/.test(v.trim()) ? Number(v) : undefined);
  const openVoting = async () => {
    if (await dialog.open({ title: w.openTitle, body: w.openBody, confirm: w.open, cancel: w.cancel })) await run(() => tablet.req('organiser:open-evaluation', { evaluationId }));
  };
  const closeVoting = async () => {
    const body = (
      <>
        <p>{w.closeConfirmBody}</p>
        {s.paperWaiting > 0 && <p className="warn">{w.closeWaiting.replace('{n}', String(s.paperWaiting))}</p>}
      </>
    );
    if (!(await dialog.open({ title: w.closeConfirmTitle, body, confirm: w.close, cancel: w.cancel, danger: true }))) return;
    const figures = (r: Record<string, string>) => Object.fromEntries(s.groups.flatMap((g) => (number(r[g.id]) === undefined ? [] : [[g.id, number(r[g.id])!]])));
    const done = await run(() => tablet.req('organiser:close-evaluation', { evaluationId, handedOut: figures(handedOut), missing: figures(missing), unused: codes }));
    if (done) setUnused('');
  };
  const decide = async (decision: 'rerun' | 'committee') => {
    const answer = await dialog.open({ title: w.decideTitle, body: decision === 'rerun' ? w.decideRerun : w.decideCommittee, reasonLabel: w.decideReason, reasonMissing: w.decideReasonMissing, confirm: w.decide, cancel: w.cancel, danger: true });
    if (answer) await run(() => tablet.req('organiser:decide-evaluation', { evaluationId, decision, reason: answer.reason }));
  };
  const { scale, approval, thresholdPercent } = s.settings;
  const scaleName = (id: string) => scale.find((x) => x.id === id)?.[lang] ?? id;
  return (
    <div className="evaluation" data-testid="evaluation" data-state={s.state}>
      {dialog.element}
      <h4>
        {s.title} · <span data-testid="evaluation-state">{w.state[s.state]}</span>
      </h4>
      <table>
        <thead>
          <tr>
            <th>{w.group}</th>
            <th>{w.entitled}</th>
            <th>{w.committed}</th>
            <th>{w.cast}</th>
            {s.state === 'open' && !props.watch && <th>{w.handedOut}</th>}
            {s.state === 'open' && !props.watch && <th>{w.missing}</th>}
          </tr>
        </thead>
        <tbody>
          {s.groups.map((g) => (
            <tr key={g.id} data-group={g.id}>
              <td>{g.name}</td>
              <td>{g.entitled}</td>
              <td>{g.committed}</td>
              <td data-testid="cast">{g.cast}</td>
              {s.state === 'open' && !props.watch && (
                <td>
                  <input aria-label={`${g.name} ${w.handedOut}`} name={`handed-out-${g.id}`} inputMode="numeric" value={handedOut[g.id] ?? ''} onChange={(e) => setHandedOut({ ...handedOut, [g.id]: e.target.value })} />
                </td>
              )}
              {s.state === 'open' && !props.watch && (
                <td>
                  <input aria-label={`${g.name} ${w.missing}`} name={`missing-${g.id}`} inputMode="numeric" value={missing[g.id] ?? ''} onChange={(e) => setMissing({ ...missing, [g.id]: e.target.value })} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {s.paperWaiting > 0 && <p className="warn">{w.paperWaiting.replace('{n}', String(s.paperWaiting))}</p>}
      {s.mismatches.length > 0 && (
        <p className="warn" data-testid="mismatches">
          {w.mismatches}{' '}
          {s.mismatches.map((m) => (
            <code key={m}>{m}</code>
          ))}
        </p>
      )}
      {s.state === 'setup' && !props.watch && (
        <button type="button" name="open-evaluation" className="primary" onClick={() => void openVoting()}>
          {w.open}
        </button>
      )}
      {s.state === 'open' && !props.watch && (
        <div className="close-evaluation">
          <label>
            {w.unused}
            <textarea name="unused-codes" rows={4} spellCheck={false} translate="no" value={unused} onChange={(e) => setUnused(e.target.value)} />
          </label>
          <span className="hint">{w.unusedCount.replace('{n}', String(codes.length))}</span>
          <button type="button" name="scan-unused" onClick={() => void camera.scan().then((text) => text !== null && setUnused((u) => `${u.trim() ? `${u.trim()}\n` : ''}${text.trim()}`))}>
            {t.scanWithCamera}
          </button>
          {camera.element}
          <button type="button" name="close-evaluation" className="danger" onClick={() => void closeVoting()}>
            {w.close}
          </button>
        </div>
      )}
      {s.count && (
        <div data-testid="evaluation-count">
          <h4>{w.count}</h4>
          <p>{w.turnoutLine.replace('{cast}', String(s.count.cast)).replace('{entitled}', String(s.count.entitled)).replace('{rate}', percent(s.count.turnoutBp)).replace('{paper}', String(s.count.paper))}</p>
          <p className={s.count.valid ? 'ok' : 'warn'} data-testid="evaluation-valid">
            {s.count.valid ? w.valid : w.invalid}
          </p>
          <p className="hint">
            {w.weightsUsed} {s.groups.filter((g) => s.count!.weightsBp[g.id] !== undefined).map((g) => `${g.name} ${percent(s.count!.weightsBp[g.id]!)}`).join(' · ')}
          </p>
          <table data-testid="evaluation-results">
            <thead>
              <tr>
                <th>{w.candidate}</th>
                {scale.map((r) => (
                  <th key={r.id}>{r[lang]}</th>
                ))}
                <th>{w.dissatisfiedRate}</th>
                <th>{w.approvalRate.replace('{ratings}', approval.map(scaleName).join(' + '))}</th>
                <th>{w.score}</th>
                {s.settings.recommendation.length > 0 && <th>{w.recommendRate}</th>}
                <th>{w.forward}</th>
              </tr>
            </thead>
            <tbody>
              {s.count.candidates.map((c) => (
                <tr key={c.ref}>
                  <td>{c.name}</td>
                  {scale.map((r) => (
                    <td key={r.id}>{c.counts[r.id]}</td>
                  ))}
                  <td>{percent(c.dissatisfiedBp)}</td>
                  <td>{percent(c.approvalBp)}</td>
                  <td>{(c.score / 100).toFixed(2)}</td>
                  {s.settings.recommendation.length > 0 && (
                    <td>
                      {c.recommendation.map((r) => (
                        <div key={r.post}>
                          {s.settings.recommendation.find((p) => p.post === r.post)?.title}：{r.marks} · {percent(r.rawBp)}
                        </div>
                      ))}
                    </td>
                  )}
                  <td className={c.goesForward ? 'ok' : 'warn'}>{c.goesForward ? w.yes : w.no.replace('{t}', String(thresholdPercent))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {s.close && (
            <p>
              {w.boardHash}：<code>{s.close.boardHash.slice(0, 32).match(/.{4}/g)!.join(' ')}</code> ·{' '}
              <a href={`/api/evaluations/${encodeURIComponent(s.id)}/board`} download={`${s.id}-board.json`}>
                {w.board}
              </a>
            </p>
          )}
          {!s.count.valid && !s.decision && !props.watch && (
            <p>
              <button type="button" name="decide-rerun" onClick={() => void decide('rerun')}>
                {w.decideRerun}
              </button>
              <button type="button" name="decide-committee" onClick={() => void decide('committee')}>
                {w.decideCommittee}
              </button>
            </p>
          )}
          {s.decision && <p data-testid="evaluation-decision">{w.decided.replace('{decision}', s.decision.decision === 'rerun' ? w.decideRerun : w.decideCommittee).replace('{reason}', s.decision.reason)}</p>}
        </div>
      )}
    </div>
  );
}
