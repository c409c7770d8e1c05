import { EDUCATION_NAMES, LEVEL_NAMES, registrationFormSchema, type Education, type ImportOutcome, type Post } from '@exam/shared';
import type { ServerContext } from '../context';
import { transact } from '../db/transact';
import type { Tx } from '../db/database';
import { rosterRecords } from '../sessions/roster/parse';
import { idProblem, nameProblem } from '../sessions/roster/checks';
import { activeRegistration, recordForm } from './registration';
import { assertRegistrationOpen, findSelection, postsOf } from './store';

/** The columns of a file of registration forms, by the names people give them (the first row). */
const COLUMNS = {
  name: ['姓名', 'name'],
  idNumber: ['身份证号', '身份证号码', '证件号码', 'id number', 'id_number'],
  department: ['所在部门', '部门', '单位', '所在单位', 'department'],
  currentPost: ['现任职务', '现职务', 'current post'],
  currentLevel: ['现职级', '职级', '现任职级', 'current level'],
  yearsInRank: ['任现职级年限', '任现职年限', '现职级年限', 'years in rank'],
  education: ['学历', 'education'],
  post1: ['竞聘岗位一', '第一志愿', '竞聘岗位1', '竞聘岗位', 'first post'],
  post2: ['竞聘岗位二', '第二志愿', '竞聘岗位2', 'second post'],
  statement: ['个人陈述', '竞聘陈述', '备注', 'statement'],
} as const;
const OPTIONAL = new Set(['post2', 'statement']);

const fold = (s: string) => s.normalize('NFKC').trim().toLowerCase();
const LEVELS = new Map<string, string>(Object.entries(LEVEL_NAMES).flatMap(([k, v]) => [[fold(v.zh), k], [fold(v.en), k], [k, k]]));
LEVELS.set('一般', 'staff');
LEVELS.set('科员', 'staff');
const EDUCATIONS = new Map<string, string>(
  (Object.entries(EDUCATION_NAMES) as Array<[Education, { zh: string; en: string }]>).flatMap(([k, v]) => [[fold(v.zh), k], [fold(v.en), k], [k, k]]),
);
for (const [said, k] of [['高中', 'secondary'], ['中专', 'secondary'], ['本科', 'bachelor'], ['硕士', 'master'], ['研究生', 'master'], ['博士', 'doctor'], ['专科', 'college']] as const) EDUCATIONS.set(said, k);

/** A post as a cell names it: its id, or its title exactly. */
function postIn(cell: string, posts: Post[]): string | null {
  const c = fold(cell);
  return posts.find((p) => p.id === c || fold(p.title) === c)?.id ?? null;
}

/**
 * Imports registration forms from a file as Excel saves it (.xlsx, or CSV in UTF-8 or GB18030).
 * Each good row is recorded as one registration, as from the registration page; a row whose ID
 * number already has an imported active form replaces it; a row whose person registered on the
 * page is left out (their slip's secret is theirs). Bad rows are left out and named, the others kept.
 */
export async function importRegistrations(ctx: ServerContext, selectionId: string, bytes: Uint8Array, actor: string): Promise<ImportOutcome> {
  assertRegistrationOpen(await findSelection(ctx.db, selectionId), ctx.now());
  const { records, encoding } = await rosterRecords(bytes);
  const header = (records[0] ?? []).map(fold);
  const column = {} as Record<keyof typeof COLUMNS, number>;
  const missing: string[] = [];
  for (const [k, names] of Object.entries(COLUMNS) as Array<[keyof typeof COLUMNS, readonly string[]]>) {
    column[k] = header.findIndex((h) => names.includes(h));
    if (column[k] < 0 && !OPTIONAL.has(k)) missing.push(names[0]!);
  }
  if (missing.length > 0) {
    return { recorded: 0, replaced: 0, encoding, problems: [{ row: 1, zh: `第一行须写明各列的名称，缺少：${missing.join('、')}`, message: `the first row must name the columns; missing: ${missing.join(', ')}` }] };
  }
  const out: ImportOutcome = { recorded: 0, replaced: 0, problems: [], encoding };
  const seen = new Map<string, number>();
  const posts = await postsOf(ctx.db, selectionId);
  // Rows go in in short transactions, not one for the whole file, and the event loop turns between
  // them: on SQLite every query completes at once, so a whole import would otherwise run without the
  // server reading a socket — a kiosk's autosave waited for ten thousand rows, now for one chunk.
  // Each row stands alone (a bad one is left out, the others kept), and a file imported again
  // replaces its own rows: an import cut short by a stop is finished by importing the file again.
  const body = records.slice(1);
  for (let from = 0; from < body.length; from += IMPORT_CHUNK_ROWS) {
    if (from > 0) await new Promise((r) => setImmediate(r));
    await transact(ctx.db, (tx) => importRows(ctx, tx, selectionId, body.slice(from, from + IMPORT_CHUNK_ROWS), from + 2, { column, posts, seen, out, actor }));
  }
  return out;
}

