import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { COMPONENT_NAMES, DECISION_VACANCY_NAMES, DEFAULT_PROBATION_MONTHS, OUTCOME_NAMES, VACANCY_NAMES, WEIGHT_PRESETS, finalRankings, formatHundredths, presetRules, type ComponentKind, type PostRanking, type RankingRules, type RankingStatus, WAITING_REASONS, type WaitingReason } from '@exam/shared';
import { tablet } from '../devices';
import { useDialog } from '../dialog';
import { useT } from '../i18n';
import { fill, useRW } from './ranking-words';

type Act = <T>(f: () => Promise<T>) => Promise<T | null>;
const pts = (h: number | null) => (h === null ? '—' : formatHundredths(h));
const pct = (bp: number | null) => (bp === null ? '—' : `${formatHundredths(bp)}%`);

/** 综合成绩与考察人选 on the console: each post's rules (until fixed), its ranking, and the committee's decision. */
export function RankingSection(props: { selectionId: string; act: Act; onStatus?: (s: RankingStatus) => void }) {
  const w = useRW();
  const [status, setStatus] = useState<RankingStatus | null>(null);
  const load = useCallback(async () => setStatus(await tablet.req('ranking:status', { selectionId: props.selectionId })), [props.selectionId]);
  useEffect(() => void load().catch(() => undefined), [load]);
  const { onStatus } = props;
  useEffect(() => {
    if (status) onStatus?.(status);
  }, [status, onStatus]);
  if (!status) return null;
  const act: Act = async (f) => {
    const r = await props.act(f);
    await load();
    return r;
  };
  const posts = status.posts.filter((p) => p.goesTo === p.post);
  return (
    <div data-testid="ranking-section">
      <h3>{w.title}</h3>
      <p className="hint">{w.help}</p>
      {posts.length === 0 && <p>{w.noPosts}</p>}
      {posts.map((p) => (
        <PostRankings key={p.post} status={status} post={p} act={act} />
      ))}
      <Decision status={status} act={act} />
    </div>
  );
}

type PostStatus = RankingStatus['posts'][number];

/** A component's source by the name the organiser gave it: the day, the evaluation, the sessions that sit the paper. */
function sourceName(status: RankingStatus, kind: ComponentKind, source: string): string | undefined {
  if (kind === 'interview') return status.days.find((d) => d.id === source)?.label;
  if (kind === 'evaluation') return status.evaluations.find((e) => e.id === source)?.title;
  const sessions = status.sessions.filter((s) => s.paper === source).map((s) => s.label);
  return sessions.length > 0 ? sessions.join('、') : undefined;
}

function componentLabel(status: RankingStatus, key: string, lang: 'zh' | 'en') {
  const [kind, source] = key.split('/') as [ComponentKind, string];
  const name = sourceName(status, kind, source);
  // A session named for the written exam already says so: 笔试（甲卷）, not 笔试（笔试（甲卷））.
  if (name?.startsWith(COMPONENT_NAMES[kind].zh) || name?.toLowerCase().startsWith(COMPONENT_NAMES[kind].en.toLowerCase())) return <>{name}</>;
  return (
    <>
      {COMPONENT_NAMES[kind][lang]}（{name ?? <code translate="no">{source}</code>}）
    </>
  );
}

