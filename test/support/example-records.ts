import { readFileSync } from 'node:fs';
import { readLines, type LineRefusal, parseBallotCloseText, parseBallotListText, parseCheckpointText, parseFingerprintLines, type KeptByTheSupervisors, type VerifyOptions } from '@exam/shared';

const read = (f: string) => readFileSync(new URL(`../../docs/examples/${f}`, import.meta.url), 'utf8');

/**
 * What the supervisor of the worked example brings, read from docs/examples/ as a verifier reads
 * it: the tablet's checkpoint file, the checkpoints written down by hand, the ceremony fingerprints.
 */
export function exampleRecords(): KeptByTheSupervisors {
  const tablet = (JSON.parse(read('kept-checkpoints.json')) as Array<{ checkpoint: { seq: number; hash: string; phase: string }; supervisorKey: string; signature: string }>).map((k) => ({ ...k.checkpoint, supervisorKey: k.supervisorKey, signature: k.signature }));
  const written = eachLine('written-checkpoints.txt', parseCheckpointText);
  const fingerprints = parseFingerprintLines(read('ceremony-fingerprints.txt'));
  // "evaluation/group: count: hash", as the evaluation's ceremony sheet has each card list.
  const ballotLists = eachLine('ballot-lists.txt', parseBallotListText);
  // "evaluation/group: handed out: missing: unused", as the supervisors wrote them at each evaluation's close.
  const ballotCloses = eachLine('ballot-closes.txt', parseBallotCloseText);
  return { checkpoints: [...tablet, ...written], fingerprints, ballotLists, ballotCloses };
}

/** Each non-blank line of a file of docs/examples/, read as a verifier reads it; a line it refuses is an error. */
function eachLine<T>(file: string, parse: (line: string) => T | LineRefusal): Array<Exclude<T, LineRefusal>> {
  return readLines(read(file), parse, (r) => {
    throw new Error(`${file}: ${r.error}`);
  });
}

/** Everything the supervisor of the worked example brings: their own records, and the supervisors' bundle (docs/examples/supervisors-bundle.json). */
export function exampleOptions(): VerifyOptions {
  return { kept: exampleRecords(), supervisors: JSON.parse(read('supervisors-bundle.json')) as unknown };
}
