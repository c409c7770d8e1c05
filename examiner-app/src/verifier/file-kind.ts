/**
 * What a file a supervisor chose on the offline page is, so that one put in the wrong box is said so
 * in both languages (and which box it belongs in), not met with a schema's words.
 */
export type FileKind = 'bundle' | 'supervisors' | 'kept' | 'report' | 'other';

export function fileKindOf(json: unknown): FileKind {
  if (Array.isArray(json)) return 'kept';
  if (typeof json !== 'object' || json === null) return 'other';
  const o = json as Record<string, unknown>;
  if (o['format'] === 'exam-supervisors-bundle') return 'supervisors';
  if ('body' in o && 'signature' in o) return 'bundle';
  if ('steps' in o && 'bundleHash' in o) return 'report';
  return 'other';
}

type Words = { zh: string; en: string };
const NAMES: Record<FileKind, Words> = {
  bundle: { zh: '导出包', en: 'the export bundle' },
  supervisors: { zh: '监督员核验包', en: 'the supervisors’ bundle' },
  kept: { zh: '平板保存的检查点文件', en: 'a checkpoint file from a tablet' },
  report: { zh: '核验报告（不是导出包）', en: 'a verification report, not a bundle' },
  other: { zh: '不认识的 JSON 文件', en: 'a JSON file of no kind this page reads' },
};
/** Where a file of each kind goes; a kind no box takes is told to choose the one wanted. */
const BOXES: Partial<Record<FileKind, Words>> = {
  bundle: { zh: '请放到第一栏“导出包”', en: 'put it in the first box, Bundle' },
  supervisors: { zh: '请放到“监督员核验包”一栏', en: 'put it in the supervisors’ bundle box' },
  kept: { zh: '请放到“本人平板保存的检查点文件”一栏', en: 'put it in the checkpoint files box' },
};

/** The file's JSON when it is of the kind the box `wanted` takes; otherwise why not, and where it goes. */
export function wrongBox(name: string, text: string, wanted: FileKind): { json: unknown; problem: string | null } {
  const want = NAMES[wanted];
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { json: null, problem: `${name}：不是 JSON 文件，请选择${want.zh} · ${name} is not a JSON file: choose ${want.en}` };
  }
  const kind = fileKindOf(json);
  if (kind === wanted) return { json, problem: null };
  const box = BOXES[kind] ?? { zh: `请选择${want.zh}`, en: `choose ${want.en}` };
  return { json: null, problem: `${name}：这是${NAMES[kind].zh}，${box.zh} · ${name} is ${NAMES[kind].en}: ${box.en}` };
}