function PostRankings({ status, post, act }: { status: RankingStatus; post: PostStatus; act: Act }) {
  const w = useRW();
  const t = useT();
  const [editing, setEditing] = useState<number | null>(null);
  const last = post.rounds.at(-1);
  const canAddRound = last?.ranking?.complete === true;
  return (
    <section className="panel" data-post={post.post}>
      <h4>
        {post.title}（{post.seats}）
      </h4>
      {post.rounds.length === 0 && editing === null && (
        <>
          <p>{w.noRules}</p>
          <button type="button" name="set-rules" onClick={() => setEditing(1)}>
            {w.setRules}
          </button>
        </>
      )}
      {post.rounds.map((r) => (
        <div key={r.rules.round} data-round={r.rules.round}>
          {post.rounds.length > 1 && <h5>{fill(w.round, { n: r.rules.round })}</h5>}
          <RulesSummary status={status} rules={r.rules} />
          {r.fixedBy ? (
            <p className="hint" data-testid="rules-fixed">
              {w.fixed.split('{component}')[0]}
              {componentLabel(status, r.fixedBy.component, t.lang)}
              {fill(w.fixed.split('{component}')[1]!, { seq: r.fixedBy.seq })}
            </p>
          ) : (
            <p className="hint">
              {w.notFixed}{' '}
              {editing !== r.rules.round && (
                <button type="button" name="edit-rules" onClick={() => setEditing(r.rules.round)}>
                  {w.editRules}
                </button>
              )}
            </p>
          )}
          {r.fixedBy && <RerunSwaps status={status} post={post} rules={r.rules} act={act} />}
          {editing === r.rules.round && <RulesForm status={status} post={post} round={r.rules.round} start={r.rules} done={() => setEditing(null)} act={act} />}
          {r.ranking && <RankingTable status={status} rules={r.rules} ranking={r.ranking} />}
          {r.ranking && r.waiting.length > 0 && <Waiting status={status} rules={r.rules} waiting={r.waiting} />}
        </div>
      ))}
      {editing === 1 && post.rounds.length === 0 && <RulesForm status={status} post={post} round={1} start={null} done={() => setEditing(null)} act={act} />}
      {canAddRound && editing !== post.rounds.length + 1 && (
        <button type="button" name="add-round" onClick={() => setEditing(post.rounds.length + 1)}>
          {w.addRound}
        </button>
      )}
      {editing === post.rounds.length + 1 && post.rounds.length > 0 && <RulesForm status={status} post={post} round={post.rounds.length + 1} start={{ ...last!.rules, round: post.rounds.length + 1 }} done={() => setEditing(null)} act={act} />}
    </section>
  );
}

/**
 * Fixed rules that name an evaluation decided `rerun` (it never stands): the organiser may name the
 * evaluation run again in its place, before its voting opens — the one change fixed rules allow
 * (docs/protocol.md §25). Confirmed first: it goes on the log and cannot be undone.
 */
