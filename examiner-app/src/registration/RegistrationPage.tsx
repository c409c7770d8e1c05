import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import {
  EDUCATION,
  EDUCATION_NAMES,
  LEVEL_NAMES,
  PERSON_LEVELS,
  RequestError,
  canonicalize,
  idNumberProblem,
  type Education,
  type ErrorBody,
  type OwnRegistration,
  type PersonLevel,
  type Post,
  type QualifiedList,
  type SignedSlip,
  beijingTime,
} from '@exam/shared';
import { useDialog } from '../dialog';
import { errorText } from '../errors';
import { useT } from '../i18n';
import { useRW } from './words';
import { NamedSelect } from '../named-select';

interface Published {
  id: string;
  title: string;
  registrationOpens: number;
  registrationCloses: number;
  posts: Post[];
  /** The server's clock when the page was read: registration is open by the server's clock, not the device's. */
  serverNow: number;
}

/** One call of the registration API; a refusal becomes a RequestError with the server's code. */
async function call<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as T & { error?: ErrorBody };
  if (!res.ok) throw new RequestError(json.error ?? { code: 'internal', message: res.statusText });
  return json;
}

/**
 * The registration page (报名), for a registration desk or the intranet: the published posts, the
 * registration form (at most two posts, in order of preference), the printed slip with its secret,
 * and the candidate's own look-up, replacement and withdrawal with that secret.
 */
