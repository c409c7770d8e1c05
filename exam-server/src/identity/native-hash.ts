import * as crypto from 'node:crypto';
import { useSha256 } from '@exam/shared';

/**
 * One-shot SHA-256 of a text as hex (`crypto.hash`, Node ≥ 20.12): no Hash object per call, which
 * counts when a bundle's 100,000 log entries are hashed one by one. Older Node: a Hash object.
 */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const tagText = new Map<Uint8Array, string>();

// On the server (and the CLI verifier), every hash of the protocol uses Node's native SHA-256. The
// domain tag is ASCII and a NUL byte, so as text it is the same bytes in UTF-8.
useSha256(
  (bytes) => new Uint8Array(crypto.createHash('sha256').update(bytes).digest()),
  oneShot
    ? (tag, text) => {
        // A long text (a bundle, an evaluation's board) goes through a Hash object: joining the tag
        // to it first would copy megabytes; the one-shot call pays for short texts, the log's entries.
        if (text.length > 65_536) return crypto.createHash('sha256').update(tag).update(text, 'utf8').digest('hex');
        let t = tagText.get(tag);
        if (t === undefined) {
          if (tag.some((b) => b > 0x7f)) throw new Error('a domain tag is ASCII');
          tagText.set(tag, (t = Buffer.from(tag).toString('latin1')));
        }
        return oneShot('sha256', t + text, 'hex');
      }
    : (tag, text) => crypto.createHash('sha256').update(tag).update(text, 'utf8').digest('hex'),
  () => {
    const h = crypto.createHash('sha256');
    return { update: (piece) => void (typeof piece === 'string' ? h.update(piece, 'utf8') : h.update(piece)), hex: () => h.digest('hex') };
  },
);
