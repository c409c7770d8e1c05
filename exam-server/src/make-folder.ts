import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ExamError } from '@exam/shared';

/**
 * Makes the folder `dir` and any folder above it that is missing, one level at a time, and says in
 * both languages which one could not be made and why. Not `mkdirSync(dir, { recursive: true })`:
 * where a folder cannot be made under one that exists (in /proc, say) Node's recursive mkdir goes
 * round for ever instead of failing, and its errors name no option.
 *
 * @param what the option or setting that named the folder (`--out`, `--data`), for the message
 */
export function makeFolder(dir: string, what: string, mode?: number): void {
  const missing: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    const kind = kindOf(d);
    if (kind === 'folder') break;
    if (kind === 'file') throw cannot(what, dir, d, '这是一个文件，不是文件夹', 'it is a file, not a folder');
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      mkdirSync(d, mode === undefined ? undefined : { mode });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && kindOf(d) === 'folder') continue; // made meanwhile, by another process starting on it
      throw cannot(what, dir, d, `无法在此新建文件夹（${code ?? err}）`, `a folder cannot be made there (${code ?? err})`);
    }
  }
}

function kindOf(path: string): 'folder' | 'file' | 'none' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'none';
  }
}

/** The refusal, naming the folder asked for and, when it is one above it, the folder that failed. */
function cannot(what: string, dir: string, at: string, zh: string, en: string): ExamError {
  const above = at === resolve(dir) ? null : at;
  const message = `${what} ${dir}${above ? ` (at ${above})` : ''}: ${en}`;
  return new ExamError('bad-request', message, [{ message, zh: `${what} ${dir}${above ? `（${above}）` : ''}：${zh}` }]);
}
