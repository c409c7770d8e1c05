import { useState, useSyncExternalStore } from 'react';
import { DIMENSIONS, DIMENSION_NAMES, errorTextOf, type EvaluationSettings } from '@exam/shared';
import type { Lang } from '../i18n';
import type { BoothController, BoothState } from './booth';
import { boothErrors, boothWords } from './words';

type W = (typeof boothWords)['zh'];

/** The booth's screens: the code, the form, the review, the confirmation. */
export function BoothView({ b, lang }: { b: BoothController; lang: Lang }) {
  const s = useSyncExternalStore(
    (fn) => b.subscribe(fn),
    () => b.state,
  );
  const w = boothWords[lang];
  const e = s.error;
  const said = e ? (s.mode === 'teller' && e.code === 'conflict' ? w.tellerConflict : (boothErrors[lang][e.code] ?? errorTextOf(e.code, lang) ?? e.message)) : null;
  // Someone left unrated is named: the voter need not hunt for the one row not ticked.
  const unratedNames = e?.code === 'unrated' && s.settings ? b.unrated().map((ref) => s.settings!.candidates.find((c) => c.ref === ref)?.name ?? ref) : [];
  const err = said && unratedNames.length > 0 ? `${said}${lang === 'zh' ? '：' : ': '}${unratedNames.join(lang === 'zh' ? '、' : ', ')}` : said;
  return (
    <div className="booth" data-step={s.step}>
      {err && (
        <div className="banner error sticky-alert" role="alert" data-testid="booth-error" data-code={e!.code}>
          {err}
        </div>
      )}
      {s.step === 'code' && <CodeStep b={b} s={s} w={w} />}
      {s.step === 'rate' && s.settings && <RateStep b={b} s={s} settings={s.settings} w={w} lang={lang} />}
      {s.step === 'review' && s.settings && <ReviewStep b={b} s={s} settings={s.settings} w={w} lang={lang} />}
      {s.step === 'done' && <DoneStep b={b} s={s} w={w} />}
    </div>
  );
}

function CodeStep({ b, s, w }: { b: BoothController; s: BoothState; w: W }) {
  const [typed, setTyped] = useState('');
  return (
    <form
      className="center"
      onSubmit={(ev) => {
        ev.preventDefault();
        const code = typed;
        setTyped(''); // the code leaves the screen at once; the controller holds what it needs
        void b.enterCode(code);
      }}
    >
      <h1>{s.mode === 'booth' ? w.boothTitle : w.tellerTitle}</h1>
      <p>{s.mode === 'booth' ? w.codeHelp : w.tellerCodeHelp}</p>
      <label>
        {w.code}
        <input name="ballot-code" className="code-input" autoFocus autoComplete="off" autoCorrect="off" autoCapitalize="characters" spellCheck={false} translate="no" value={typed} onChange={(ev) => setTyped(ev.target.value)} />
      </label>
      <button type="submit" disabled={!typed.trim() || s.busy}>
        {w.codeOk}
      </button>
      <p className="hint">{w.privacy}</p>
    </form>
  );
}

const scaleName = (settings: EvaluationSettings, id: string | undefined, lang: Lang) => {
  const r = settings.scale.find((x) => x.id === id);
  return r ? r[lang] : '—';
};

