import { useEffect, useState, useSyncExternalStore } from 'react';
import { randomBytes, toHex, type MarkingQueue, type MarkingRecusal } from '@exam/shared';
import { errorText } from '../errors';
import { tablet } from '../devices';
import { points, useT } from '../i18n';
import { RecusalSection } from '../recusal-section';

/** Blind marking (a tablet admitted as a marker): scripts under anonymous codes, the reference answer beside them, a signed mark per answer. */
export function MarkingApp() {
  const t = useT();
  useSyncExternalStore((fn) => tablet.subscribe(fn), () => tablet.state);
  const [sessionId, setSessionId] = useState('');
  const [queue, setQueue] = useState<MarkingQueue | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [sessions, setSessions] = useState<Array<{ id: string; label: string; room: string }>>([]);
  const s = tablet.state.status;
  const isMarker = s?.status === 'admitted' && s.role === 'marker';
  useEffect(() => {
    if (!isMarker || !tablet.state.connected) return;
    tablet.req('marking:sessions', {}).then(
      (r) => {
        setSessions(r.sessions);
        if (r.sessions.length === 1) setSessionId((cur) => cur || r.sessions[0]!.id);
      },
      () => undefined,
    );
  }, [isMarker, tablet.state.connected]);
  const load = async (id = sessionId) => {
    try {
      setQueue(await tablet.req('marking:queue', { sessionId: id }));
      setError(null);
    } catch (err) {
      setError(errorText(err, t.lang).text);
    }
  };
  const mark = async (code: string, questionId: string) => {
    const points = Math.round(Number(draft[`${code}/${questionId}`]) * 100);
    try {
      // A changed mark names the one it replaces (protocol 2), so an older one can never come back.
      const replaces = queue!.scripts.find((s) => s.code === code && s.questionId === questionId)?.markHash ?? undefined;
      const mark = { sessionId: queue!.sessionId, code, questionId, points, markerKey: tablet.publicKey(), signedAt: Date.now(), nonce: toHex(randomBytes(16)), ...(replaces ? { replaces } : {}) };
      await tablet.req('marking:mark', { mark, signature: await tablet.sign('mark', mark) });
      await load(queue!.sessionId);
    } catch (err) {
      setError(errorText(err, t.lang).text);
    }
  };
  return (
    <div className="marking">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <label>
          {t.chooseSession}{' '}
          <select name="session-id" value={sessionId} onChange={(e) => setSessionId(e.target.value)}>
            <option value="">—</option>
            {sessions.map((x) => (
              <option key={x.id} value={x.id}>
                {x.label} ({t.room} {x.room})
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t.load}</button>
      </form>
      {error && <p className="error">{error}</p>}
      {queue && (
        <RecusalSection
          key={queue.sessionId}
          kind="marking"
          scope={queue.sessionId}
          load={() => tablet.req('marking:roster', { sessionId: queue.sessionId })}
          declare={async (ticket, relation) => {
            const declaration: MarkingRecusal = { sessionId: queue.sessionId, ticket, relation, declarantKey: tablet.publicKey(), signedAt: Date.now(), nonce: toHex(randomBytes(16)) };
            return tablet.req('marking:declare-relation', { declaration, signature: await tablet.sign('marking-recusal', declaration) });
          }}
          changed={() => void load(queue.sessionId)}
        />
      )}
      {queue && (
        <p className="big" data-testid="remaining">
          {(() => {
            const left = queue.scripts.filter((sc) => sc.points === null).length;
            const total = String(queue.scripts.length);
            return left > 0 ? t.remaining.replace('{n}', String(left)).replace('{total}', total) : t.allMarked.replace('{total}', total);
          })()}
        </p>
      )}
      {queue?.questions.map((q) => (
        <section key={q.id}>
          <h2>
            {q.id}. {q.prompt} ({points(q.points)} {t.points})
          </h2>
          <p className="reference">
            {t.reference}: {q.reference}
          </p>
          {queue.scripts
            .filter((sc) => sc.questionId === q.id)
            .map((sc) => (
              <div key={sc.code} className="script" data-script={`${sc.code}/${q.id}`}>
                <b>
                  {t.code} <code>{sc.code}</code>
                </b>
                <blockquote>{sc.answer || '—'}</blockquote>
                <input
                  type="number"
                  aria-label={`${t.code} ${sc.code} · ${t.markMax.replace('{max}', points(q.points))}`}
                  step="0.5"
                  min={0}
                  max={q.points / 100}
                  value={draft[`${sc.code}/${q.id}`] ?? (sc.points !== null ? String(sc.points / 100) : '')}
                  onChange={(e) => setDraft({ ...draft, [`${sc.code}/${q.id}`]: e.target.value })}
                />
                <span> {t.markMax.replace('{max}', points(q.points))} </span>
                <button type="button" onClick={() => void mark(sc.code, q.id)}>
                  {t.save}
                </button>
                {sc.points !== null && <span> ✓ {points(sc.points)}</span>}
              </div>
            ))}
        </section>
      ))}
    </div>
  );
}
