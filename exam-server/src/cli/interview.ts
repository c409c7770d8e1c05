import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExamError, parseHundredths } from '@exam/shared';
import { openDatabase } from '../db/database';
import { parseRoster } from '../sessions/roster';
import { createInterviewDay } from '../interview/setup';

export async function interviewCreateCommand(o: {
  data: string;
  id: string;
  label: string;
  questions: string;
  roster: string;
  holdingRoom: string;
  finishedRoom: string;
  trimAt: string;
  outlier: string;
  announce?: boolean;
}): Promise<void> {
  const { rows, encoding } = parseRoster(readFileSync(o.roster), 'room');
  const outlier = parseHundredths(o.outlier);
  if (outlier === null || outlier <= 0) throw new ExamError('bad-request', '--outlier is a number of points, e.g. 10');
  const database = await openDatabase(join(o.data, 'exam.db'));
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
    console.log(`interview day ${o.id}: ${rows.length} candidates in ${rooms.join(', ')} (roster read as ${encoding}), questions hash ${r.questionsHash}`);
  } finally {
    await database.close();
  }
}
