import type { AnswerValue, Question } from '@exam/shared';
import type { T } from '../i18n';

const LETTERS = 'ABCDEFGHIJ';

interface Props {
  q: Question;
  number: number;
  optionOrder: number[] | undefined;
  value: AnswerValue | undefined;
  onChange: (v: AnswerValue, typing?: boolean) => void;
  t: T;
}

/** One question. Choices are shown in this candidate's shuffled order and recorded by the author's index. */
export function QuestionView({ q, number, optionOrder, value, onChange, t }: Props) {
  const order = optionOrder ?? q.options?.map((_, i) => i) ?? [];
  // The prompt names the question's controls for a screen reader: its choices are a group named by it.
  const promptId = `prompt-${q.id}`;
  return (
    <article className="question" id={`q-${q.id}`} data-question={q.id}>
      <header>
        <span className="qnum">{number}.</span>
        <span className="prompt" id={promptId}>
          {q.prompt}
        </span>
        <span className="qpoints">
          （{q.points / 100} {t.points}）
        </span>
      </header>
      {q.type === 'single' && (
        <ul className="options" role="radiogroup" aria-labelledby={promptId}>
          {order.map((orig, pos) => (
            <li key={orig}>
              <label className={value === orig ? 'chosen' : ''}>
                <input type="radio" name={q.id} checked={value === orig} onChange={() => onChange(orig)} />
                <b>{LETTERS[pos]}.</b> {q.options![orig]}
              </label>
            </li>
          ))}
        </ul>
      )}
      {q.type === 'multiple' && (
        <ul className="options" role="group" aria-labelledby={promptId}>
          {order.map((orig, pos) => {
            const chosen = Array.isArray(value) && (value as number[]).includes(orig);
            return (
              <li key={orig}>
                <label className={chosen ? 'chosen' : ''}>
                  <input
                    type="checkbox"
                    checked={chosen}
                    onChange={() => {
                      const set = new Set(Array.isArray(value) ? (value as number[]) : []);
                      if (chosen) set.delete(orig);
                      else set.add(orig);
                      onChange(set.size === 0 ? null : [...set].sort((a, b) => a - b));
                    }}
                  />
                  <b>{LETTERS[pos]}.</b> {q.options![orig]}
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {q.type === 'true-false' && (
        <div className="truefalse" role="group" aria-labelledby={promptId}>
          {[true, false].map((v) => (
            <button key={String(v)} type="button" className={value === v ? 'chosen' : ''} aria-pressed={value === v} onClick={() => onChange(v)}>
              {v ? `√ ${t.trueLabel}` : `× ${t.falseLabel}`}
            </button>
          ))}
        </div>
      )}
      {q.type === 'fill-in' && (
        <div className="blanks">
          {Array.from({ length: q.blanks ?? 1 }, (_, i) => {
            const arr = Array.isArray(value) ? (value as string[]) : Array.from({ length: q.blanks ?? 1 }, () => '');
            return (
              <label key={i}>
                ({i + 1})
                <input
                  type="text"
                  value={arr[i] ?? ''}
                  maxLength={500}
                  onChange={(e) => {
                    const next = [...arr];
                    next[i] = e.target.value;
                    onChange(next.every((x) => x === '') ? null : next, true);
                  }}
                />
              </label>
            );
          })}
        </div>
      )}
      {(q.type === 'short-answer' || q.type === 'essay') && (
        <div className="open">
          <textarea
            aria-labelledby={promptId}
            rows={q.type === 'essay' ? 14 : 6}
            value={typeof value === 'string' ? value : ''}
            maxLength={50_000}
            spellCheck={false}
            onChange={(e) => onChange(e.target.value === '' ? null : e.target.value, true)}
          />
          <small>
            {[...(typeof value === 'string' ? value : '')].length}
            {q.wordLimit ? ` / ${q.wordLimit}` : ''} {t.words}
          </small>
        </div>
      )}
    </article>
  );
}
