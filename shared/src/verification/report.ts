/** One numbered step of the verification (docs/bundle.md, "Verification steps"). */
export interface StepReport {
  id: string;
  title: string;
  ok: boolean;
  /** What does not hold, each naming exactly what and where. */
  problems: string[];
  /** How many things the step checked. */
  checked: number;
}

export interface VerificationReport {
  ok: boolean;
  bundleHash: string | null;
  steps: StepReport[];
  /**
   * What this verification could not prove for want of the supervisors' own records (kept or
   * written checkpoints, ceremony fingerprints), in Chinese and English. Informative, not a failure.
   */
  unproven: string[];
  /**
   * Restores from a backup that the log records, and what each one lost (kept checkpoints of the
   * lost server), in Chinese and English. Informative: a logged restore is not a failure.
   */
  restored: string[];
}

/** Collects the problems of one step. */
export class Step {
  readonly problems: string[] = [];
  checked = 0;
  constructor(
    readonly id: string,
    readonly title: string,
  ) {}
  check(cond: boolean, problem: () => string): boolean {
    this.checked++;
    if (!cond) this.problems.push(problem());
    return cond;
  }
  /**
   * Runs the step's checks: a bundle member of another type than the one documented (a number where
   * a list belongs, null where a row does) that makes them throw fails this step, named, instead of
   * ending the verification without a report.
   */
  run(checks: () => void): void {
    try {
      checks();
    } catch (err) {
      const what = err instanceof Error ? err.message : String(err);
      this.check(false, () => `本步骤读到类型与文档不符的内容，无法读完（${what}） · this step met a member of another type than the documented one and could not read on (${what})`);
    }
  }
  report(): StepReport {
    return { id: this.id, title: this.title, ok: this.problems.length === 0, problems: this.problems.slice(0, 200), checked: this.checked };
  }
}

/**
 * One language of a report's text: problems, restores and what is not proven are written
 * `中文 · English` (the wording, not the normative part, docs/bundle.md). The split is the ` · `
 * after which the fewest Chinese characters remain (the first such): the Chinese part may itself
 * hold a ` · `, and the English may name things in Chinese (a room, a label). A text with no
 * Chinese before any ` · ` is in one language, and is the same in both.
 */
export function reportText(text: string, lang: 'zh' | 'en'): string {
  const han = (t: string) => t.match(/[\u3400-\u9fff\uff08-\uff1f\u3001-\u3011]/g)?.length ?? 0;
  let best = -1;
  let fewest = Infinity;
  for (let at = text.indexOf(' · '); at >= 0; at = text.indexOf(' · ', at + 1)) {
    if (han(text.slice(0, at)) === 0) continue;
    const left = han(text.slice(at + 3));
    if (left < fewest) [best, fewest] = [at, left];
  }
  if (best < 0) return text;
  return lang === 'zh' ? text.slice(0, best) : text.slice(best + 3);
}
