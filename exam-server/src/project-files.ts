import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder: the nearest folder above this module that holds `pnpm-workspace.yaml`.
 * Found by looking, not by counting `../`, because this module runs both from its source file
 * (`exam-server/src/…`, under tsx) and from the built server (`exam-server/dist/exam.mjs`).
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('pnpm-workspace.yaml not found above the server: run it from inside the project');
    dir = up;
  }
}

let root: string | undefined;

/** A file of the project, by its path from the project's folder (e.g. `candidate-kiosk/dist`). */
export function projectFile(relative: string): string {
  root ??= findRoot();
  return join(root, relative);
}
