import { useEffect, useState } from 'react';
import { RELATIONS, RELATION_NAMES, randomBytes, toHex, type MarkingRecusal, type Relation } from '@exam/shared';
import { tablet } from '../devices';
import { useDialog } from '../dialog';
import { errorText } from '../errors';
import { useT } from '../i18n';
import { NamedSelect } from '../named-select';

const words = {
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

/** A marker's declarations of relations (回避) for one session, made from the session's list of names. */
export function RecusalSection(props: { sessionId: string; changed: () => void }) {
  const t = useT();
  const w = words[t.lang];
  const dialog = useDialog();
  const [roster, setRoster] = useState<{ candidates: Array<{ ticket: string; name: string }>; declared: string[] } | null>(null);
  const [relations, setRelations] = useState<Record<string, Relation>>({});
  const [error, setError] = useState<string | null>(null);
  const load = () => tablet.req('marking:roster', { sessionId: props.sessionId }).then(setRoster, (err: unknown) => setError(errorText(err, t.lang).text));
  useEffect(() => void load(), [props.sessionId]);
  const declare = async (ticket: string, name: string) => {
    const relation = relations[ticket] ?? 'spouse';
    if (!(await dialog.open({ title: w.confirmTitle.replace('{name}', name).replace('{relation}', RELATION_NAMES[relation][t.lang]), body: w.confirmBody, confirm: w.confirm, cancel: w.cancel, danger: true }))) return;
    try {
      const declaration: MarkingRecusal = { sessionId: props.sessionId, ticket, relation, declarantKey: tablet.publicKey(), signedAt: Date.now(), nonce: toHex(randomBytes(16)) };
      await tablet.req('marking:declare-relation', { declaration, signature: await tablet.sign('marking-recusal', declaration) });
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
