import { readFileSync } from 'node:fs';
import { projectFile } from '../project-files';
import type { Db } from '../db/database';
import { parseAuthoredPaper } from '../papers/authoring';
import { sealInterview, sealPaper } from '../papers/seal';
import { parseInterviewQuestions } from '../papers/interview-authoring';
import { createInterviewDay } from '../interview/setup';
import { parseRoster } from '../sessions/roster/parse';
import { createSession } from '../sessions/create';

const here = (f: string) => projectFile(`exam-server/src/demo/${f}`);

export interface DemoSetup {
  sessionId: string;
  sealedHash: string;
  paperShares: string[];
  answerKeyShares: string[];
  scheduledStart: number;
  tickets: Array<{ ticket: string; seat: string; name: string }>;
}

/**
 * A ready demonstration session: the demo paper sealed 2-of-3 (answer key likewise), room
 * "demo" with four seats and four candidates, scheduled a few minutes from now.
 * The share codes are returned for printing: in a real exam they go to three keyholders.
 */
export async function setUpDemo(db: Db, opts: { startInMinutes?: number; sessionId?: string } = {}): Promise<DemoSetup> {
  const sessionId = opts.sessionId ?? 'demo';
  const { paper, answerKey } = parseAuthoredPaper(readFileSync(here('demo-paper.yaml'), 'utf8'));
  const sealed = await sealPaper(paper, answerKey, { label: '演示笔试', threshold: 2, count: 3 });
  const { rows } = parseRoster(readFileSync(here('demo-roster.csv')));
  const scheduledStart = Date.now() + (opts.startInMinutes ?? 10) * 60_000;
  await createSession(db, {
    id: sessionId,
    label: '演示笔试',
    room: 'demo',
    seats: rows.map((r) => r.seat),
    sealedPaper: sealed.paper.file,
    sealedAnswerKey: sealed.answerKey.file,
    scheduledStart,
    durationMinutes: paper.durationMinutes,
    lateEntryMinutes: 15,
    roster: rows,
  });
  return {
    sessionId,
    sealedHash: sealed.paper.hash,
    paperShares: sealed.paper.shareCodes,
    answerKeyShares: sealed.answerKey.shareCodes,
    scheduledStart,
    tickets: rows.map((r) => ({ ticket: r.ticket, seat: r.seat, name: r.name })),
  };
}

export interface InterviewDemo {
  dayId: string;
  questionsHash: string;
  questionShares: string[];
  room: string;
  tickets: string[];
}

/**
 * A ready demonstration interview day: the demo questions sealed 2-of-3, a holding room, room
 * 面试室A and a finished room, the four demo candidates, the usual panel rule (trim at five),
 * totals flagged 10 points from the median, scores announced on the spot.
 */
export async function setUpInterviewDemo(db: Db, dayId = 'demo-interview'): Promise<InterviewDemo> {
  const set = parseInterviewQuestions(readFileSync(here('demo-interview.yaml'), 'utf8'));
  const sealed = await sealInterview(set, { label: '演示面试', threshold: 2, count: 3 });
  const { rows } = parseRoster(readFileSync(here('demo-interview-roster.csv')), 'room');
  const { questionsHash } = await createInterviewDay(db, {
    id: dayId,
    label: '演示面试日',
    holdingRoom: '候考室',
    finishedRoom: '候分室',
    sealedQuestions: sealed.file,
    roster: rows,
    trimWhenAtLeast: 5,
    outlierDistance: 1000,
    announceOnSpot: true,
  });
  return { dayId, questionsHash, questionShares: sealed.shareCodes, room: '面试室A', tickets: rows.map((r) => r.ticket) };
}
