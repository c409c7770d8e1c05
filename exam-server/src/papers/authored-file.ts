import { isNode, type Document, type LineCounter } from 'yaml';
import { ExamError, problemDetail, type SchemaProblem } from '@exam/shared';

/** A problem of an authored file (a paper, interview questions): its field path, `(top)` for the whole, and the line it is on. */
export interface FileProblem {
  path: string;
  line?: number | undefined;
  message: string;
  zh?: string;
}

/**
 * Where things lie in an authored YAML file: `lineOf` a field path (the line of the nearest node
 * the file has on that path), and `problem`, a schema's problem (found under `prefix`) as a detail
 * with its line, in both languages.
 */
export function placesIn(doc: Document, lines: LineCounter) {
  const lineOf = (path: (string | number)[]): number | undefined => {
    for (let p = path; ; p = p.slice(0, -1)) {
      const node = doc.getIn(p, true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
      if (p.length === 0) return undefined;
    }
  };
  const problem = (p: SchemaProblem, prefix: (string | number)[] = []): FileProblem => {
    const at = [...prefix, ...p.at];
    const d = problemDetail({ ...p, at });
    return { ...d, path: d.path || '(top)', line: lineOf(at) };
  };
  return { lineOf, problem };
}

/** How many of a file's YAML errors are listed; the rest are counted. */
const YAML_ERRORS_SHOWN = 10;

/**
 * A file that is not valid YAML refused, each error with its line. A file that is not an authored file
 * at all (a README) breaks YAML on most lines: the first few say where, the rest are counted, and the
 * message asks whether it is the right file. `what` names the file and its verb ("the paper is", "the questions are").
 */
export function refuseBrokenYaml(doc: Document, lines: LineCounter, what: string): void {
  const n = doc.errors.length;
  if (n === 0) return;
  throw new ExamError(
    'invalid-paper',
    n > YAML_ERRORS_SHOWN ? `${what} not valid YAML: ${n} problems` : `${what} not valid YAML`,
    [
      ...doc.errors.slice(0, YAML_ERRORS_SHOWN).map((e) => ({ line: lines.linePos(e.pos[0]).line, message: e.message.split('\n')[0]! })),
      ...(n > YAML_ERRORS_SHOWN ? [{ message: `${n - YAML_ERRORS_SHOWN} more not listed: is this the right file?`, zh: `另有 ${n - YAML_ERRORS_SHOWN} 处问题未列出：是否选错了文件？` }] : []),
    ],
  );
}
