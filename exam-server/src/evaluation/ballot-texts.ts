import { Utf8Slab, utf8Room } from '@exam/shared';

/**
 * Ballots' canonical texts as UTF-8 in buffers shared with the threads that verify and store them
 * (verify-soon.ts, ballot-store.ts), and buffers used again once every text in them is done with.
 *
 * A text is needed from its signature check until its commit; then its place may be written over.
 * Writing into a fresh buffer costs the operating system a page fault for every 4 kB the first time
 * (on the 2-core machine about 14 µs for a 7.6 kB ballot, against 1 µs into a buffer written before),
 * so a buffer whose texts have all been released is kept for the next ones rather than dropped.
 * A text never released (a thread that died) only keeps its buffer from being used again. The spare
 * buffers can be made ready before the voting (`prepare`), their pages written once, a little at a
 * time between other work: the first ballots then pay no page faults either.
 */
export class BallotTexts {
  private current: Slab | null = null;
  /** Slabs whose texts are all released, ready to be written from the start. */
  private readonly spare: Slab[] = [];
  private preparing: Promise<void> | null = null;
  private recycled = 0;

  /** @param slabBytes the size of each buffer; @param spares how many released buffers are kept at most */
  constructor(
    private readonly slabBytes = 1 << 22,
    private readonly spares = 4,
  ) {}

  /**
   * The text as UTF-8, in a shared buffer, and what to call once no thread reads it any more (after
   * its commit, or its refusal): its place may be written over after that, so call it only then. A
   * second call does nothing.
   */
  keep(text: string): KeptText {
    let slab = this.current;
    if (!slab || !slab.text.fits(text)) {
      if (slab) this.retire(slab);
      const room = utf8Room(text);
      slab = room <= this.slabBytes ? (this.spare.pop() ?? newSlab(this.slabBytes)) : newSlab(room);
      this.current = slab;
    }
    const utf8 = slab.text.write(text);
    slab.live += 1;
    let released = false;
    return {
      utf8,
      release: () => {
        if (released) return;
        released = true;
        slab.live -= 1;
        if (slab.retired && slab.live === 0) this.recycle(slab);
      },
    };
  }

  /**
   * Fills the spare buffers (up to `spares`) with buffers whose every page has been written once,
   * `chunkBytes` at a time with a turn of the event loop between, so that the server's other work
   * goes on meanwhile. A second call while one runs waits for the same one.
   */
  prepare(chunkBytes = 1 << 20): Promise<void> {
    this.preparing ??= (async () => {
      while (this.spare.length < this.spares) {
        const slab = newSlab(this.slabBytes);
        const bytes = slab.text.bytes;
        for (let at = 0; at < bytes.length; at += chunkBytes) {
          bytes.fill(0, at, Math.min(bytes.length, at + chunkBytes));
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        this.spare.push(slab);
      }
    })().finally(() => (this.preparing = null));
    return this.preparing;
  }

  /** How many released buffers wait to be used again (for the tests). */
  get spareCount(): number {
    return this.spare.length;
  }

  /** How many times a buffer has been put back for use again once all its texts were released (for the tests). */
  get recycledCount(): number {
    return this.recycled;
  }

  /** A full slab takes no more texts: once its last one is released, it is used again. */
  private retire(slab: Slab): void {
    slab.retired = true;
    if (slab.live === 0) this.recycle(slab);
  }

  private recycle(slab: Slab): void {
    if (slab.text.bytes.length !== this.slabBytes || this.spare.length >= this.spares) return;
    slab.retired = false;
    slab.text.used = 0;
    this.recycled += 1;
    this.spare.push(slab);
  }
}

export interface KeptText {
  utf8: Uint8Array;
  release(): void;
}

interface Slab {
  text: Utf8Slab;
  /** Texts written in it and not yet released. */
  live: number;
  /** Full: no more texts go in. */
  retired: boolean;
}

const newSlab = (size: number): Slab => ({ text: new Utf8Slab(size), live: 0, retired: false });