export function RegistrationPage({ selectionId }: { selectionId: string }) {
  const t = useT();
  const w = useRW();
  const dialog = useDialog();
  const [published, setPublished] = useState<Published | null | 'missing'>(null);
  const [error, setError] = useState<string | null>(null);
  const [slip, setSlip] = useState<SignedSlip | null>(null);
  const [qr, setQr] = useState('');
  const [f, setF] = useState({ name: '', idNumber: '', department: '', currentPost: '', currentLevel: 'staff' as PersonLevel, yearsInRank: '', education: 'bachelor' as Education, post1: '', post2: '', statement: '' });
  const [ownId, setOwnId] = useState('');
  const [ownSecret, setOwnSecret] = useState('');
  const [own, setOwn] = useState<OwnRegistration | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [qualified, setQualified] = useState<QualifiedList | null>(null);
  useEffect(() => {
    const read = () => {
      void call<QualifiedList>(`/api/selections/${encodeURIComponent(selectionId)}/qualified`).then(setQualified, () => setQualified(null));
      return call<Published>(`/api/selections/${encodeURIComponent(selectionId)}`).then(setPublished, (err: unknown) => setPublished((p) => (p && p !== 'missing' && !(err instanceof RequestError) ? p : 'missing')));
    };
    void read();
    // A page left open at a registration desk follows the window's opening and closing.
    const timer = setInterval(() => void read(), 60_000);
    return () => clearInterval(timer);
  }, [selectionId]);
  useEffect(() => {
    if (!slip) return;
    void QRCode.toString(canonicalize({ slip: slip.slip, signature: slip.signature }), { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }).then(setQr);
  }, [slip]);
  if (published === null) return <p className="card narrow">…</p>;
  if (published === 'missing') return <p className="card narrow error">{w.notFound}</p>;

  const at = (ms: number) => beijingTime(ms, t.lang);
  const now = published.serverNow;
  const open = now >= published.registrationOpens && now < published.registrationCloses;
  const title = (id: string) => published.posts.find((p) => p.id === id)?.title ?? id;
  const form = () => ({
    name: f.name.trim(),
    idNumber: f.idNumber,
    department: f.department.trim(),
    currentPost: f.currentPost.trim(),
    currentLevel: f.currentLevel,
    yearsInRank: Number(f.yearsInRank.normalize('NFKC')),
    education: f.education,
    posts: [f.post1, f.post2].filter(Boolean),
    statement: f.statement.trim(),
  });
  const missing = [
    [f.name.trim(), w.name],
    [f.idNumber.trim(), w.idNumber],
    [f.department.trim(), w.departmentNow],
    [f.currentPost.trim(), w.currentPost],
    [f.yearsInRank.trim(), w.yearsInRank],
    [f.post1, w.choice1],
  ]
    .filter(([v]) => !v)
    .map(([, label]) => label);
  const idWrong = f.idNumber.trim() !== '' && idNumberProblem(f.idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase()) !== null;
  const run = async (g: () => Promise<void>) => {
    try {
      await g();
      setError(null);
    } catch (err) {
      setError(errorText(err, t.lang).text);
    }
  };
  const submit = () =>
    run(async () => {
      if (!(await dialog.open({ title: w.confirmTitle, body: w.confirmBody, confirm: w.confirm, cancel: w.cancel }))) return;
      setSlip(await call<SignedSlip>(`/api/selections/${selectionId}/registrations`, form()));
      setNotice(null);
    });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });

  return (
    <div className="registration">
      {dialog.element}
      <h1>
        {w.page} · {published.title}
      </h1>
      <p>{w.window.replace('{from}', at(published.registrationOpens)).replace('{to}', at(published.registrationCloses))}</p>
      {!open && <p className="error">{w.notOpen}</p>}
      {error && (
        <p className="error" role="alert" data-testid="registration-error">
          {error}
        </p>
      )}
      {notice && (
        <p className="ok" role="status">
          {notice}
        </p>
      )}
      {qualified && (
        <section className="panel" data-testid="qualified-list">
          <h2>{w.qualified}</h2>
          <p className="hint">{w.qualifiedAt.replace('{at}', at(qualified.publishedAt))}</p>
          {qualified.posts.map((p) => (
            <div key={p.post}>
              <h3>
                {p.title}（{w.seats} {p.seats}）
              </h3>
              <p data-post={p.post}>{p.names.length > 0 ? p.names.join('　') : w.nobody}</p>
            </div>
          ))}
        </section>
      )}
      <section className="panel">
        <h2>{w.posts}</h2>
        <table data-testid="published-posts">
          <thead>
            <tr>
              <th>{w.postTitle}</th>
              <th>{w.department}</th>
              <th>{w.level}</th>
              <th>{w.seats}</th>
              <th>{w.qualifications}</th>
            </tr>
          </thead>
          <tbody>
            {published.posts.map((p) => (
              <tr key={p.id}>
                <td>{p.title}</td>
                <td>{p.department}</td>
                <td>{LEVEL_NAMES[p.level][t.lang]}</td>
                <td>{p.seats}</td>
                <td>{p.qualifications}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {slip ? (
        <section className="panel slip" data-testid="slip">
          <h2>{w.slip}</h2>
          <p className="hint">{w.slipHelp}</p>
          <dl>
            <dt>{w.secret}</dt>
            <dd className="fingerprint" data-testid="slip-secret" translate="no">
              {slip.secret.replace(/(.{4})(?=.)/g, '$1 ')}
            </dd>
            <dt>{w.name}</dt>
            <dd>{slip.form.name}</dd>
            <dt>{w.registrationId}</dt>
            <dd translate="no">{slip.slip.registrationId}</dd>
            <dt>{w.submittedAt}</dt>
            <dd>{at(slip.slip.submittedAt)}</dd>
            <dt>{w.choices}</dt>
            <dd>{slip.slip.posts.map(title).join('；')}</dd>
            <dt>{w.commitment}</dt>
            <dd translate="no">
              <code>{slip.slip.commitment}</code>
            </dd>
            <dt>{w.signedBy}</dt>
            <dd translate="no">
              <code>{slip.serverKey}</code>
            </dd>
          </dl>
          {qr && <div className="qr" role="img" aria-label={w.slip} dangerouslySetInnerHTML={{ __html: qr }} />}
          <button type="button" onClick={() => window.print()}>
            {w.print}
          </button>
          {/* At a registration desk the next person registers on the same page: nothing of this one stays on it. */}
          <button
            type="button"
            name="next-person"
            onClick={() => {
              setSlip(null);
              setQr('');
              setF({ name: '', idNumber: '', department: '', currentPost: '', currentLevel: 'staff', yearsInRank: '', education: 'bachelor', post1: '', post2: '', statement: '' });
              setOwnId('');
              setOwnSecret('');
              setOwn(null);
              setNotice(null);
            }}
          >
            {w.nextPerson}
          </button>
        </section>
      ) : (
        open && (
          <section className="panel">
            <h2>{w.form}</h2>
            <form
              className="organiser-form"
              data-testid="registration-form"
              onSubmit={(e) => {
                e.preventDefault();
                void submit();
              }}
            >
              <label>
                {w.name}
                <input name="name" value={f.name} onChange={set('name')} autoComplete="off" />
              </label>
              <label>
                {w.idNumber}
                <input name="id-number" value={f.idNumber} onChange={set('idNumber')} autoComplete="off" aria-invalid={idWrong} aria-describedby={idWrong ? 'id-problem' : undefined} />
              </label>
              {idWrong && (
                <p className="error" id="id-problem" data-testid="id-problem">
                  {w.idProblem}
                </p>
              )}
              <label>
                {w.departmentNow}
                <input name="department" value={f.department} onChange={set('department')} />
              </label>
              <label>
                {w.currentPost}
                <input name="current-post" value={f.currentPost} onChange={set('currentPost')} />
              </label>
              <label>
                {w.currentLevel}
                <NamedSelect name="current-level" value={f.currentLevel} options={PERSON_LEVELS} names={LEVEL_NAMES} onChange={(v) => setF({ ...f, currentLevel: v as PersonLevel })} />
              </label>
              <label>
                {w.yearsInRank}
                <input name="years-in-rank" inputMode="numeric" value={f.yearsInRank} onChange={set('yearsInRank')} />
              </label>
              <label>
                {w.education}
                <NamedSelect name="education" value={f.education} options={EDUCATION} names={EDUCATION_NAMES} onChange={(v) => setF({ ...f, education: v as Education })} />
              </label>
              <label>
                {w.choice1}
                <select name="post-1" value={f.post1} onChange={set('post1')}>
                  <option value="">{w.noChoice}</option>
                  {published.posts.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.title}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {w.choice2}
                <select name="post-2" value={f.post2} onChange={set('post2')}>
                  <option value="">{w.noChoice}</option>
                  {published.posts
                    .filter((p) => p.id !== f.post1)
                    .map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.title}
                      </option>
                    ))}
                </select>
              </label>
              <label>
                {w.statement}
                <textarea name="statement" rows={4} maxLength={1000} value={f.statement} onChange={set('statement')} />
              </label>
              {missing.length > 0 && <p className="hint" data-testid="form-missing">{w.missing.replace('{fields}', missing.join(t.lang === 'zh' ? '、' : ', '))}</p>}
              <button type="submit" disabled={missing.length > 0 || idWrong}>
                {w.submit}
              </button>
            </form>
          </section>
        )
      )}

      <section className="panel">
        <h2>{w.own}</h2>
        <form
          className="organiser-form"
          data-testid="own-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => setOwn(await call<OwnRegistration>(`/api/selections/${selectionId}/registrations/lookup`, { idNumber: ownId, secret: ownSecret })));
          }}
        >
          <label>
            {w.idNumber}
            <input name="own-id-number" value={ownId} onChange={(e) => setOwnId(e.target.value)} autoComplete="off" />
          </label>
          <label>
            {w.secret}
            <input name="own-secret" value={ownSecret} onChange={(e) => setOwnSecret(e.target.value)} autoComplete="off" spellCheck={false} />
          </label>
          <button type="submit" disabled={!ownId.trim() || !ownSecret.trim()}>
            {w.lookUp}
          </button>
        </form>
        {own && (
          <div data-testid="own-registration">
            <p>
              {w.state}：{w.states[own.state]} · {own.form.name} · {w.submittedAt} {at(own.submittedAt)}
            </p>
            <table>
              <thead>
                <tr>
                  <th>{w.choices}</th>
                  <th>{w.review}</th>
                </tr>
              </thead>
              <tbody>
                {own.review.map((r) => (
                  <tr key={r.post}>
                    <td>{title(r.post)}</td>
                    <td>
                      {w.decisions[r.decision]}
                      {r.reason && `（${r.reason}）`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {open && own.state === 'active' && (
              <>
                <button
                  type="button"
                  name="withdraw"
                  onClick={() =>
                    void run(async () => {
                      if (!(await dialog.open({ title: w.withdrawTitle, body: w.withdrawBody, confirm: w.withdraw, cancel: w.cancel, danger: true }))) return;
                      await call(`/api/selections/${selectionId}/registrations/withdraw`, { idNumber: ownId, secret: ownSecret });
                      setOwn(null);
                      setNotice(w.withdrawn);
                    })
                  }
                >
                  {w.withdraw}
                </button>
                {!slip && missing.length === 0 && !idWrong && (
                  <button
                    type="button"
                    name="replace"
                    onClick={() =>
                      void run(async () => {
                        if (!(await dialog.open({ title: w.confirmTitle, body: w.confirmBody, confirm: w.confirm, cancel: w.cancel }))) return;
                        setSlip(await call<SignedSlip>(`/api/selections/${selectionId}/registrations/replace`, { idNumber: ownId, secret: ownSecret, form: form() }));
                        setOwn(null);
                      })
                    }
                  >
                    {w.replace}
                  </button>
                )}
              </>
            )}
          </div>
        )}
      </section>
    </div>
  );
}
