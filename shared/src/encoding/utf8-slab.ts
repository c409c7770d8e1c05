/**
 * One large buffer that UTF-8 texts are written into one after another, shared with other threads
 * where the host can share memory (Node; a browser only when cross-origin isolated), so that a thread
 * verifying or storing a text reads it where it lies. `Utf8Store` (canonical.ts) and the server's
 * ballot texts both write through it.
 */

/** The part of Node's Buffer used here (the shared code also runs in browsers, which have none). */
interface NodeBufferLike {
  write(text: string, offset: number, encoding: 'utf8'): number;
}
const NodeBuffer = (globalThis as { Buffer?: { from(buffer: ArrayBufferLike, offset: number, length: number): NodeBufferLike } }).Buffer;

const utf8Encoder = new TextEncoder();

/** A UTF-8 text takes at most three bytes for each UTF-16 unit of the string. */
export const utf8Room = (text: string): number => text.length * 3;

export class Utf8Slab {
  readonly bytes: Uint8Array;
  /** Node's Buffer over the same memory, where there is one: its `write` is several times faster than `encodeInto` into a shared buffer. */
  private readonly nodeBytes: NodeBufferLike | null;
  /** Bytes written so far, from the start. */
  used = 0;

  constructor(size: number) {
    this.bytes = new Uint8Array(typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(size) : new ArrayBuffer(size));
    this.nodeBytes = NodeBuffer ? NodeBuffer.from(this.bytes.buffer, 0, size) : null;
  }

  /** Whether the text surely fits in what is left. */
  fits(text: string): boolean {
    return this.bytes.length - this.used >= utf8Room(text);
  }

  /** Writes the text after the last one (call only when it `fits`) and gives its bytes, a view of the slab. */
  write(text: string): Uint8Array {
    const start = this.used;
    const written = this.nodeBytes ? this.nodeBytes.write(text, start, 'utf8') : utf8Encoder.encodeInto(text, this.bytes.subarray(start)).written;
    this.used += written;
    return this.bytes.subarray(start, start + written);
  }
}
