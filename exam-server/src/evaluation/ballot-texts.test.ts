import { describe, expect, it } from 'vitest';
import { BallotTexts, type KeptText } from './ballot-texts';

/**
 * Ballot texts in shared buffers used again: a buffer is written over only once every text in it is
 * released, so a text still being verified or committed is never changed under the thread reading it.
 */
describe('ballot texts in buffers used again', () => {
  const decode = (k: KeptText) => new TextDecoder().decode(k.utf8);
  const textOf = (i: number) => `{"n":${i},"t":"${'中文 abc 😀'.repeat(1 + (i % 50))}"}`;

  it('keeps every unreleased text as it was, while released ones make room', () => {
    const store = new BallotTexts(16 * 1024, 2);
    const held = new Map<number, KeptText>();
    const buffers = new Set<ArrayBufferLike>();
    // Texts released in a shuffled order, some held long: the store must reuse only whole buffers.
    for (let i = 0; i < 4000; i++) {
      const kept = store.keep(textOf(i));
      expect(kept.utf8.buffer).toBeInstanceOf(SharedArrayBuffer);
      buffers.add(kept.utf8.buffer);
      held.set(i, kept);
      if (i % 7 !== 0 && held.has(i - 3)) {
        held.get(i - 3)!.release();
        held.delete(i - 3);
      }
    }
    const wrong = [...held].filter(([i, k]) => decode(k) !== textOf(i));
    expect(wrong.length).toBe(0);
    // Every seventh text is held to the end, so most buffers stay live; the rest were used again.
    expect(held.size).toBeGreaterThan(500);
    expect(buffers.size).toBeLessThan(4000 / 8);
  });

  it('uses a buffer again once its texts are all released, and not before', () => {
    const store = new BallotTexts(1024, 2);
    const first = Array.from({ length: 3 }, (_, i) => store.keep('x'.repeat(100 + i)));
    const firstBuffer = first[0]!.utf8.buffer;
    expect(first.every((k) => k.utf8.buffer === firstBuffer)).toBe(true);
    // The next text does not fit: the first buffer is full, with texts still live.
    const second = store.keep('y'.repeat(300));
    expect(second.utf8.buffer).not.toBe(firstBuffer);
    first[0]!.release();
    first[1]!.release();
    first[1]!.release(); // a second call does nothing
    expect(store.spareCount).toBe(0);
    first[2]!.release();
    expect(store.spareCount).toBe(1);
    // The second buffer has no room for another (300 units may take 900 bytes): the first is used again.
    const third = store.keep('w'.repeat(300));
    expect(third.utf8.buffer).toBe(firstBuffer);
    expect(decode(third)).toBe('w'.repeat(300));
    expect(decode(second)).toBe('y'.repeat(300));
  });

  it('gives a text larger than a buffer one of its own, never kept for reuse', () => {
    const store = new BallotTexts(1024, 2);
    const big = store.keep('中'.repeat(1000));
    expect(decode(big)).toBe('中'.repeat(1000));
    store.keep('a');
    big.release();
    expect(store.spareCount).toBe(0);
  });

  it('makes spare buffers ready before the first text, a chunk at a time, while texts are kept meanwhile', async () => {
    const store = new BallotTexts(64 * 1024, 3);
    const preparing = store.prepare(16 * 1024);
    // Kept while the buffers are being made ready: the first one already started is not the one written.
    const early = store.keep('während 准备');
    expect(store.spareCount).toBe(0);
    await Promise.all([preparing, store.prepare()]);
    expect(store.spareCount).toBe(3);
    expect(decode(early)).toBe('während 准备');
    // Room is reserved at three bytes a unit: the first buffer takes one such text (60 kB of its 64), the second takes a prepared buffer.
    const z = 'z'.repeat(20 * 1024);
    const first = store.keep(z);
    expect(first.utf8.buffer).toBe(early.utf8.buffer);
    expect(store.spareCount).toBe(3);
    expect(store.keep(z).utf8.buffer).not.toBe(early.utf8.buffer);
    expect(store.spareCount).toBe(2);
    // Made ready again up to three.
    await store.prepare();
    expect(store.spareCount).toBe(3);
  });
});
