// The ballot store's writer (ballot-store.ts): commits each batch of ballots to ballots.db on a
// connection of its own, in this thread, so the fsyncs a commit waits for (synchronous FULL, a
// rollback journal) are not waited for on the server's main thread, which meanwhile takes and
// checks the next ballots. Plain JavaScript: it needs nothing but better-sqlite3, under tsx or built.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

let db = null;
let insert = null;

/** The same settings as the main thread's connection (ballot-store.ts says why each). */
function open() {
  db = new Database(workerData.file);
  db.pragma('busy_timeout = 10000');
  db.pragma('journal_mode = TRUNCATE');
  db.pragma('synchronous = FULL');
  db.pragma('secure_delete = ON');
  // The text is bound as it comes: a string, or the UTF-8 bytes where the main thread wrote them (a
  // blob), which SQLite's CAST reads as text in the database's encoding (UTF-8) and stores as TEXT —
  // the same value a string gives, without decoding it here to have better-sqlite3 encode it again.
  insert = db.prepare('INSERT OR IGNORE INTO ballots (evaluation_id, key, ballot_json, signature) VALUES (?, ?, CAST(? AS TEXT), ?)');
}

const settings = () => ({
  journalMode: String(db.pragma('journal_mode', { simple: true })),
  secureDelete: Number(db.pragma('secure_delete', { simple: true })),
  synchronous: Number(db.pragma('synchronous', { simple: true })),
});

/** A ballot's text: given as text, or as the place of its UTF-8 in a buffer shared with the main thread (a view of it, not a copy). */
const textOf = (t) => (typeof t === 'string' ? t : Buffer.from(t.buffer, t.start, t.length));

open();
parentPort.on('message', (m) => {
  try {
    if (m.kind === 'add') {
      const added = db.transaction(() => m.rows.map((r) => insert.run(r[0], r[1], textOf(r[2]), r[3]).changes === 1))();
      parentPort.postMessage({ id: m.id, added });
    } else if (m.kind === 'settings') {
      parentPort.postMessage({ id: m.id, settings: settings() });
    } else if (m.kind === 'close') {
      // The file is about to be rewritten and replaced: this connection lets go of it, and opens the new one when told.
      db.close();
      parentPort.postMessage({ id: m.id });
    } else if (m.kind === 'open') {
      open();
      parentPort.postMessage({ id: m.id });
    } else if (m.kind === 'stop') {
      db.close();
      parentPort.close();
    }
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});
