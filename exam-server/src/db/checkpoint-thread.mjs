// The WAL checkpointer thread (checkpointer.ts): copies committed pages from the write-ahead log
// into the database file every interval, PASSIVE (never waiting for, or blocking, a writer), on
// its own connection, so the fsyncs of checkpointing are not paid on the server's main thread.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
db.pragma('synchronous = FULL');
// Reported back, so a test can hold every connection that writes to synchronous=FULL or stronger.
parentPort.postMessage({ synchronous: db.pragma('synchronous', { simple: true }) });
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // busy or closed: the next round tries again
  }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'stop') {
    clearInterval(timer);
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {}
    db.close();
    parentPort.close();
  }
});