function RateStep({ b, s, settings, w, lang }: { b: BoothController; s: BoothState; settings: EvaluationSettings; w: W; lang: Lang }) {
  const unrated = new Set(b.unrated());
  const aspects = [{ id: 'overall' as const, label: w.overall }, ...(settings.dimensions ? DIMENSIONS.map((d) => ({ id: d, label: `${DIMENSION_NAMES[d].zh}${lang === 'en' ? ` (${DIMENSION_NAMES[d].en})` : ''}` })) : [])];
  const group = settings.groups.find((g) => g.id === s.group);
  return (
    <div className="ballot">
      <header className="ballot-head">
        <h1>{settings.title}</h1>
        <p>
          {w.group}：{group?.name} · {w.progress.replace('{done}', String(settings.candidates.length - unrated.size)).replace('{all}', String(settings.candidates.length))}
        </p>
      </header>
      {settings.candidates.map((c) => (
        <fieldset key={c.ref} className={`rating ${unrated.has(c.ref) ? 'unrated' : 'rated'}`} data-candidate={c.name}>
          <legend>{c.name}</legend>
          <table>
            <tbody>
              {aspects.map((a) => {
                const chosen = a.id === 'overall' ? s.ratings[c.ref]?.overall : s.ratings[c.ref]?.dimensions[a.id];
                return (
                  <tr key={a.id}>
                    <th scope="row">{a.label}</th>
                    {settings.scale.map((r) => (
                      <td key={r.id}>
                        <label className={chosen === r.id ? 'chosen' : ''}>
                          <input type="radio" name={`${c.ref}-${a.id}`} checked={chosen === r.id} onChange={() => b.rate(c.ref, r.id, a.id === 'overall' ? undefined : a.id)} />
                          {r[lang]}
                        </label>
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </fieldset>
      ))}
      {settings.recommendation.length > 0 && <h2>{w.recommendTitle}</h2>}
      {settings.recommendation.map((p) => (
        <fieldset key={p.post} className="recommend" data-post={p.title}>
          <legend>{w.recommendHelp.replace('{title}', p.title).replace('{seats}', String(p.seats))}</legend>
          {p.candidates.map((ref) => {
            const on = (s.recommend[p.post] ?? []).includes(ref);
            return (
              <label key={ref} className={on ? 'chosen' : ''}>
                <input type="checkbox" checked={on} onChange={(ev) => b.mark(p.post, ref, ev.target.checked)} />
                {settings.candidates.find((c) => c.ref === ref)?.name}
              </label>
            );
          })}
        </fieldset>
      ))}
      <div className="ballot-actions">
        <button
          type="button"
          className="submit"
          name="to-review"
          onClick={() => {
            b.review();
            // The first one left unrated comes into view, its row marked, the message kept in sight above.
            if (b.unrated().length > 0) document.querySelector('fieldset.rating.unrated')?.scrollIntoView({ block: 'center' });
          }}
        >
          {w.toReview}
        </button>
        <button type="button" name="cancel-ballot" onClick={() => b.cancel()}>
          {w.cancel}
        </button>
      </div>
    </div>
  );
}

function ReviewStep({ b, s, settings, w, lang }: { b: BoothController; s: BoothState; settings: EvaluationSettings; w: W; lang: Lang }) {
  return (
    <div className="ballot">
      <h1>{w.reviewTitle}</h1>
      <p className="warn">{w.reviewHelp}</p>
      <table className="review" data-testid="ballot-review">
        <thead>
          <tr>
            <th>{w.name}</th>
            <th>{w.overall}</th>
            {settings.dimensions && DIMENSIONS.map((d) => <th key={d}>{DIMENSION_NAMES[d][lang]}</th>)}
          </tr>
        </thead>
        <tbody>
          {settings.candidates.map((c) => (
            <tr key={c.ref}>
              <td>{c.name}</td>
              <td>{scaleName(settings, s.ratings[c.ref]?.overall, lang)}</td>
              {settings.dimensions && DIMENSIONS.map((d) => <td key={d}>{scaleName(settings, s.ratings[c.ref]?.dimensions[d], lang)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
      {settings.recommendation.map((p) => (
        <p key={p.post}>
          {w.recommendTitle} · {p.title}：{(s.recommend[p.post] ?? []).length === 0 ? w.none : p.candidates.filter((r) => s.recommend[p.post]!.includes(r)).map((r) => settings.candidates.find((c) => c.ref === r)?.name).join('、')}
        </p>
      ))}
      <div className="ballot-actions">
        <button type="button" className="submit" name="cast" disabled={s.busy} onClick={() => void b.cast()}>
          {s.mode === 'booth' ? w.cast : w.enter}
        </button>
        <button type="button" name="back" onClick={() => b.back()}>
          {w.back}
        </button>
      </div>
    </div>
  );
}

function DoneStep({ b, s, w }: { b: BoothController; s: BoothState; w: W }) {
  // The card's first letters are a code, shown as code (random letters may spell a word of any language).
  const [before, after] = w.tellerMismatch.split('{head}') as [string, string];
  const said = s.outcome === 'received' ? w.castDone : s.outcome === 'first' ? w.tellerFirst : s.outcome === 'counted' ? w.tellerCounted : (
    <>
      {before}
      <code translate="no">{s.cardHead ?? ''}</code>
      {after}
    </>
  );
  return (
    <div className="center" role="status" data-testid="booth-done" data-outcome={s.outcome}>
      <h1>{said}</h1>
      {s.outcome === 'received' && <p>{w.castDoneHelp}</p>}
      {s.tracker && (
        <div className="receipt" data-testid="tracker">
          <p>{w.tracker}</p>
          <code translate="no">{s.tracker}</code>
          <small>{w.trackerHelp}</small>
        </div>
      )}
      <button type="button" name="next-voter" onClick={() => b.cancel()}>
        {s.mode === 'booth' ? w.next : w.nextPaper}
      </button>
    </div>
  );
}
