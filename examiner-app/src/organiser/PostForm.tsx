import { useState } from 'react';
import { DEFAULT_MIN_RATIO, EDUCATION, EDUCATION_NAMES, LEVEL_NAMES, PERSON_LEVELS, POST_LEVELS, type Education, type PersonLevel, type Post, type PostLevel } from '@exam/shared';
import { useT } from '../i18n';
import { useOW } from './words';
import { NamedSelect } from '../named-select';

const number = (s: string): number | null => (s.trim() === '' ? null : Number(s.normalize('NFKC')));

/** A post of a selection: what is published, and the qualifications a registration form can be checked against. */
export function PostForm(props: { selectionId: string; written: boolean; existing: Post[]; save: (p: Post) => Promise<boolean> }) {
  const t = useT();
  const w = useOW();
  const [id, setId] = useState(`p${props.existing.length + 1}`);
  const [title, setTitle] = useState('');
  const [department, setDepartment] = useState('');
  const [level, setLevel] = useState<PostLevel>('deputy');
  const [seats, setSeats] = useState('1');
  const [qualifications, setQualifications] = useState('');
  const [minYears, setMinYears] = useState('');
  const [minEducation, setMinEducation] = useState<Education | ''>('');
  const [maxAge, setMaxAge] = useState('');
  const [levels, setLevels] = useState<PersonLevel[]>([]);
  const [paper, setPaper] = useState('');
  const [minRatio, setMinRatio] = useState(String(DEFAULT_MIN_RATIO));
  const post: Post = {
    selectionId: props.selectionId,
    id,
    title: title.trim(),
    department: department.trim(),
    level,
    seats: Number(seats),
    qualifications: qualifications.trim(),
    checks: { minYearsInRank: number(minYears), minEducation: minEducation || null, maxAge: number(maxAge), levels },
    paper: paper.trim() || null,
    minRatio: Number(minRatio),
  };
  const whole = (v: number | null, min: number, max: number) => v === null || (Number.isInteger(v) && v >= min && v <= max);
  const valid =
    /^[a-z0-9-]{1,40}$/.test(id) &&
    post.title.length >= 2 &&
    post.department.length > 0 &&
    whole(post.seats, 1, 50) &&
    whole(post.checks.minYearsInRank, 0, 40) &&
    whole(post.checks.maxAge, 18, 70) &&
    whole(post.minRatio, 1, 10) &&
    (!props.written || (post.paper !== null && /^[a-z0-9-]{1,40}$/.test(post.paper)));
  const load = (p: Post) => {
    setId(p.id);
    setTitle(p.title);
    setDepartment(p.department);
    setLevel(p.level);
    setSeats(String(p.seats));
    setQualifications(p.qualifications);
    setMinYears(p.checks.minYearsInRank === null ? '' : String(p.checks.minYearsInRank));
    setMinEducation(p.checks.minEducation ?? '');
    setMaxAge(p.checks.maxAge === null ? '' : String(p.checks.maxAge));
    setLevels(p.checks.levels);
    setPaper(p.paper ?? '');
    setMinRatio(String(p.minRatio));
  };
  return (
    <form
      className="organiser-form"
      data-testid="post-form"
      onSubmit={(e) => {
        e.preventDefault();
        void props.save(post).then((ok) => {
          if (!ok) return;
          // A fresh form for the next post; the paper and the ratio, most often shared, stay.
          setId(`p${props.existing.length + 2}`);
          setTitle('');
          setDepartment('');
          setLevel('deputy');
          setSeats('1');
          setQualifications('');
          setMinYears('');
          setMinEducation('');
          setMaxAge('');
          setLevels([]);
        });
      }}
    >
      {props.existing.length > 0 && (
        <label>
          {w.editPost}
          <select value="" onChange={(e) => { const p = props.existing.find((x) => x.id === e.target.value); if (p) load(p); }}>
            <option value="">{w.newPost}</option>
            {props.existing.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {w.postCode}
        <input name="post-id" value={id} onChange={(e) => setId(e.target.value.trim().toLowerCase())} spellCheck={false} />
      </label>
      <label>
        {w.postTitle}
        <input name="post-title" value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        {w.department}
        <input name="post-department" value={department} onChange={(e) => setDepartment(e.target.value)} />
      </label>
      <label>
        {w.level}
        <NamedSelect name="post-level" value={level} options={POST_LEVELS} names={LEVEL_NAMES} onChange={(v) => setLevel(v as PostLevel)} />
      </label>
      <label>
        {w.seats}
        <input name="post-seats" inputMode="numeric" value={seats} onChange={(e) => setSeats(e.target.value)} />
      </label>
      <label>
        {w.qualifications}
        <textarea name="post-qualifications" rows={3} value={qualifications} onChange={(e) => setQualifications(e.target.value)} />
      </label>
      <fieldset>
        <legend>{w.checks}</legend>
        <label>
          {w.minYears}
          <input name="post-min-years" inputMode="numeric" value={minYears} onChange={(e) => setMinYears(e.target.value)} />
        </label>
        <label>
          {w.minEducation}
          <NamedSelect name="post-min-education" value={minEducation} options={EDUCATION} names={EDUCATION_NAMES} empty={w.any} onChange={setMinEducation} />
        </label>
        <label>
          {w.maxAge}
          <input name="post-max-age" inputMode="numeric" value={maxAge} onChange={(e) => setMaxAge(e.target.value)} />
        </label>
        <p>{w.levels}</p>
        {PERSON_LEVELS.map((l) => (
          <label key={l} className="inline">
            <input type="checkbox" name={`post-level-${l}`} checked={levels.includes(l)} onChange={(e) => setLevels(e.target.checked ? PERSON_LEVELS.filter((x) => x === l || levels.includes(x)) : levels.filter((x) => x !== l))} />
            {LEVEL_NAMES[l][t.lang]}
          </label>
        ))}
      </fieldset>
      {props.written && (
        <label>
          {w.paper}
          <input name="post-paper" value={paper} onChange={(e) => setPaper(e.target.value.trim().toLowerCase())} spellCheck={false} />
        </label>
      )}
      <label>
        {w.minRatio}
        <input name="post-min-ratio" inputMode="numeric" value={minRatio} onChange={(e) => setMinRatio(e.target.value)} />
      </label>
      <button type="submit" disabled={!valid}>
        {w.save}
      </button>
    </form>
  );
}
