import { concatBytes, fromHex } from '../encoding/bytes';
import { objectHash, taggedHash } from '../crypto/hash';
import type { Paper } from './paper';
import type { ObjectType } from '../protocol/version';

/**
 * A deterministic stream of unbiased integers from a 32-byte seed (docs/protocol.md, "Shuffles"):
 * block j is SHA-256(tag · seed · j as 4 bytes big-endian); each block gives eight 32-bit
 * big-endian words, used in order. The tag is `paper-shuffle` for papers, `lot-shuffle` for lots.
 */
export class SeededStream {
  private block: Uint8Array = new Uint8Array(0);
  private offset = 0;
  private counter = 0;
  constructor(
    private readonly seed: Uint8Array,
    private readonly tag: ObjectType = 'paper-shuffle',
  ) {}

  /** The next 32-bit word of the stream (protected so a test can inject words a modulo reduction would get wrong). */
  protected nextWord(): number {
    if (this.offset >= this.block.length) {
      const ctr = new Uint8Array(4);
      new DataView(ctr.buffer).setUint32(0, this.counter++);
      this.block = taggedHash(this.tag, concatBytes(this.seed, ctr));
      this.offset = 0;
    }
    const w = new DataView(this.block.buffer, this.block.byteOffset + this.offset, 4).getUint32(0);
    this.offset += 4;
    return w;
  }

  /** A uniform integer in [0, n), by rejection sampling: words at or above the largest multiple of n are drawn again. */
  uniform(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError('n must be an integer in [1, 2^32]');
    const limit = Math.floor(2 ** 32 / n) * n;
    for (;;) {
      const w = this.nextWord();
      if (w < limit) return w % n;
    }
  }

  /** Fisher–Yates: for i from len−1 down to 1, swap i with uniform(i + 1). Returns a new array. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.uniform(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

/** The seed of one candidate's paper: SHA-256 under `paper-shuffle` of {sessionSeed, ticket}. */
export function candidateSeed(sessionSeed: string, ticket: string): string {
  return objectHash('paper-shuffle', { sessionSeed, ticket });
}

export interface PaperLayout {
  /** For each section in order, the author's question indices in display order. */
  questionOrder: number[][];
  /** For each question id with shuffled options, the author's option indices in display order. */
  optionOrder: Record<string, number[]>;
}

const identity = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * One candidate's layout of the paper. The stream is used in a fixed order: first each section's
 * questions (sections in order), then each choice question's options (author's order), skipping
 * questions marked fixedOrder. Sections themselves keep their order.
 */
export function layoutPaper(paper: Paper, seedHex: string): PaperLayout {
  const stream = new SeededStream(fromHex(seedHex));
  const questionOrder = paper.sections.map((s) => stream.shuffle(identity(s.questions.length)));
  const optionOrder: Record<string, number[]> = {};
  for (const s of paper.sections) {
    for (const q of s.questions) {
      if (q.options && !q.fixedOrder) optionOrder[q.id] = stream.shuffle(identity(q.options.length));
    }
  }
  return { questionOrder, optionOrder };
}
