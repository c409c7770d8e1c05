import { describe, expect, it } from 'vitest';
import { examParser, knownFreeOfNul } from './parser';

/** The payloads of one packet as the server's decoder gives them to the request handlers. */
function decode(text: string): unknown[] {
  const decoder = new examParser.Decoder();
  let data: unknown[] = [];
  decoder.on('decoded', (packet) => (data = packet.data as unknown[]));
  decoder.add(text);
  return data;
}

describe('the decoder notes payloads free of U+0000 from their packet text', () => {
  it('a packet without the escape: its object payloads are known free', () => {
    const [name, payload] = decode('2["answer:save",{"questionId":"q7","value":"a b","rev":3}]');
    expect(name).toBe('answer:save');
    expect(knownFreeOfNul(payload)).toBe(true);
  });

  it('U+0000 in a value or a key, or an escaped backslash before u0000: not known free, so walked', () => {
    const inValue = decode('2["answer:save",{"value":"a\\u0000b"}]')[1] as { value: string };
    expect(inValue.value).toBe('a\u0000b');
    expect(knownFreeOfNul(inValue)).toBe(false);
    expect(knownFreeOfNul(decode('2["x",{"a\\u0000":1}]')[1])).toBe(false);
    expect(knownFreeOfNul(decode('2["x",[{"deep":["\\u0000"]}]]')[1])).toBe(false);
    const escaped = decode('2["x",{"v":"\\\\u0000"}]')[1] as { v: string };
    expect(escaped.v).toBe('\\u0000');
    expect(knownFreeOfNul(escaped)).toBe(false);
  });

  it('only objects decoded here, and only events: strings, other objects and binary events are not', () => {
    expect(knownFreeOfNul('text')).toBe(false);
    expect(knownFreeOfNul({ value: 'a' })).toBe(false);
    expect(knownFreeOfNul(decode('2["x","plain"]')[1])).toBe(false);
    const decoder = new examParser.Decoder();
    let data: unknown[] = [];
    decoder.on('decoded', (packet) => (data = packet.data as unknown[]));
    decoder.add('51-["x",{"file":{"_placeholder":true,"num":0}}]');
    decoder.add(Buffer.from([0]));
    expect(knownFreeOfNul(data[1])).toBe(false);
  });
});
