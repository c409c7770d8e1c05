import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';

/**
 * socket.io's own parser, which also notes the payloads whose text held no U+0000 (docs/protocol.md
 * §1: no text of the protocol may hold it). JSON can carry that character in a string or a key only as
 * the escape `\u0000` (a raw control character is not JSON), so a packet whose text lacks those six
 * characters holds none, and its payloads need not be walked again (`nulPath`): a ballot of fifty
 * candidates is some three hundred strings. A text that has them (or an escaped backslash before
 * `u0000`) is simply walked as before.
 */
const clean = new WeakSet<object>();

/** Whether this payload came in a packet whose text holds no `\u0000`: it holds no U+0000. */
export const knownFreeOfNul = (payload: unknown): boolean => typeof payload === 'object' && payload !== null && clean.has(payload);

const decodeString = (Decoder.prototype as unknown as { decodeString(text: string): Packet }).decodeString;

class NotingDecoder extends Decoder {}
// socket.io-parser's typings call decodeString private; it is the one place that sees a packet's text.
(NotingDecoder.prototype as unknown as { decodeString(text: string): Packet }).decodeString = function (this: Decoder, text: string): Packet {
  const packet = decodeString.call(this, text);
  // Events alone: a binary event's payloads get their buffers later, and those are not text anyway.
  if (packet.type === PacketType.EVENT && Array.isArray(packet.data) && !text.includes('\\u0000')) {
    for (const payload of packet.data as unknown[]) if (typeof payload === 'object' && payload !== null) clean.add(payload);
  }
  return packet;
};

/** The `parser` option of the server: socket.io's encoder, and its decoder noting payloads free of U+0000. */
export const examParser = { Encoder, Decoder: NotingDecoder };
