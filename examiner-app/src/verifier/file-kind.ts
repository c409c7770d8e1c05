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

const NAMES: Record<FileKind, string> = {
  bundle: '导出包 · the export bundle',
  supervisors: '监督员核验包 · the supervisors’ bundle',
  kept: '平板保存的检查点文件 · a checkpoint file from a tablet',
  report: '核验报告（不是导出包）· a verification report, not a bundle',
  other: '不认识的 JSON 文件 · a JSON file of no kind this page reads',
};

/** Why the file cannot go in the box `wanted`, or null when it can. */
export function wrongBox(name: string, text: string, wanted: FileKind): { json: unknown; problem: string | null } {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { json: null, problem: `${name}：不是 JSON 文件，请选择${NAMES[wanted].split(' · ')[0]} · ${name} is not a JSON file: choose ${NAMES[wanted].split(' · ')[1]}` };
  }
  const kind = fileKindOf(json);
  if (kind === wanted) return { json, problem: null };
  const [zh, en] = NAMES[kind].split(' · ');
  const box = kind === 'bundle' ? '请放到第一栏“导出包” · put it in the first box, Bundle' : kind === 'supervisors' ? '请放到“监督员核验包”一栏 · put it in the supervisors’ bundle box' : kind === 'kept' ? '请放到“本人平板保存的检查点文件”一栏 · put it in the checkpoint files box' : `请选择${NAMES[wanted].split(' · ')[0]} · choose ${NAMES[wanted].split(' · ')[1]}`;
  return { json: null, problem: `${name}：这是${zh}，${box.split(' · ')[0]} · ${name} is ${en}: ${box.split(' · ')[1]}` };
}
