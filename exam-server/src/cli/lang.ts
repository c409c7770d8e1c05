import { ERROR_TEXT, ExamError, type ErrorCode } from '@exam/shared';

export type CliLang = 'zh' | 'en';

/**
 * The CLI's language: `--lang zh|en` (main.ts puts it in EXAM_LANG), else the system's
 * (LC_ALL, LC_MESSAGES, LANG: Chinese when it begins with "zh"), else English.
 */
export function cliLang(): CliLang {
  // As POSIX has it, an empty variable counts as unset.
  const chosen = process.env.EXAM_LANG || process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
  return chosen.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** The text in the CLI's language. */
export const say = (zh: string, en: string): string => (cliLang() === 'zh' ? zh : en);

/** A refusal of the CLI's in both languages: the English is the message, the Chinese its detail (errorLines prints the CLI's language's, once). */
export const refusal = (code: ErrorCode, zh: string, en: string): ExamError => new ExamError(code, en, [{ message: en, zh }]);

/** Takes `--lang <zh|en>` (or `--lang=…`) out of the arguments, wherever it is, into EXAM_LANG. */
export function takeLangFlag(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = a === '--lang' ? args[++i] : a.startsWith('--lang=') ? a.slice(7) : undefined;
    if (value === undefined) {
      out.push(a);
      continue;
    }
    if (value !== 'zh' && value !== 'en') throw refusal('bad-request', `--lang 只能是 zh 或 en，而不是 ${value}`, `--lang is zh or en, not ${value}`);
    process.env.EXAM_LANG = value;
  }
  return out;
}

/** An error as the CLI prints it: what it means in the CLI's language, then each detail by row or line. */
export function errorLines(err: ExamError): string[] {
  const zh = cliLang() === 'zh';
  const lines = [zh ? `错误：${ERROR_TEXT[err.code].zh}（${err.code}）` : `error (${err.code}): ${err.message}`];
  if (zh && !err.details?.length) lines.push(`  ${err.message}`);
  for (const d of err.details ?? []) {
    // A detail that only repeats the message (given for its Chinese) is not printed twice in English.
    if (!zh && d.message === err.message && !d.line && !d.row && !d.path) continue;
    const where = d.line ? say(`第 ${d.line} 行：`, `line ${d.line}: `) : d.row ? say(`第 ${d.row} 行：`, `row ${d.row}: `) : '';
    const mark = d.warning ? say('［需确认］', '[to confirm] ') : '';
    lines.push(`  ${where}${mark}${d.path ? `${d.path}: ` : ''}${zh && d.zh ? d.zh : d.message}`);
  }
  const toConfirm = (err.details ?? []).filter((d) => d.warning && d.row);
  if (toConfirm.length > 0 && toConfirm.length === err.details!.length) {
    const rows = [...new Set(toConfirm.map((d) => d.row))].join(',');
    lines.push(say(`以上各行核对无误后，加上 --accept ${rows} 重新运行，即按所示方式导入。`, `If each of these is right, run again with --accept ${rows} to import them as shown.`));
  }
  return lines;
}

/** `--accept all` or `--accept 3,7`: the roster rows whose warnings the organiser confirms. */
export function acceptedRows(spec: string | undefined): 'all' | number[] {
  if (!spec) return [];
  if (spec.trim() === 'all') return 'all';
  const rows = spec.split(',').map((x) => Number(x.trim()));
  if (rows.some((r) => !Number.isInteger(r) || r < 2)) throw refusal('bad-request', `--accept 应为 all 或行号（例如 3,7），而不是 ${spec}`, `--accept is "all" or row numbers such as 3,7, not ${spec}`);
  return rows;
}
