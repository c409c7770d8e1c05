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
  report(): StepReport {
    return { id: this.id, title: this.title, ok: this.problems.length === 0, problems: this.problems.slice(0, 200), checked: this.checked };
  }
}
