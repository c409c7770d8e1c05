import { isNode, type Document, type LineCounter } from 'yaml';
import { problemDetail, type SchemaProblem } from '@exam/shared';

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
