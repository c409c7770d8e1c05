import { useState } from 'react';
import type { AnswerValue } from '@exam/shared';
import type { KioskController } from '../exam/controller';
import type { T } from '../i18n';
import { QuestionView } from './Question';

const isAnswered = (v: AnswerValue | undefined) => v !== undefined && v !== null && !(Array.isArray(v) && v.every((x) => x === ''));

export function PaperView({ c, t }: { c: KioskController; t: T }) {
  const { paper, layout, answers } = c.state;
  const [confirming, setConfirming] = useState(false);
  if (!paper || !layout) return null;
  let n = 0;
  const ordered = paper.sections.map((s, si) => ({ s, qs: layout.questionOrder[si]!.map((qi) => ({ q: s.questions[qi]!, number: ++n })) }));
  const all = ordered.flatMap((o) => o.qs);
  const answered = all.filter(({ q }) => isAnswered(answers[q.id])).length;
  return (
    <div className="paper">
      <nav className="qnav" aria-label={t.questionNav}>
        {all.map(({ q, number }) => (
          <a key={q.id} href={`#q-${q.id}`} className={isAnswered(answers[q.id]) ? 'done' : ''}>
            {number}
          </a>
        ))}
        <div className="progress">
          {t.answered} {answered}/{all.length}
        </div>
        <button type="button" className="submit" onClick={() => setConfirming(true)}>
          {t.submit}
        </button>
      </nav>
      <main>
        <h1>{paper.title}</h1>
        {paper.instructions && <p className="instructions">{paper.instructions}</p>}
        {ordered.map(({ s, qs }) => (
          <section key={s.title}>
            <h2>{s.title}</h2>
            {qs.map(({ q, number }) => (
              <QuestionView key={q.id} q={q} number={number} optionOrder={layout.optionOrder[q.id]} value={answers[q.id]} onChange={(v, typing) => c.setAnswer(q.id, v, typing)} t={t} />
            ))}
          </section>
        ))}
        <button type="button" className="submit big" onClick={() => setConfirming(true)}>
          {t.submit}
        </button>
      </main>
      {confirming && (
        <div className="dialog" role="dialog" aria-modal="true">
          <div>
            <p>{t.confirmSubmit}</p>
            {answered < all.length && (
              <p className="warn">
                {t.unanswered}: {all.length - answered}
              </p>
            )}
            <button type="button" onClick={() => setConfirming(false)}>
              {t.cancel}
            </button>
            <button
              type="button"
              className="submit"
              onClick={() => {
                setConfirming(false);
                void c.submit();
              }}
            >
              {t.confirm}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
