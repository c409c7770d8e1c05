import { readFileSync } from 'node:fs';
import { parseHundredths } from '@exam/shared';
import { openStore } from '../server';
import { readRoster } from '../sessions/roster/parse';
import { acceptedRows, refusal, say } from './lang';
import { createInterviewDay } from '../interview/setup';

export async function interviewCreateCommand(o: {
  data: string;
  database?: string;
  id: string;
  label: string;
  questions: string;
  roster: string;
  accept?: string;
  holdingRoom: string;
  finishedRoom: string;
  trimAt: string;
  outlier: string;
  announce?: boolean;
}): Promise<void> {
  const { rows, encoding } = await readRoster(readFileSync(o.roster), 'room', acceptedRows(o.accept));
  const outlier = parseHundredths(o.outlier);
  if (outlier === null || outlier <= 0) throw refusal('bad-request', '--outlier 应为分数，例如 10', '--outlier is a number of points, e.g. 10');
  const database = await openStore(o.data, o.database);
  try {
    const r = await createInterviewDay(database.db, {
      id: o.id,
      label: o.label,
      holdingRoom: o.holdingRoom,
      finishedRoom: o.finishedRoom,
      sealedQuestions: JSON.parse(readFileSync(o.questions, 'utf8')),
      roster: rows,
      trimWhenAtLeast: Number(o.trimAt),
      outlierDistance: outlier,
      announceOnSpot: !!o.announce,
    });
    const rooms = [...new Set(rows.map((x) => x.seat))];
    console.log(say(`面试日 ${o.id}：${rows.length} 名考生，面试室 ${rooms.join('、')}（名单按 ${encoding} 读取），面试题密封哈希 ${r.questionsHash}`, `interview day ${o.id}: ${rows.length} candidates in ${rooms.join(', ')} (roster read as ${encoding}), questions hash ${r.questionsHash}`));
  } finally {
    await database.close();
  }
}
