import { createHash } from 'node:crypto';
import { bundleHash, objectHash, type Bundle } from '@exam/shared';

/** What an attacker holding the server's key can sign: the bundle statement and checkpoints. */
export interface ServerSigner {
  signObject(type: 'bundle-statement' | 'checkpoint' | 'receipt', object: unknown): string;
}

/** A random stream from a seed, mixed through SHA-256 so neighbouring seeds give unrelated streams. */
export function rng(seed: number): () => number {
  let block = createHash('sha256').update(`tamper-suite/${seed}`).digest();
  let i = 0;
  return () => {
    if (i + 4 > block.length) {
      block = createHash('sha256').update(block).digest();
      i = 0;
    }
    const v = block.readUInt32BE(i);
    i += 4;
    return v / 2 ** 32;
  };
}

export const pick = <T,>(xs: readonly T[], r: () => number): T | undefined => xs[Math.floor(r() * xs.length)];

/** Flips one hex digit of a hash or secret at a random place. */
export const flipHex = (hex: string, r: () => number) => {
  const i = Math.floor(r() * hex.length);
  return hex.slice(0, i) + (hex[i] === '0' ? '1' : '0') + hex.slice(i + 1);
};

/** Changes one character of a base64 signature at a random place among its first 80. */
export const flipB64 = (b64: string, r: () => number) => {
  const i = Math.floor(r() * 80);
  return b64.slice(0, i) + (b64[i] === 'A' ? 'B' : 'A') + b64.slice(i + 1);
};

/**
 * What a dishonest server does after editing the log, as well as it can: the supervisors'
 * cosignatures cannot be made again over new hashes, so it drops them (and their entries); it
 * renumbers and rehashes every entry from the first, makes every checkpoint again over the new
 * hashes (the checkpoint and its `checkpoint.made` entry, signed with its own key), and re-signs the
 * bundle. Only what the supervisors kept themselves still names the old history.
 */
export function rebuildAndResign(b: Bundle, server: ServerSigner): void {
  const log = b.body.log;
  // Each checkpoint follows the entry it named (found by its old hash, before any is recomputed).
  const byHash = new Map(log.map((e) => [e.hash, e]));
  const named = new Map(b.body.checkpoints.map((cp) => [cp, byHash.get(cp.hash)]));
  const madeFor = new Map(log.filter((e) => e.type === 'checkpoint.made').map((e) => [e, byHash.get(String(e.payload['hash']))]));
  b.body.log = log.filter((e) => e.type !== 'checkpoint.cosigned');
  let prev = '0'.repeat(64);
  b.body.log.forEach((e, i) => {
    e.seq = i + 1;
    const target = madeFor.get(e);
    if (target && b.body.log.includes(target)) {
      const statement = { seq: target.seq, hash: target.hash, phase: String(e.payload['phase']) };
      e.payload = { ...statement, signature: server.signObject('checkpoint', statement) };
    }
    e.prev = prev;
    e.hash = objectHash('audit-entry', { seq: e.seq, at: e.at, type: e.type, actor: e.actor, payload: e.payload, prev: e.prev });
    prev = e.hash;
  });
  b.body.checkpoints = b.body.checkpoints.filter((cp) => {
    const e = named.get(cp);
    if (!e || !b.body.log.includes(e)) return false;
    cp.seq = e.seq;
    cp.hash = e.hash;
    cp.cosignatures = [];
    cp.serverSignature = server.signObject('checkpoint', { seq: cp.seq, hash: cp.hash, phase: cp.phase });
    return true;
  });
  resign(b, server);
}

/** Re-signs the bundle statement with the server's key, as an attacker holding it would. */
export function resign(b: Bundle, server: ServerSigner): void {
  b.signature = server.signObject('bundle-statement', { bundleHash: bundleHash(b.body) });
}

/** A bundle's identity for counting distinct mutations. */
export const digest = (b: Bundle) => createHash('sha256').update(JSON.stringify(b)).digest('hex');
