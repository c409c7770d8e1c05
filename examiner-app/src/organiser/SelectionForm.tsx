import { useState } from 'react';
import { SELECTION_STEPS, STEP_NAMES, type SelectionStep } from '@exam/shared';
import { useT } from '../i18n';
import { useOW } from './words';

/** A `datetime-local` value for an instant, in this device's time zone. */
export const localInput = (at: number) => {
  const d = new Date(at - new Date(at).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};
const DAY = 86_400_000;

/** A new selection: its title and code, the registration window, and which steps apply in what order. */
export function SelectionForm(props: { create: (s: { id: string; title: string; registrationOpens: number; registrationCloses: number; steps: SelectionStep[] }) => Promise<boolean> }) {
  const t = useT();
  const w = useOW();
  const [title, setTitle] = useState('');
  const [id, setId] = useState(() => `sel-${new Date().getFullYear()}`);
  const [opens, setOpens] = useState(() => localInput(Date.now() + DAY));
  const [closes, setCloses] = useState(() => localInput(Date.now() + 8 * DAY));
  const [steps, setSteps] = useState<SelectionStep[]>(['written', 'evaluation', 'interview']);
  const move = (i: number, by: number) => {
    const next = [...steps];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    setSteps(next);
  };
  const valid = title.trim().length >= 2 && /^[a-z0-9-]{1,40}$/.test(id) && steps.length > 0 && new Date(closes).getTime() > new Date(opens).getTime();
  return (
    <form
      className="organiser-form"
      data-testid="selection-form"
      onSubmit={(e) => {
        e.preventDefault();
        void props.create({ id, title: title.trim(), registrationOpens: new Date(opens).getTime(), registrationCloses: new Date(closes).getTime(), steps }).then((ok) => ok && setTitle(''));
      }}
    >
      <label>
        {w.title}
        <input name="selection-title" value={title} placeholder={w.titleHint} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        {w.code}
        <input name="selection-id" value={id} onChange={(e) => setId(e.target.value.trim().toLowerCase())} spellCheck={false} />
      </label>
      <label>
        {w.opens}
        <input type="datetime-local" name="registration-opens" value={opens} onChange={(e) => setOpens(e.target.value)} />
      </label>
      <label>
        {w.closes}
        <input type="datetime-local" name="registration-closes" value={closes} onChange={(e) => setCloses(e.target.value)} />
      </label>
      <fieldset>
        <legend>{w.steps}</legend>
        <p className="hint">{w.stepsHint}</p>
        <ol className="steps">
          {steps.map((s, i) => (
            <li key={s}>
              <label className="inline">
                <input type="checkbox" checked onChange={() => setSteps(steps.filter((x) => x !== s))} />
                {STEP_NAMES[s][t.lang]}
              </label>
              <button type="button" aria-label={`${w.moveUp} ${STEP_NAMES[s][t.lang]}`} disabled={i === 0} onClick={() => move(i, -1)}>
                ↑
              </button>
              <button type="button" aria-label={`${w.moveDown} ${STEP_NAMES[s][t.lang]}`} disabled={i === steps.length - 1} onClick={() => move(i, 1)}>
                ↓
              </button>
            </li>
          ))}
        </ol>
        {SELECTION_STEPS.filter((s) => !steps.includes(s)).map((s) => (
          <label key={s} className="inline">
            <input type="checkbox" checked={false} onChange={() => setSteps([...steps, s])} />
            {STEP_NAMES[s][t.lang]}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={!valid}>
        {w.create}
      </button>
    </form>
  );
}
