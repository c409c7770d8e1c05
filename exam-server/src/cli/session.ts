import { readFileSync } from 'node:fs';
import { openStore } from '../server';
import { readRoster } from '../sessions/roster/parse';
import { acceptedRows, refusal, say } from './lang';
import { createSession } from '../sessions/create';

function seatRange(spec: string | undefined): string[] {
  if (!spec) return [];
  return spec.split(',').flatMap((part) => {
    const m = /^(\d+)-(\d+)$/.exec(part.trim());
    if (!m) return [part.trim()];
    const width = m[1]!.length;
    const out: string[] = [];
    for (let i = Number(m[1]); i <= Number(m[2]); i++) out.push(String(i).padStart(width, '0'));
    return out;
  });
}

export async function sessionCreateCommand(o: {
  data: string;
  database?: string;
  id: string;
  label: string;
  room: string;
  paper: string;
  answerKey: string;
  roster: string;
  accept?: string;
  start: string;
  duration: string;
  late: string;
  seats?: string;
}): Promise<void> {
  const start = Date.parse(o.start);
  if (Number.isNaN(start)) throw refusal('bad-request', `不是时间：${o.start}（应写作 2026-12-01T09:00:00+08:00）`, `not a time: ${o.start} (write it as 2026-12-01T09:00:00+08:00)`);
  const { rows, encoding } = await readRoster(readFileSync(o.roster), 'seat', acceptedRows(o.accept));
  const sealedPaper = JSON.parse(readFileSync(o.paper, 'utf8')) as { box?: unknown };
  const duration = Number(o.duration);
  if (!Number.isInteger(duration) || duration <= 0) throw refusal('bad-request', '--duration 应为整数分钟', '--duration is a whole number of minutes');
  const database = await openStore(o.data, o.database);
  try {
    const r = await createSession(database.db, {
      id: o.id,
      label: o.label,
      room: o.room,
      seats: seatRange(o.seats),
      sealedPaper,
      sealedAnswerKey: JSON.parse(readFileSync(o.answerKey, 'utf8')),
      scheduledStart: start,
      durationMinutes: duration,
      lateEntryMinutes: Number(o.late),
      roster: rows,
    });
    console.log(say(`场次 ${o.id}：${rows.length} 名考生（名单按 ${encoding} 读取），试卷密封哈希 ${r.sealedHash}`, `session ${o.id}: ${rows.length} candidates (roster read as ${encoding}), paper hash ${r.sealedHash}`));
  } finally {
    await database.close();
  }
}
