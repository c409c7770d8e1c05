import { useCallback, useEffect, useState } from 'react';
import { PROTOCOL_VERSION, canonicalize, randomBytes, toHex, type ExaminerView, type InterviewRecusal, type ScoreSheet } from '@exam/shared';
import { RecusalSection } from '../recusal-section';
import { tablet } from '../devices';
import { errorText } from '../errors';
import { useT } from '../i18n';
import { useW } from '../interview/words';
import { useDialog } from '../dialog';

const fmt = (ms: number) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * The examiner's tablet: the lot number and the questions — never a name — a timer, the rubric
 * to score, and exactly what will be signed. The signature is made here, with this tablet's
 * non-extractable key, over the canonical encoding of the sheet.
 */
export function ExaminerPanel() {
  const t = useT();
  const w = useW();
  const dialog = useDialog();
  const [view, setView] = useState<ExaminerView | null>(null);
  const [scores, setScores] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [correcting, setCorrecting] = useState(false);
  const [reason, setReason] = useState('');
  const [now, setNow] = useState(Date.now());

  const refresh = useCallback(async () => {
    try {
      setView(await tablet.req('examiner:view', {}));
    } catch (err) {
      setError(errorText(err, t.lang).text);
    }
  }, [t.lang]);

  useEffect(() => {
    void refresh();
    const on = () => void refresh();
    tablet.socket.on('interview:room', on);
    tablet.socket.on('interview:day', on);
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => {
      tablet.socket.off('interview:room', on);
      tablet.socket.off('interview:day', on);
      clearInterval(timer);
    };
  }, [refresh]);

  const lot = view?.current?.lot;
  useEffect(() => {
    setScores({});
    setCorrecting(false);
    setReason('');
    setError(null);
  }, [lot]);

  if (!view) return <p>…</p>;
  const q = view.questions;
  const items = q ? q.questions.flatMap((qq) => qq.rubric.map((r) => ({ question: qq.id, r }))) : [];
  const parsed = items.map(({ question, r }) => {
    const raw = scores[`${question}/${r.id}`] ?? '';
    const v = Math.round(Number(raw) * 100);
    const problem = raw === '' ? 'empty' : !Number.isFinite(Number(raw)) || v < 0 || v > r.max ? 'range' : v % r.step !== 0 ? 'step' : null;
    return { question, item: r.id, label: r.label, max: r.max, step: r.step, score: v, problem };
  });
  // Why the sign button is not active yet, in words.
  const pointsOf = (h: number) => String(h / 100);
  const blocked = [
    ...parsed.filter((p) => p.problem === 'range').map((p) => w.scoreRange.replace('{item}', p.label).replace('{max}', pointsOf(p.max))),
    ...parsed.filter((p) => p.problem === 'step').map((p) => w.scoreStep.replace('{item}', p.label).replace('{step}', pointsOf(p.step))),
    ...(parsed.some((p) => p.problem === 'empty') ? [w.scoresMissing.replace('{n}', String(parsed.filter((p) => p.problem === 'empty').length))] : []),
  ];
  const complete = parsed.length > 0 && parsed.every((p) => p.problem === null);
  const total = parsed.reduce((s, p) => s + (p.problem === null ? p.score : 0), 0);
  const sheet: ScoreSheet | null =
    complete && view.current
      ? {
          dayId: view.dayId,
          room: view.room,
          lot: view.current.lot,
          items: parsed.map(({ question, item, score }) => ({ question, item, score })),
          total,
          examinerKey: tablet.publicKey(),
          signedAt: 0,
          nonce: '',
          ...(correcting && typeof view.mine === 'object' && view.mine ? { replaces: view.mine.hash, reason } : {}),
        }
      : null;
  // A candidate this examiner declared a relation to, by name before the day: no sheet, the conflict instead.
  const recused = view.current?.recused === true && view.mine === null;
  const canScore = view.current !== null && !recused && (view.mine === null || correcting);

  const submit = async () => {
    if (!sheet) return;
    try {
      const final = { ...sheet, signedAt: Date.now(), nonce: toHex(randomBytes(16)) };
      await tablet.req('score:submit', { sheet: final, signature: await tablet.sign('score-sheet', final) });
      setCorrecting(false);
      setError(null);
      await refresh();
    } catch (err) {
      setError(errorText(err, t.lang).text);
    }
  };
  const declare = async () => {
    if (!view.current) return;
    const answer = await dialog.open({ title: w.conflictTitle, body: w.conflictBody, reasonLabel: w.conflictReason, reasonMissing: t.reasonMissing, confirm: w.conflict, cancel: t.cancel, danger: true });
    if (!answer || !view.current) return;
    const why = answer.reason;
    try {
      const declaration = { dayId: view.dayId, room: view.room, lot: view.current.lot, examinerKey: tablet.publicKey(), reason: why, signedAt: Date.now() };
      await tablet.req('score:conflict', { declaration, signature: await tablet.sign('conflict-declaration', declaration) });
      await refresh();
    } catch (err) {
      setError(errorText(err, t.lang).text);
    }
  };

  const entered = view.current?.enteredAt ?? null;
  const allowed = q ? q.questions.reduce((s, x) => s + x.answerMinutes, 0) * 60_000 : 0;
  return (
    <div className="examiner">
      {dialog.element}
      <header className="exam-head">
        <span>
          {w.room} {view.room} · {view.examiner}
        </span>
        {view.current ? (
          <span className="lot" data-testid="lot">
            {w.lot} {view.current.lot}
          </span>
        ) : (
          <span>{w.noCandidate}</span>
        )}
        {entered && (
          <span className={`timer ${now - entered > allowed ? 'over' : ''}`} data-testid="timer">
            {w.timer} {fmt(now - entered)} / {fmt(allowed)}
          </span>
        )}
      </header>
      {/* Names only while no candidate is in the room: a lot number is never shown beside a name. */}
      {view.current === null && (
        <RecusalSection
          kind="interview"
          scope={view.dayId}
          load={() => tablet.req('examiner:roster', { dayId: view.dayId })}
          declare={async (ticket, relation) => {
            const declaration: InterviewRecusal = { dayId: view.dayId, ticket, relation, declarantKey: tablet.publicKey(), signedAt: Date.now(), nonce: toHex(randomBytes(16)) };
            return tablet.req('examiner:declare-relation', { declaration, signature: await tablet.sign('interview-recusal', declaration) });
          }}
          changed={() => void refresh()}
        />
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!q && <p>{w.questionsSealed}</p>}
      {recused && (
        <p className="alert" role="alert" data-testid="recused">
          {w.recusedHere}{' '}
          <button type="button" className="danger" onClick={() => void declare()}>
            {w.conflict}
          </button>
        </p>
      )}
      {q && view.current && (
        <>
          {q.questions.map((qq, qi) => (
            <section key={qq.id} className="iq">
              <h2>
                {qi + 1}. <span className="prompt">{qq.prompt}</span> <small>({qq.answerMinutes}′)</small>
              </h2>
              <table className="rubric">
                <tbody>
                  {qq.rubric.map((r) => {
                    const key = `${qq.id}/${r.id}`;
                    const p = parsed.find((x) => x.question === qq.id && x.item === r.id)!;
                    return (
                      <tr key={key} className={p.problem && p.problem !== 'empty' ? 'bad' : ''}>
                        <td>{r.label}</td>
                        <td>
                          <input
                            name={key}
                            aria-label={r.label}
                            type="number"
                            inputMode="decimal"
                            min={0}
                            max={r.max / 100}
                            step={r.step / 100}
                            disabled={!canScore}
                            value={scores[key] ?? ''}
                            onChange={(e) => setScores({ ...scores, [key]: e.target.value })}
                          />
                        </td>
                        <td>{w.itemScale.replace('{max}', String(r.max / 100)).replace('{step}', String(r.step / 100))}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </section>
          ))}
          <p className="total" data-testid="total">
            {w.total} {(total / 100).toFixed(2)}
          </p>
          {canScore && (
            <>
              {correcting && (
                <label>
                  {w.correctionReason}
                  <input name="correction-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
                </label>
              )}
              {sheet && (
                <section className="to-sign" data-testid="to-sign">
                  <h3>{w.preview}</h3>
                  <p>
                    {w.room} {sheet.room} · {w.lot} {sheet.lot}
                  </p>
                  <table>
                    <tbody>
                      {parsed.map((p) => (
                        <tr key={`${p.question}/${p.item}`}>
                          <td>{p.label}</td>
                          <td>{pointsOf(p.score)}</td>
                        </tr>
                      ))}
                      <tr>
                        <th>{w.total}</th>
                        <th>{(sheet.total / 100).toFixed(2)}</th>
                      </tr>
                    </tbody>
                  </table>
                  <details>
                    <summary>{w.signedBytes}</summary>
                    <pre className="preview" data-testid="preview">
                      {`exam/v${PROTOCOL_VERSION}/score-sheet`}{'\n'}
                      {canonicalize({ ...sheet, signedAt: '(time of signing)', nonce: '(random)' })}
                    </pre>
                  </details>
                </section>
              )}
              <button type="button" className="primary" disabled={!sheet || (correcting && reason.trim().length < 2)} aria-describedby="sign-blocked" onClick={() => void submit()}>
                {w.sign}
              </button>
              {(blocked.length > 0 || (sheet && correcting && reason.trim().length < 2)) && (
                <ul className="hint" id="sign-blocked" data-testid="sign-blocked">
                  {blocked.map((b) => (
                    <li key={b}>{b}</li>
                  ))}
                  {sheet && correcting && reason.trim().length < 2 && <li>{w.correctionReasonMissing}</li>}
                </ul>
              )}
              {view.mine === null && (
                <button type="button" onClick={() => void declare()}>
                  {w.conflict}
                </button>
              )}
              <p className="hint">{w.waitOthers}</p>
            </>
          )}
          {view.mine === 'conflict' && <p>{w.declaredConflict}</p>}
          {typeof view.mine === 'object' && view.mine?.awaitingCountersign && (
            <p className="hint" data-testid="awaiting">
              ⏳ {w.correctionWaiting.replace('{total}', (view.mine.awaitingCountersign.total / 100).toFixed(2)).replace('{old}', (view.mine.total / 100).toFixed(2))}
            </p>
          )}
          {typeof view.mine === 'object' && view.mine && !correcting && (
            <p data-testid="mine">
              ✓ {w.signed} {(view.mine.total / 100).toFixed(2)} <code>{view.mine.hash.slice(0, 16)}</code>{' '}
              <button type="button" onClick={() => setCorrecting(true)}>
                {w.correct}
              </button>
            </p>
          )}
          <p data-testid="panel">
            {w.panelProgress} {view.panel.signed}/{view.panel.size}
            {view.panel.result !== null && (
              <b className="result">
                {' '}
                · {w.panelResult} {(view.panel.result / 100).toFixed(2)}
                {view.rule.announceOnSpot && ` — ${w.announce}`}
              </b>
            )}
          </p>
        </>
      )}
    </div>
  );
}