const FIELD_NAMES: Record<string, string> = { name: '姓名', department: '所在部门', currentPost: '现任职务', statement: '个人陈述' };

/** Rows of the file per transaction of an import. */
export const IMPORT_CHUNK_ROWS = 100;

async function importRows(
  ctx: ServerContext,
  tx: Tx,
  selectionId: string,
  rows: string[][],
  firstRow: number,
  o: { column: Record<keyof typeof COLUMNS, number>; posts: Awaited<ReturnType<typeof postsOf>>; seen: Map<string, number>; out: ImportOutcome; actor: string },
): Promise<void> {
  const { column, posts, seen, out, actor } = o;
  for (const [i, r] of rows.entries()) {
    const row = firstRow + i;
    const cell = (k: keyof typeof COLUMNS) => (column[k] >= 0 ? (r[column[k]] ?? '').trim() : '');
    const bad = (zh: string, message: string) => out.problems.push({ row, zh, message });
    const name = cell('name').normalize('NFC');
    const idNumber = cell('idNumber').normalize('NFKC').replace(/^'/, '').toUpperCase();
    const problems = [nameProblem(name), idProblem(idNumber)].filter((p) => p !== null);
    if (problems.length > 0) {
      for (const p of problems) bad(p.zh, p.en);
      continue;
    }
    if (seen.has(idNumber)) {
      bad(`身份证号与第 ${seen.get(idNumber)} 行重复：每人只能有一份有效报名表`, `the ID number is also on row ${seen.get(idNumber)}: one active form per person`);
      continue;
    }
    seen.set(idNumber, row);
    const wanted = [cell('post1'), cell('post2')].filter(Boolean);
    const postIds = wanted.map((w) => postIn(w, posts));
    const unknownAt = postIds.findIndex((p) => p === null);
    if (unknownAt >= 0) {
      bad(`没有名为“${wanted[unknownAt]}”的竞聘岗位`, `there is no post “${wanted[unknownAt]}”`);
      continue;
    }
    const level = LEVELS.get(fold(cell('currentLevel')));
    const education = EDUCATIONS.get(fold(cell('education')));
    const years = Number(cell('yearsInRank').normalize('NFKC').replace(/年$/, ''));
    const parsed = registrationFormSchema.safeParse({
      name,
      idNumber,
      department: cell('department'),
      currentPost: cell('currentPost'),
      currentLevel: level ?? cell('currentLevel'),
      yearsInRank: years,
      education: education ?? cell('education'),
      posts: postIds,
      statement: cell('statement'),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = String(issue.path[0] ?? '');
      const zh: Record<string, string> = {
        currentLevel: `现职级“${cell('currentLevel')}”应为正职、副职或一般干部`,
        education: `学历“${cell('education')}”无法识别（高中、大专、本科、硕士研究生、博士研究生）`,
        yearsInRank: `任现职级年限“${cell('yearsInRank')}”应为 0–50 的整数`,
        posts: '竞聘岗位为空、重复或超过两个',
        department: '所在部门为空或过长',
        currentPost: '现任职务为空或过长',
        statement: '个人陈述超过 1000 字',
      };
      // A field's own rule (no control or invisible character) says what it is in its own words.
      const own = issue.code === 'custom' ? (issue.params as { zh?: string } | undefined)?.zh : undefined;
      bad(own ? `${FIELD_NAMES[field] ?? field}${own}` : (zh[field] ?? `第 ${row} 行填写有误`), `${field}: ${issue.message}`);
      continue;
    }
    const earlier = await activeRegistration(tx, selectionId, parsed.data.idNumber);
    if (earlier && earlier.via !== 'import') {
      bad('此人已在报名页面报名：其报名表只能由本人凭回执修改', 'this person registered on the registration page: only they can change that form, with their slip');
      continue;
    }
    await recordForm(ctx, tx, selectionId, parsed.data, 'import', actor, earlier);
    if (earlier) out.replaced++;
    else out.recorded++;
  }
}
