import { Connection } from './connection';

/** The desk's connection, shared by its pages (written exam, interview day, the lot screen). */
export const desk = new Connection('desk', 'desk-key-v1');
/** A tablet's connection: marker, examiner, supervisor or escort, as the desk admitted it. */
export const tablet = new Connection('tablet', 'tablet-key-v1');

/** The build hash of the code this page runs (docs/interviews.md, "Key ceremony"). */
export const BUILD_HASH = document.querySelector('meta[name="build-hash"]')?.getAttribute('content') ?? 'dev';
