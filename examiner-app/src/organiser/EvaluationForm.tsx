import { useRef, useState } from 'react';
import { DEFAULT_RULES, DIMENSION_NAMES, DIMENSIONS, PRESET_GROUPS, ballotKeysHash, checkpointText, evaluationSettingsSchema, type EvaluationSettings, type SelectionSummary } from '@exam/shared';
import { useT } from '../i18n';
import type { Admissions } from './SeatsSection';
import { useEW, withCode } from './evaluation-words';

interface KeyList {
  evaluationId: string;
  group: string;
  keys: string[];
}
interface GroupRow {
  name: string;
  weight: string;
  entitled: string;
}

/** Reads a `*.keys.json` written by `exam ballot-codes`: `{ evaluationId, group, keys }`, or null. */
function keyListOf(text: string): KeyList | null {
  try {
    const v = JSON.parse(text) as Partial<KeyList>;
    if (typeof v.evaluationId !== 'string' || typeof v.group !== 'string' || !Array.isArray(v.keys) || !v.keys.every((k) => typeof k === 'string')) return null;
    return { evaluationId: v.evaluationId, group: v.group, keys: v.keys };
  } catch {
    return null;
  }
}

/**
 * A new democratic evaluation: the key lists made offline come first (they fix the groups and the
 * evaluation's id), then the groups' names, weights and voters entitled, the candidates from the
 * admission numbers, the form and the rules — every figure the documents leave open shown with its
 * default. The server refuses what cannot be counted fairly; the console says so before sending.
 */
