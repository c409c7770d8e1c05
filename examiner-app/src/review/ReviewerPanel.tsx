import { useCallback, useEffect, useState } from 'react';
import {
  EDUCATION_NAMES,
  LEVEL_NAMES,
  RELATIONS,
  RELATION_NAMES,
  randomBytes,
  toHex,
  type CheckResult,
  type Education,
  type PersonLevel,
  type RecusalDeclaration,
  type Relation,
  type ReviewDecision,
  type ReviewItem,
  type ReviewQueue,
  beijingTime,
} from '@exam/shared';
import { tablet } from '../devices';
import { useDialog } from '../dialog';
import { useT } from '../i18n';
import { useAction } from '../tablet/use-action';
import { useRvW } from './words';
import { NamedSelect } from '../named-select';

/** A reviewer's device: each registration for each post, the machine's checks, a signed decision with a reason, and declared relations. */
export function ReviewerPanel() {
  const t = useT();
  const w = useRvW();
  const dialog = useDialog();
  const [selections, setSelections] = useState<Array<{ id: string; title: string }> | null>(null);
  const [chosen, setChosen] = useState('');
  const [queue, setQueue] = useState<ReviewQueue | null>(null);
  const selectionId = chosen || selections?.[0]?.id || '';
  const refresh = useCallback(async () => {
    const s = (await tablet.req('review:selections', {})).selections;
    setSelections(s);
    const id = chosen || s[0]?.id;
    setQueue(id ? await tablet.req('review:queue', { selectionId: id }) : null);
  }, [chosen]);
  const { act, error } = useAction(refresh);
  useEffect(() => void act(async () => undefined), [act]);

  const name = (l: PersonLevel) => LEVEL_NAMES[l][t.lang];
  const edu = (e: Education) => EDUCATION_NAMES[e][t.lang];
  const checkText = (c: CheckResult) => {
    const req =
      c.check === 'years-in-rank' ? w.minYears.replace('{n}', String(c.required)) : c.check === 'education' ? `≥ ${edu(c.required as Education)}` : c.check === 'age' ? w.maxAge.replace('{n}', String(c.required)) : (c.required as PersonLevel[]).map(name).join(t.lang === 'zh' ? '或' : ' or ');
    const actual = c.check === 'education' ? edu(c.actual as Education) : c.check === 'level' ? name(c.actual as PersonLevel) : c.check === 'age' ? (c.actual === null ? w.unknownAge : w.ageNow.replace('{n}', String(c.actual))) : String(c.actual);
    return `${c.ok ? '✓' : '✗'} ${w.checkNames[c.check]}：${w.actual} ${actual}，${w.required} ${req}`;
  };
  const postTitle = (id: string) => queue?.posts.find((p) => p.id === id)?.title ?? id;

  const decide = (i: ReviewItem, pass: boolean) =>
    act(async () => {
      const failing = i.checks.filter((c) => !c.ok).map((c) => w.checkNames[c.check]);
      const answer = await dialog.open({
        title: w.decideTitle.replace('{name}', i.name).replace('{post}', postTitle(i.post)).replace('{decision}', pass ? w.pass : w.fail),
        body: <ul>{i.checks.map((c) => <li key={c.check}>{checkText(c)}</li>)}</ul>,
        reasonLabel: w.reason,
        reasonMissing: w.reasonMissing,
        reasonDefault: pass ? w.passReason : failing.length > 0 ? `${failing.join(t.lang === 'zh' ? '、' : ', ')}${t.lang === 'zh' ? '不符合任职条件' : ' does not meet the qualifications'}` : '',
        confirm: w.sign,
        cancel: w.cancel,
        danger: !pass,
      });
      if (!answer) return;
      const decision: ReviewDecision = {
        selectionId,
        registrationId: i.registrationId,
        post: i.post,
        decision: pass ? 'pass' : 'fail',
        reason: answer.reason,
        reviewerKey: tablet.publicKey(),
        signedAt: Date.now(),
        nonce: toHex(randomBytes(16)),
        ...(i.current ? { replaces: i.current.hash } : {}),
      };
      await tablet.req('review:decide', { decision, signature: await tablet.sign('review-decision', decision) });
    });

  const declare = (i: ReviewItem, relation: Relation) =>
    act(async () => {
      const ok = await dialog.open({ title: w.declareTitle.replace('{name}', i.name).replace('{relation}', RELATION_NAMES[relation][t.lang]), body: w.declareBody, confirm: w.declareConfirm, cancel: w.cancel, danger: true });
      if (!ok) return;
      const declaration: RecusalDeclaration = { selectionId, registrationId: i.registrationId, relation, declarantKey: tablet.publicKey(), signedAt: Date.now(), nonce: toHex(randomBytes(16)) };
      await tablet.req('review:declare-relation', { declaration, signature: await tablet.sign('recusal-declaration', declaration) });
    });

  if (selections && selections.length === 0) return <p className="card narrow">{w.none}</p>;
  const pending = queue?.items.filter((i) => !i.current && !i.recused).length ?? 0;
  return (
    <div className="organiser review">
      {dialog.element}
      <header className="session-head">
        <h1>{w.title}</h1>
        {selections && selections.length > 1 && (
          <select aria-label={w.title} value={selectionId} onChange={(e) => setChosen(e.target.value)}>
            {selections.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        )}
      </header>
      {error && (
        <p className="error" role="alert" data-testid="review-error">
          {error}
        </p>
      )}
      {queue && (
        <>
          <h2>{queue.title}</h2>
          {!queue.open ? (
            <p className="hint" data-testid="review-not-yet">
              {w.notYet.replace('{at}', beijingTime(queue.deadline, t.lang))}
            </p>
          ) : (
            <p data-testid="review-pending">{pending > 0 ? w.pending.replace('{n}', String(pending)) : w.allDone}</p>
          )}
          {queue.posts.map((p) => (
            <section key={p.id} className="panel">
              <h3>{p.title}</h3>
              <table data-testid={`review-${p.id}`}>
                <thead>
                  <tr>
                    <th>{w.name}</th>
                    <th>{w.facts}</th>
                    <th>{w.checks}</th>
                    <th>{w.decision}</th>
                  </tr>
                </thead>
                <tbody>
                  {queue.items
                    .filter((i) => i.post === p.id)
                    .map((i) => (
                      <ReviewRow key={i.registrationId} item={i} open={queue.open} checkText={checkText} decide={decide} declare={declare} />
                    ))}
                </tbody>
              </table>
            </section>
          ))}
        </>
      )}
    </div>
  );
}

function ReviewRow(props: { item: ReviewItem; open: boolean; checkText: (c: CheckResult) => string; decide: (i: ReviewItem, pass: boolean) => Promise<void>; declare: (i: ReviewItem, r: Relation) => Promise<void> }) {
  const t = useT();
  const w = useRvW();
  const { item: i } = props;
  const [relation, setRelation] = useState<Relation>('spouse');
  return (
    <tr data-registration={i.registrationId} data-name={i.name}>
      <td>
        {i.name}
        <br />
        <small>{i.preference === 1 ? w.first : w.second}</small>
      </td>
      <td>
        <span translate="no">{i.idNumberMasked}</span>
        <br />
        {i.department} · {i.currentPost} · {LEVEL_NAMES[i.currentLevel][t.lang]}
        <br />
        {w.years.replace('{n}', String(i.yearsInRank))} · {EDUCATION_NAMES[i.education][t.lang]}
        {i.statement && (
          <>
            <br />
            <small>{i.statement}</small>
          </>
        )}
      </td>
      <td>
        <ul className="checks">
          {i.checks.map((c) => (
            <li key={c.check} className={c.ok ? 'ok' : 'error'}>
              {props.checkText(c)}
            </li>
          ))}
        </ul>
      </td>
      <td data-testid="decision">
        {i.recused ? (
          <p className="hint">{w.recused}</p>
        ) : (
          <>
            <p>
              {i.current ? `${i.current.decision === 'pass' ? w.pass : w.fail}${i.current.mine ? w.byMe : w.byOther}：${i.current.reason}` : w.undecided}
            </p>
            {props.open && (
              <>
                <button type="button" name="pass" onClick={() => void props.decide(i, true)}>
                  {w.pass}
                </button>
                <button type="button" name="fail" onClick={() => void props.decide(i, false)}>
                  {w.fail}
                </button>
                <label>
                  {w.relation}
                  <NamedSelect name="relation" value={relation} options={RELATIONS} names={RELATION_NAMES} onChange={(v) => setRelation(v as Relation)} />
                </label>
                <button type="button" name="declare" onClick={() => void props.declare(i, relation)}>
                  {w.declare}
                </button>
              </>
            )}
          </>
        )}
      </td>
    </tr>
  );
}
