import { createHash } from 'node:crypto';
import { useSha256 } from '@exam/shared';

// On the server (and the CLI verifier), every hash of the protocol uses Node's native SHA-256.
useSha256(
  (bytes) => new Uint8Array(createHash('sha256').update(bytes).digest()),
  (tag, text) => createHash('sha256').update(tag).update(text, 'utf8').digest('hex'),
);
