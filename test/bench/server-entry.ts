// The benchmark's server: the real exam server in its own process, with one session of N
// candidates (a paper of 100 questions, sealed 2-of-3) in room "bench", on SQLite or the PostgreSQL
// database given.
import { createSession, sealPaper, startExamServer } from '@exam/server';
import { benchPaper } from './bench-paper';

const [dataDir, portArg, kiosksArg, database] = process.argv.slice(2);
const kiosks = Number(kiosksArg);
const server = await startExamServer({ dataDir: dataDir!, database: database || undefined, httpPort: Number(portArg), httpsPort: false });
const { paper, answerKey } = benchPaper();
const sealed = await sealPaper(paper, answerKey, { label: 'bench', threshold: 2, count: 3 });
const seat = (i: number) => String(i + 1).padStart(5, '0');
await createSession(server.ctx.db, {
  id: 'bench',
  label: 'bench',
  room: 'bench',
  seats: [],
  sealedPaper: sealed.paper.file,
  sealedAnswerKey: sealed.answerKey.file,
  scheduledStart: Date.now() - 1000,
  durationMinutes: 120,
  lateEntryMinutes: 30,
  roster: Array.from({ length: kiosks }, (_, i) => ({ name: `考生${i + 1}`, idNumber: '11010519491231002X', ticket: `T${seat(i)}`, seat: seat(i) })),
});
await server.ctx.live.load(server.ctx.db);
process.stdout.write(JSON.stringify({ ready: true, url: server.httpUrl, deskCode: server.ctx.deskCode, shares: sealed.paper.shareCodes }) + '\n');
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