function RerunSwaps({ status, post, rules, act }: { status: RankingStatus; post: PostStatus; rules: RankingRules; act: Act }) {
  const w = useRW();
  const dialog = useDialog();
  const named = new Set(rules.components.map((c) => `${c.kind}/${c.source}`));
  const fresh = status.evaluations.filter((e) => e.state === 'setup' && !e.rerun && !named.has(`evaluation/${e.id}`));
  const [pick, setPick] = useState('');
  const rerun = rules.components.flatMap((c, i) => {
    const e = c.kind === 'evaluation' ? status.evaluations.find((x) => x.id === c.source) : undefined;
    return e?.rerun ? [{ i, e }] : [];
  });
  if (rerun.length === 0) return null;
  const chosen = fresh.find((e) => e.id === pick) ?? fresh[0];
  const use = async (i: number, old: { title: string }) => {
    if (!chosen) return;
    if (!(await dialog.open({ title: fill(w.rerunTitle, { post: post.title }), body: fill(w.rerunBody, { old: old.title, new: chosen.title }), confirm: w.rerunUse, cancel: w.cancel, danger: true }))) return;
    await act(() => tablet.req('organiser:set-ranking-rules', { rules: { ...rules, components: rules.components.map((c, j) => (j === i ? { ...c, source: chosen.id } : c)) } }));
  };
  return (
    <>
      {rerun.map(({ i, e }) => (
        <div key={i} className="rerun" data-testid="rerun-swap">
          <p className="hint">{fill(w.rerunNote, { evaluation: e.title })}</p>
          {chosen ? (
            <p>
              <label>
                {w.rerunPick}{' '}
                <select name="rerun-evaluation" value={chosen.id} onChange={(ev) => setPick(ev.target.value)}>
                  {fresh.map((f) => (
                    <option key={f.id} value={f.id}>
                      {f.title}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <button type="button" name="use-rerun" onClick={() => void use(i, e)}>
                {w.rerunUse}
              </button>
            </p>
          ) : (
            <p className="hint">{w.rerunNone}</p>
          )}
        </div>
      ))}
      {dialog.element}
    </>
  );
}

function RulesSummary({ status, rules }: { status: RankingStatus; rules: RankingRules }) {
  const w = useRW();
  const t = useT();
  const bars = (b: readonly number[] | null, f: (n: number) => string) => (b ? b.map(f).join(' / ') : w.none);
  return (
    <ul className="rules" data-testid="rules">
      <li>
        {w.preset}：
        {rules.components.map((c, i) => (
          <span key={i}>
            {i > 0 && ' : '}
            {componentLabel(status, `${c.kind}/${c.source}`, t.lang)} {c.weight}
          </span>
        ))}
      </li>
      <li>
        {w.compositeBars}：{bars(rules.compositeBars, pts)}
      </li>
      <li>
        {w.voteBars}：{bars(rules.voteBars, pct)}（{rules.voteBasis === 'weighted' ? w.basisWeighted : w.basisRaw}）
      </li>
      <li>
        {w.ties}：{rules.ties === 'all' ? w.tiesAll : w.tiesBreak}
      </li>
    </ul>
  );
}

/** The form of a post's rules for a round: which components count and their weights (presets 002 / 004), the bars, the shortlist, ties. */
function RulesForm({ status, post, round, start, done, act }: { status: RankingStatus; post: PostStatus; round: number; start: RankingRules | null; done: () => void; act: Act }) {
  const w = useRW();
  const lang = useT().lang;
  const dialog = useDialog();
  const has = (k: ComponentKind) => status.steps.includes(k);
  const initial =
    start ??
    presetRules(status.selectionId, post.post, {
      ...(has('written') && post.paper ? { written: post.paper } : {}),
      ...(has('interview') && status.days[0] ? { interview: status.days[0].id } : {}),
      ...(has('evaluation') && status.evaluations[0] ? { evaluation: status.evaluations[0].id } : {}),
    }, round);
  const [rules, setRules] = useState<RankingRules>(initial);
  const set = (patch: Partial<RankingRules>) => setRules({ ...rules, ...patch });
  const sources: Record<ComponentKind, Array<{ id: string; label: ReactNode }>> = {
    // The paper's id is a code the organiser chose: shown as code, in any language.
    written: has('written') && post.paper ? [{ id: post.paper, label: <>{w.paper.split('{paper}')[0]}<code translate="no">{post.paper}</code>{w.paper.split('{paper}')[1]}</> }] : [],
    interview: has('interview') ? status.days.map((d) => ({ id: d.id, label: d.label })) : [],
    evaluation: has('evaluation') ? status.evaluations.map((e) => ({ id: e.id, label: e.title })) : [],
  };
  const rows = (['written', 'interview', 'evaluation'] as const).flatMap((kind) => sources[kind].map((s) => ({ kind, ...s })));
  const weightOf = (kind: ComponentKind, source: string) => rules.components.find((c) => c.kind === kind && c.source === source)?.weight ?? null;
  const toggle = (kind: ComponentKind, source: string, on: boolean) => {
    const others = rules.components.filter((c) => !(c.kind === kind && c.source === source));
    const components = on ? [...others, { kind, source, weight: WEIGHT_PRESETS['002'].weights[kind] }] : others;
    set({ components, tieBreak: components.map((_, i) => i) });
  };
  const preset = (name: '002' | '004') => set({ components: rules.components.map((c) => ({ ...c, weight: WEIGHT_PRESETS[name].weights[c.kind] })) });
  const barInput = (which: 'compositeBars' | 'voteBars', i: number) => (
    <input
      type="number"
      min={0}
      max={100}
      step={0.01}
      name={`${which}-${i}`}
      aria-label={`${which === 'compositeBars' ? w.compositeBars : w.voteBars}：${w.fieldSizes[i]}`}
      value={rules[which] ? rules[which]![i]! / 100 : ''}
      disabled={!rules[which]}
      onChange={(e) => {
        const b = [...(rules[which] ?? [0, 0, 0])] as [number, number, number];
        b[i] = Math.round(Number(e.target.value) * 100);
        set({ [which]: b } as Partial<RankingRules>);
      }}
    />
  );
  const save = async () => {
    if (!(await dialog.open({ title: fill(w.saveTitle, { post: post.title }), body: w.saveBody, confirm: w.save, cancel: w.cancel }))) return;
    if ((await act(() => tablet.req('organiser:set-ranking-rules', { rules }))) !== null) done();
  };
  return (
    <form className="rules-form" data-testid="rules-form" onSubmit={(e) => (e.preventDefault(), void save())}>
      {dialog.element}
      <fieldset>
        <legend>{w.preset}</legend>
        <button type="button" name="preset-002" onClick={() => preset('002')}>
          {w.preset002}
        </button>{' '}
        <button type="button" name="preset-004" onClick={() => preset('004')}>
          {w.preset004}
        </button>
        <table>
          <tbody>
            {rows.map((r) => {
              const weight = weightOf(r.kind, r.id);
              return (
                <tr key={`${r.kind}/${r.id}`}>
                  <td>
                    <label className="inline">
                      <input type="checkbox" name={`use-${r.kind}-${r.id}`} checked={weight !== null} onChange={(e) => toggle(r.kind, r.id, e.target.checked)} />
                      {w.use}
                    </label>
                  </td>
                  <td>
                    {COMPONENT_NAMES[r.kind][lang]}：{r.label}
                  </td>
                  <td>
                    <label className="inline">
                      {w.weight}
                      <input type="number" min={1} max={100} name={`weight-${r.kind}-${r.id}`} value={weight ?? ''} disabled={weight === null} onChange={(e) => set({ components: rules.components.map((c) => (c.kind === r.kind && c.source === r.id ? { ...c, weight: Math.max(1, Math.round(Number(e.target.value))) } : c)) })} />
                    </label>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>
      <fieldset>
        <legend>{w.compositeBars}</legend>
        <label className="inline">
          <input type="checkbox" name="no-composite-bars" checked={rules.compositeBars === null} onChange={(e) => set({ compositeBars: e.target.checked ? null : [6000, 5000, 4000] })} />
          {w.noBar}
        </label>{' '}
        {barInput('compositeBars', 0)} / {barInput('compositeBars', 1)} / {barInput('compositeBars', 2)}
        <p className="hint">{w.barsNote}</p>
      </fieldset>
      <fieldset>
        <legend>{w.voteBars}</legend>
        <label className="inline">
          <input type="checkbox" name="no-vote-bars" checked={rules.voteBars === null} onChange={(e) => set({ voteBars: e.target.checked ? null : [6000, 5000, 4000] })} />
          {w.noBar}
        </label>{' '}
        {barInput('voteBars', 0)} / {barInput('voteBars', 1)} / {barInput('voteBars', 2)}
        <label>
          {w.voteBasis}
          <select name="vote-basis" value={rules.voteBasis} onChange={(e) => set({ voteBasis: e.target.value as RankingRules['voteBasis'] })}>
            <option value="weighted">{w.basisWeighted}</option>
            <option value="raw">{w.basisRaw}</option>
          </select>
        </label>
      </fieldset>
      <label>
        {w.oneSeat}
        <input type="number" min={1} max={20} name="one-seat" value={rules.shortlist.oneSeat} onChange={(e) => set({ shortlist: { ...rules.shortlist, oneSeat: Math.max(1, Math.round(Number(e.target.value))) } })} />
      </label>
      <label>
        {w.perSeat}
        <input type="number" min={1} max={10} name="per-seat" value={rules.shortlist.perSeat} onChange={(e) => set({ shortlist: { ...rules.shortlist, perSeat: Math.max(1, Math.round(Number(e.target.value))) } })} />
      </label>
      <label>
        {w.ties}
        <select name="ties" value={rules.ties} onChange={(e) => set({ ties: e.target.value as RankingRules['ties'] })}>
          <option value="all">{w.tiesAll}</option>
          <option value="tie-break">{w.tiesBreak}</option>
        </select>
      </label>
      <p>
        <button type="submit" className="primary" name="save-rules" disabled={rules.components.length === 0}>
          {w.save}
        </button>{' '}
        <button type="button" onClick={done}>
          {w.cancel}
        </button>
      </p>
    </form>
  );
}

function RankingTable({ status, rules, ranking }: { status: RankingStatus; rules: RankingRules; ranking: PostRanking }) {
  const w = useRW();
  const t = useT();
  const vote = ranking.voteBarApplies === 'yes' ? pct(ranking.voteBar) : ranking.voteBarApplies === 'no-recommendation' ? w.voteNotApplicable : w.none;
  return (
    <div data-testid="ranking">
      <p>{fill(w.fieldSize, { n: ranking.fieldSize, composite: ranking.compositeBar === null ? w.none : pts(ranking.compositeBar), vote })}</p>
      {!ranking.complete && <p className="hint">{w.incomplete}</p>}
      <table>
        <thead>
          <tr>
            <th>{w.colRank}</th>
            <th>{w.colNo}</th>
            <th>{w.colName}</th>
            {rules.components.map((c, i) => (
              <th key={i}>{COMPONENT_NAMES[c.kind][t.lang]}</th>
            ))}
            <th>{w.colComposite}</th>
            <th>{w.colVote}</th>
            <th>{w.colOutcome}</th>
          </tr>
        </thead>
        <tbody>
          {ranking.rows.map((r) => (
            <tr key={r.registrationId} data-outcome={r.outcome}>
              <td>{r.rank ?? '—'}</td>
              <td>{r.admissionNo}</td>
              <td>{status.people[r.registrationId]?.name ?? ''}</td>
              {r.scores.map((s, i) => (
                <td key={i}>{r.missing.includes(i) ? w.absent : pts(s)}</td>
              ))}
              <td>{pts(r.composite)}</td>
              <td>{pct(r.voteBp)}</td>
              <td>{ranking.complete ? OUTCOME_NAMES[r.outcome][t.lang] : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {ranking.vacancies && <p data-testid="vacancy">{fill(w.vacant, { seats: ranking.vacancies.seats, rule: VACANCY_NAMES[ranking.vacancies.rule][t.lang] })}</p>}
    </div>
  );
}

/**
 * What the ranking still waits for, candidate by candidate and component by component, and why —
 * first what someone must see to (a candidate in no session of the paper, or not on the day's list,
 * would keep it from ever being complete), then what only needs time.
 */
/** Most names listed on one line of what a ranking waits for; the rest are counted. */
const NAMES_SHOWN = 10;

/**
 * What a round's ranking waits for, one line per component and reason (a paper not yet marked is one
 * line, not one per candidate): first what someone must see to, then in the rules' order; the
 * candidates named where the reason is theirs alone.
 */
function Waiting({ status, rules, waiting }: { status: RankingStatus; rules: RankingRules; waiting: RankingStatus['posts'][number]['rounds'][number]['waiting'] }) {
  const w = useRW();
  const t = useT();
  const act = new Set<WaitingReason>(['no-session', 'not-on-day', 'evaluation-rerun']);
  const personal = new Set<WaitingReason>(['no-session', 'not-on-day']);
  const groups = new Map<string, { component: number; reason: WaitingReason; people: string[] }>();
  for (const x of waiting) {
    const k = `${x.component}/${x.reason}`;
    const g = groups.get(k) ?? groups.set(k, { component: x.component, reason: x.reason, people: [] }).get(k)!;
    const person = status.people[x.registrationId];
    g.people.push(person ? `${person.name}（${person.admissionNo}）` : '');
  }
  const sorted = [...groups.values()].sort((a, b) => Number(act.has(b.reason)) - Number(act.has(a.reason)) || a.component - b.component);
  return (
    <div data-testid="waiting">
      <p className="hint">{w.waitingFor}</p>
      <ul>
        {sorted.map((g) => {
          const c = rules.components[g.component]!;
          const named = personal.has(g.reason) ? g.people.filter(Boolean) : [];
          const more = named.length - NAMES_SHOWN;
          return (
            <li key={`${g.component}/${g.reason}`} data-reason={g.reason} className={act.has(g.reason) ? 'warn' : undefined}>
              {componentLabel(status, `${c.kind}/${c.source}`, t.lang)} — {WAITING_REASONS[g.reason][t.lang]}
              {fill(w.waitingCount, { n: g.people.length })}
              {named.length > 0 && <>{w.waitingNames}{named.slice(0, NAMES_SHOWN).join(t.lang === 'zh' ? '、' : ', ')}{more > 0 ? fill(w.waitingMore, { n: more }) : ''}</>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The committee's decision: per post, its shortlist proposed or not (with a reason), in order; the appointments it gives. */
function Decision({ status, act }: { status: RankingStatus; act: Act }) {
  const w = useRW();
  const t = useT();
  const dialog = useDialog();
  const finals = finalRankings(status.posts.flatMap((p) => p.rounds.flatMap((r) => (r.ranking ? [r.ranking] : []))));
  const ready = finals.length > 0 && finals.every((f) => f.complete);
  const [meeting, setMeeting] = useState(status.decision?.decision.meeting ?? '');
  // As typed: a value outside 1–36 is said so and not sent, never quietly made another.
  const [probationText, setProbationText] = useState(String(status.decision?.decision.probationMonths ?? DEFAULT_PROBATION_MONTHS));
  const probation = /^\s*\d{1,2}\s*$/.test(probationText) ? Number(probationText) : NaN;
  const probationOk = Number.isInteger(probation) && probation >= 1 && probation <= 36;
  const [orders, setOrders] = useState<Record<string, string[]>>({});
  const [out, setOut] = useState<Record<string, string>>({});
  const title = (id: string) => status.posts.find((p) => p.post === id)?.title ?? id;
  const name = (r: string) => status.people[r]?.name ?? r;
  if (!ready) return finals.length > 0 ? <p className="hint">{w.decisionNotReady}</p> : null;
  const orderOf = (f: PostRanking) => orders[f.post] ?? f.shortlist;
  const move = (post: string, list: string[], i: number, by: number) => {
    const next = [...list];
    const [x] = next.splice(i, 1);
    next.splice(Math.max(0, Math.min(next.length, i + by)), 0, x!);
    setOrders({ ...orders, [post]: next });
  };
  const key = (post: string, r: string) => `${post}/${r}`;
  const complete = probationOk && meeting.trim().length >= 2 && finals.every((f) => orderOf(f).every((r) => out[key(f.post, r)] === undefined || out[key(f.post, r)]!.trim().length >= 2));
  const decide = async () => {
    if (!(await dialog.open({ title: w.decideTitle, body: w.decideBody, confirm: w.decide, cancel: w.cancel, danger: true }))) return;
    const posts = finals.map((f) => ({
      post: f.post,
      proposed: orderOf(f).filter((r) => out[key(f.post, r)] === undefined),
      notProposed: orderOf(f)
        .filter((r) => out[key(f.post, r)] !== undefined)
        .map((r) => ({ registrationId: r, reason: out[key(f.post, r)]!.trim() })),
    }));
    await act(() => tablet.req('organiser:decide-appointments', { decision: { selectionId: status.selectionId, meeting: meeting.trim(), posts, probationMonths: probation } }));
  };
  return (
    <section className="panel" data-testid="decision">
      {dialog.element}
      <h3>{w.decision}</h3>
      <p className="hint">{w.decisionHelp}</p>
      <label>
        {w.meeting}
        <input name="meeting" value={meeting} onChange={(e) => setMeeting(e.target.value)} />
      </label>
      <label>
        {w.probation}
        <input type="number" name="probation" min={1} max={36} step={1} value={probationText} aria-invalid={!probationOk} onChange={(e) => setProbationText(e.target.value)} />
      </label>
      {!probationOk && (
        <p className="error" role="alert" data-testid="probation-bad">
          {w.probationBad}
        </p>
      )}
      {finals.map((f) => {
        const list = orderOf(f);
        return (
          <fieldset key={f.post} data-post={f.post}>
            <legend>{title(f.post)}</legend>
            <ol>
              {list.map((r, i) => {
                const reason = out[key(f.post, r)];
                return (
                  <li key={r} data-person={name(r)}>
                    <label className="inline">
                      <input type="checkbox" name="propose" checked={reason === undefined} onChange={(e) => setOut(e.target.checked ? Object.fromEntries(Object.entries(out).filter(([k]) => k !== key(f.post, r))) : { ...out, [key(f.post, r)]: '' })} />
                      {w.propose} {name(r)}（{status.people[r]?.admissionNo}）
                    </label>{' '}
                    <button type="button" name="up" aria-label={`${w.up} ${name(r)}`} disabled={i === 0} onClick={() => move(f.post, list, i, -1)}>
                      ↑
                    </button>
                    <button type="button" name="down" aria-label={`${w.down} ${name(r)}`} disabled={i === list.length - 1} onClick={() => move(f.post, list, i, 1)}>
                      ↓
                    </button>
                    {reason !== undefined && (
                      <label>
                        {w.notProposedReason}
                        <input name="not-proposed-reason" value={reason} onChange={(e) => setOut({ ...out, [key(f.post, r)]: e.target.value })} />
                      </label>
                    )}
                  </li>
                );
              })}
            </ol>
          </fieldset>
        );
      })}
      <button type="button" className="primary" name="decide" disabled={!complete} onClick={() => void decide()}>
        {w.decide}
      </button>
      {status.decision && (
        <div data-testid="decided">
          <p>{fill(w.decided, { meeting: status.decision.decision.meeting, months: status.decision.decision.probationMonths })}</p>
          <ul>
            {status.decision.result.posts.map((p) => (
              <li key={p.post}>
                {title(p.post)}：{p.appointed.length > 0 && fill(w.appointed, { names: p.appointed.map(name).join('、') })}
                {p.vacancies.map((v) => ` ${fill(w.vacant, { seats: v.seats, rule: (v.rule in VACANCY_NAMES ? VACANCY_NAMES[v.rule as keyof typeof VACANCY_NAMES] : DECISION_VACANCY_NAMES[v.rule as keyof typeof DECISION_VACANCY_NAMES])[t.lang] })}`).join('；')}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
