import { describe, expect, it } from 'vitest';
import { ExamError } from '@exam/shared';
import { parseAuthoredPaper } from './authoring';

const problems = (src: string) => {
  try {
    parseAuthoredPaper(src);
  } catch (err) {
    if (err instanceof ExamError) return err.details ?? [];
    throw err;
  }
  throw new Error('the paper was accepted');
};

describe('authored papers', () => {
  it('splits answers off into the answer key', () => {
    const { paper, answerKey } = parseAuthoredPaper(`
title: T
duration_minutes: 30
sections:
  - title: S
    questions:
      - type: single
        prompt: P
        options: [a, b, c]
        answer: C
        points: 2.5
      - type: fill-in
        prompt: F
        blanks: [x, [y, z]]
        points: 4
`);
    expect(JSON.stringify(paper)).not.toMatch(/answer|"x"/);
    expect(paper.sections[0]!.questions[0]).toMatchObject({ id: 'q1', points: 250, options: ['a', 'b', 'c'] });
    expect(answerKey.answers.q1).toEqual({ type: 'single', correct: 2 });
    expect(answerKey.answers.q2).toEqual({ type: 'fill-in', correct: [['x'], ['y', 'z']] });
  });

  it('names the field and the line of every problem', () => {
    const found = problems(`title: T
duration_minutes: 30
sections:
  - title: S
    questions:
      - type: single
        prompt: P
        options: [a, b]
        answer: D
        points: 2
      - type: essay
        prompt: E
        points: 1.234
      - type: riddle
        prompt: R
        points: 1
`);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'sections.0.questions.1.points', line: 13 }),
        expect.objectContaining({ path: 'sections.0.questions.2.type', line: 14 }),
      ]),
    );
  });

  it('reports a wrong answer letter at its line, and YAML syntax errors with a line', () => {
    const found = problems(`title: T
duration_minutes: 30
sections:
  - title: S
    questions:
      - type: single
        prompt: P
        options: [a, b]
        answer: D
        points: 2
`);
    expect(found[0]).toMatchObject({ line: 9 });
    expect(found[0]!.message).toMatch(/option/);
    expect(problems('title: [unclosed\n')[0]).toHaveProperty('line');
  });
});
