import { useEffect, useState } from 'react';
import { RELATIONS, RELATION_NAMES, type Relation } from '@exam/shared';
import { useDialog } from './dialog';
import { errorText } from './errors';
import { useT } from './i18n';
import { NamedSelect } from './named-select';

const marking = {
  zh: {
    title: '申报回避',
    help: '本场考生名单如下。与其中任何人有夫妻、直系血亲、三代以内旁系血亲或近姻亲关系的，请在阅卷前申报：其答卷将不再出现在本机的阅卷列表中（不会告诉您是哪几份）。',
    relation: '关系',
    declare: '申报',
    declared: '已申报回避',
    confirmTitle: '申报与 {name} 的{relation}？',
    confirmBody: '申报将签名并记录在案，本机不再评阅此人的答卷。已评阅过此人答卷的，不能再申报，请告知组织者。',
    confirm: '签名申报',
    cancel: '取消',
  },
  en: {
    title: 'Declare a relation',
    help: 'These are the session’s candidates. If you are the spouse, a lineal relative, a collateral relative within three generations or a close in-law of any of them, declare it before marking: their scripts leave this tablet’s queue (you are not told which ones).',
    relation: 'Relation',
    declare: 'Declare',
    declared: 'Relation declared',
    confirmTitle: 'Declare that {name} is your {relation}?',
    confirmBody: 'The declaration is signed and recorded, and this tablet no longer marks that candidate’s scripts. If you have already marked them, it is refused: tell the organiser.',
    confirm: 'Sign the declaration',
    cancel: 'Cancel',
  },
};
const interview = {
  zh: {
    ...marking.zh,
    help: '本面试日的考生名单如下。与其中任何人有夫妻、直系血亲、三代以内旁系血亲或近姻亲关系的，请在面试前申报：该考生进入本面试室时，本机不能为其评分，须申请回避。',
    confirmBody: '申报将签名并记录在案。该考生进入本面试室时，本机不能为其评分。已为此人评过分的，不能再申报，请告知监督员。',
  },
  en: {
    ...marking.en,
    help: 'These are the day’s candidates. If you are the spouse, a lineal relative, a collateral relative within three generations or a close in-law of any of them, declare it before the interviews: when that candidate is in your room, this tablet cannot score them and declares the conflict instead.',
    confirmBody: 'The declaration is signed and recorded. When that candidate is in your room, this tablet cannot score them. If you have already scored them, it is refused: tell the supervisors.',
  },
};
const WORDS = { marking, interview };

export interface Roster {
  candidates: Array<{ ticket: string; name: string }>;
  declared: string[];
}

/**
 * Declarations of relations (回避) made by name from a list of candidates — a marker's for a written
 * session, an examiner's for an interview day — each signed by the tablet after a confirmation.
 */
export function RecusalSection(props: { kind: 'marking' | 'interview'; scope: string; load: () => Promise<Roster>; declare: (ticket: string, relation: Relation) => Promise<unknown>; changed: () => void }) {
  const t = useT();
  const w = WORDS[props.kind][t.lang];
  const dialog = useDialog();
  const [roster, setRoster] = useState<Roster | null>(null);
  const [relations, setRelations] = useState<Record<string, Relation>>({});
  const [error, setError] = useState<string | null>(null);
  const { load: fetchRoster } = props;
  const load = () => fetchRoster().then(setRoster, (err: unknown) => setError(errorText(err, t.lang).text));
  // Loaded again when the session or day changes, not on every render.
  useEffect(() => void load(), [props.scope]);
  const declare = async (ticket: string, name: string) => {
    const relation = relations[ticket] ?? 'spouse';
    if (!(await dialog.open({ title: w.confirmTitle.replace('{name}', name).replace('{relation}', RELATION_NAMES[relation][t.lang]), body: w.confirmBody, confirm: w.confirm, cancel: w.cancel, danger: true }))) return;
    try {
      await props.declare(ticket, relation);
      setError(null);
      await load();
      props.changed();
    } catch (err) {
      setError(errorText(err, t.lang).text);
    }
  };
  if (!roster) return null;
  return (
    <details className="recusal" data-testid="recusal">
      {dialog.element}
      <summary>{w.title}</summary>
      <p className="hint">{w.help}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul>
        {roster.candidates.map((c) => (
          <li key={c.ticket} data-name={c.name}>
            {c.name}{' '}
            {roster.declared.includes(c.ticket) ? (
              <span className="hint">{w.declared}</span>
            ) : (
              <>
                <NamedSelect ariaLabel={`${w.relation} ${c.name}`} value={relations[c.ticket] ?? 'spouse'} options={RELATIONS} names={RELATION_NAMES} onChange={(v) => setRelations({ ...relations, [c.ticket]: v as Relation })} />
                <button type="button" name="declare" onClick={() => void declare(c.ticket, c.name)}>
                  {w.declare}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