export function EvaluationForm(props: { selection: SelectionSummary; admissions: Admissions | null; create: (p: { settings: EvaluationSettings; lists: KeyList[] }) => Promise<boolean> }) {
  const w = useEW();
  const { lang } = useT();
  const { selection, admissions } = props;
  const rows = admissions?.rows ?? [];
  const [title, setTitle] = useState(`${selection.title} · ${w.title}`);
  const [lists, setLists] = useState<KeyList[]>([]);
  const [fileProblems, setFileProblems] = useState<string[]>([]);
  const [groups, setGroups] = useState<Record<string, GroupRow>>({});
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [dimensions, setDimensions] = useState(DEFAULT_RULES.dimensions);
  const [dissatisfied, setDissatisfied] = useState<string[]>(DEFAULT_RULES.dissatisfied);
  const [threshold, setThreshold] = useState(String(DEFAULT_RULES.thresholdPercent));
  const [basis, setBasis] = useState<'raw' | 'weighted'>(DEFAULT_RULES.thresholdBasis);
  const [turnout, setTurnout] = useState({ num: String(DEFAULT_RULES.minTurnout.num), den: String(DEFAULT_RULES.minTurnout.den) });
  const [recommend, setRecommend] = useState<string[]>([]);
  const [tracker, setTracker] = useState(DEFAULT_RULES.tracker);
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const candidates = chosen ?? rows.map((r) => r.admissionNo);
  const evaluationId = lists[0]?.evaluationId ?? '';

  const readFiles = async (files: FileList) => {
    const read: KeyList[] = [];
    const problems: string[] = [];
    for (const f of [...files]) {
      const l = keyListOf(await f.text());
      if (!l) problems.push(w.keyFileBad.replace('{file}', f.name));
      else if (read[0] && l.evaluationId !== read[0].evaluationId) problems.push(w.keyFileOther.replace('{file}', f.name).replace('{id}', l.evaluationId));
      else read.push(l);
    }
    setLists(read);
    setFileProblems(problems);
    setGroups(Object.fromEntries(read.map((l) => {
      const preset = PRESET_GROUPS.find((g) => g.id === l.group);
      return [l.group, groups[l.group] ?? { name: preset?.name ?? l.group, weight: preset ? String(preset.weight) : '', entitled: '' }];
    })));
  };

  const postsOf = (post: SelectionSummary['posts'][number]) => rows.filter((r) => r.posts.includes(post.title) && candidates.includes(r.admissionNo)).map((r) => r.admissionNo);
  const settings = {
    selectionId: selection.id,
    id: evaluationId,
    title: title.trim(),
    candidates: rows.filter((r) => candidates.includes(r.admissionNo)).map((r) => ({ ref: r.admissionNo, name: r.name })),
    groups: lists.map((l) => ({ id: l.group, name: groups[l.group]?.name.trim() ?? '', weight: Number(groups[l.group]?.weight), entitled: Number(groups[l.group]?.entitled) })),
    ...DEFAULT_RULES,
    dimensions,
    recommendation: selection.posts.filter((p) => recommend.includes(p.id)).map((p) => ({ post: p.id, title: p.title, seats: p.seats, candidates: postsOf(p) })),
    dissatisfied,
    thresholdPercent: Number(threshold),
    thresholdBasis: basis,
    minTurnout: { num: Number(turnout.num), den: Number(turnout.den) },
    tracker,
  };
  const weightSum = settings.groups.reduce((a, g) => a + (Number.isFinite(g.weight) ? g.weight : 0), 0);
  /** The mistakes a person makes on this form, said in their words before anything is sent. */
  const formProblem = (): string | null => {
    for (const g of settings.groups) {
      const cards = lists.find((l) => l.group === g.id)!.keys.length;
      if (!g.name) return w.problemGroupName.replace('{group}', g.id);
      if (!Number.isInteger(g.entitled) || g.entitled < 5) return w.problemEntitled.replace('{group}', g.name);
      if (g.entitled > cards) return w.problemCards.replace('{group}', g.name).replace('{cards}', String(cards)).replace('{entitled}', String(g.entitled));
    }
    if (weightSum !== 100) return w.weightsSum.replace('{sum}', String(weightSum));
    if (settings.candidates.length === 0) return w.problemCandidates;
    if (dissatisfied.length === 0) return w.problemDissatisfied;
    if (!Number.isInteger(settings.thresholdPercent) || settings.thresholdPercent < 1 || settings.thresholdPercent > 99) return w.problemThreshold;
    return null;
  };
  const submit = async () => {
    const own = formProblem();
    if (own) return setProblem(own);
    const parsed = evaluationSettingsSchema.safeParse(settings);
    if (!parsed.success) return setProblem(`${w.problemOther}${parsed.error.issues[0]?.message ?? ''}`);
    setProblem(null);
    await props.create({ settings: parsed.data, lists });
  };

  if (rows.length === 0) return <p className="hint">{w.noAdmissions}</p>;
  return (
    <form
      className="organiser-form evaluation-form"
      data-testid="evaluation-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p className="hint">{withCode(w.help, { cmd: 'exam ballot-codes', file: '*.keys.json' })}</p>
      <div className="file-pick">
        <span>{withCode(w.keyFiles, { file: '*.keys.json' })}</span>
        <button type="button" name="choose-key-lists" onClick={() => input.current?.click()}>
          {lang === 'zh' ? '选择文件' : 'Choose files'}
        </button>
        <label className="visually-hidden">
          {w.keyFilesLabel}
          <input ref={input} type="file" name="key-lists" accept=".json,application/json" multiple onChange={(e) => e.target.files && void readFiles(e.target.files)} />
        </label>
      </div>
      {fileProblems.map((p) => (
        <p key={p} className="error" role="alert">
          {p}
        </p>
      ))}
      {lists.length > 0 && (
        <>
          <p>{w.keyFilesRead.replace('{n}', String(lists.length))}</p>
          <p>
            {w.code}：<code>{evaluationId}</code>
          </p>
          <table data-testid="evaluation-groups">
            <thead>
              <tr>
                <th>{w.groupName}</th>
                <th>{w.weight}</th>
                <th>{w.entitled}</th>
                <th>{w.cards}</th>
                <th>{w.listHash}</th>
              </tr>
            </thead>
            <tbody>
              {lists.map((l) => {
                const g = groups[l.group]!;
                const set = (patch: Partial<GroupRow>) => setGroups({ ...groups, [l.group]: { ...g, ...patch } });
                return (
                  <tr key={l.group} data-group={l.group}>
                    <td>
                      <input aria-label={w.groupName} name={`group-name-${l.group}`} value={g.name} onChange={(e) => set({ name: e.target.value })} />
                    </td>
                    <td>
                      <input aria-label={w.weight} name={`group-weight-${l.group}`} inputMode="numeric" value={g.weight} onChange={(e) => set({ weight: e.target.value })} />
                    </td>
                    <td>
                      <input aria-label={w.entitled} name={`group-entitled-${l.group}`} inputMode="numeric" value={g.entitled} onChange={(e) => set({ entitled: e.target.value })} />
                    </td>
                    <td>{l.keys.length}</td>
                    <td>
                      <code>{checkpointText(l.keys.length, ballotKeysHash(l.evaluationId, l.group, l.keys)).split(': ')[1]}</code>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {weightSum !== 100 && <p className="warn">{w.weightsSum.replace('{sum}', String(weightSum))}</p>}
        </>
      )}
      <label>
        {w.name}
        <input name="evaluation-title" value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <fieldset>
        <legend>{w.candidates}</legend>
        {rows.map((r) => (
          <label key={r.admissionNo} className="inline">
            <input type="checkbox" name="evaluation-candidate" checked={candidates.includes(r.admissionNo)} onChange={(e) => setChosen(e.target.checked ? [...candidates, r.admissionNo] : candidates.filter((x) => x !== r.admissionNo))} />
            {r.name}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{w.scale}</legend>
        <p>{DEFAULT_RULES.scale.map((s) => `${s[lang]} ${s.points} ${w.points}`).join(' · ')}</p>
        <label className="inline">
          <input type="checkbox" name="evaluation-dimensions" checked={dimensions} onChange={(e) => setDimensions(e.target.checked)} />
          {w.dimensions}
          {lang === 'en' ? '' : `（${DIMENSIONS.map((d) => DIMENSION_NAMES[d].zh).join('、')}）`}
        </label>
      </fieldset>
      <fieldset>
        <legend>{w.dissatisfied}</legend>
        {DEFAULT_RULES.scale.map((s) => (
          <label key={s.id} className="inline">
            <input type="checkbox" name="evaluation-dissatisfied" checked={dissatisfied.includes(s.id)} onChange={(e) => setDissatisfied(e.target.checked ? [...dissatisfied, s.id] : dissatisfied.filter((x) => x !== s.id))} />
            {s[lang]}
          </label>
        ))}
        <label>
          {w.threshold}
          <input name="evaluation-threshold" inputMode="numeric" value={threshold} onChange={(e) => setThreshold(e.target.value)} />
        </label>
        <span>{w.basis}</span>
        {(['raw', 'weighted'] as const).map((b) => (
          <label key={b} className="inline">
            <input type="radio" name="evaluation-basis" checked={basis === b} onChange={() => setBasis(b)} />
            {b === 'raw' ? w.basisRaw : w.basisWeighted}
          </label>
        ))}
        <label>
          {w.turnout}
          <span className="inline">
            <input aria-label={`${w.turnout} ${w.turnoutNum}`} name="evaluation-turnout-num" inputMode="numeric" value={turnout.num} onChange={(e) => setTurnout({ ...turnout, num: e.target.value })} /> /{' '}
            <input aria-label={`${w.turnout} ${w.turnoutDen}`} name="evaluation-turnout-den" inputMode="numeric" value={turnout.den} onChange={(e) => setTurnout({ ...turnout, den: e.target.value })} />
          </span>
        </label>
      </fieldset>
      {selection.posts.length > 0 && (
        <fieldset>
          <legend>{w.recommendation}</legend>
          {selection.posts.map((p) => (
            <label key={p.id} className="inline">
              <input type="checkbox" name="evaluation-recommend" checked={recommend.includes(p.id)} onChange={(e) => setRecommend(e.target.checked ? [...recommend, p.id] : recommend.filter((x) => x !== p.id))} />
              {w.recommendPost.replace('{post}', p.title).replace('{seats}', String(p.seats))}
            </label>
          ))}
        </fieldset>
      )}
      <label className="inline">
        <input type="checkbox" name="evaluation-tracker" checked={tracker} onChange={(e) => setTracker(e.target.checked)} />
        {w.tracker}
      </label>
      <p className="hint">{w.trackerWarn}</p>
      {problem && (
        <p className="error" role="alert" data-testid="evaluation-form-problem">
          {problem}
        </p>
      )}
      <button type="submit" className="primary" name="create-evaluation" disabled={lists.length === 0}>
        {w.create}
      </button>
    </form>
  );
}
