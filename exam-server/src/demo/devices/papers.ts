import { answerKeySchema, paperSchema, type AnswerKey, type Paper, type Question } from '@exam/shared';

/**
 * A paper the size of a real competitive-selection written exam (the benchmark's, and so what a
 * kiosk decrypts and lays out at the start): 100 questions in six sections, prompts of the usual
 * length in Chinese — 40 single choice, 20 multiple choice, 20 true/false, 10 fill-in with two
 * blanks, 8 short answers and 2 essays, 100 points in all. `tenQuestions` gives the smaller paper
 * of the realistic bundle (8 objective and 2 open questions).
 */
const stem = (n: number, kind: string) =>
  `第${n}题（${kind}）：根据《党政领导干部选拔任用工作条例》和本单位中层干部竞争上岗实施方案，结合材料分析：某单位在组织竞争上岗时，坚持公开、平等、竞争、择优的原则，严格执行民主推荐、资格审查、笔试、面试、民主测评、组织考察和公示等程序。下列说法中，符合有关规定和精神的是哪一项？`;
const option = (i: number, j: number) => `选项${'ABCDE'[j]}：关于第${i}题所述情形，应当严格按照规定程序，由组织人事部门会同纪检监察机构全程监督，确保过程公开透明、结果公平公正，并按要求予以公示。`;

function build(counts: { single: number; multiple: number; tf: number; fill: number; short: number; essay: number }): { paper: Paper; answerKey: AnswerKey } {
  let n = 0;
  const answers: AnswerKey['answers'] = {};
  const q = (type: Question['type'], points: number, extra: Partial<Question>, key: AnswerKey['answers'][string]): Question => {
    n++;
    answers[`q${n}`] = key;
    return { id: `q${n}`, type, prompt: stem(n, type), points, ...extra } as Question;
  };
  const section = (title: string, count: number, make: () => Question) => ({ title, questions: Array.from({ length: count }, make) });
  const sections = [
    section('一、单项选择题', counts.single, () => q('single', 100, { options: [0, 1, 2, 3].map((j) => option(n + 1, j)) }, { type: 'single', correct: n % 4 })),
    section('二、多项选择题', counts.multiple, () => q('multiple', 150, { options: [0, 1, 2, 3, 4].map((j) => option(n + 1, j)) }, { type: 'multiple', correct: [0, 2, 3], partialPoints: 50 })),
    section('三、判断题', counts.tf, () => q('true-false', 50, {}, { type: 'true-false', correct: n % 2 === 0 })),
    section('四、填空题', counts.fill, () => q('fill-in', 100, { blanks: 2 }, { type: 'fill-in', correct: [['民主集中制'], ['公示', '任前公示']] })),
    section('五、简答题', counts.short, () => q('short-answer', 500, { wordLimit: 300 }, { type: 'short-answer', reference: '要点：程序公开、标准公开、结果公开；接受群众监督。' })),
    section('六、论述题', counts.essay, () => q('essay', 1000, { wordLimit: 1500 }, { type: 'essay', reference: '要点：德才兼备、以德为先；五湖四海、任人唯贤；事业为上、公道正派。' })),
  ].filter((s) => s.questions.length > 0);
  const paper = paperSchema.parse({ format: 'paper/1', title: '中层干部竞争上岗笔试（基准测试用卷）', instructions: '请在规定时间内作答。', durationMinutes: 120, sections });
  const answerKey = answerKeySchema.parse({ format: 'answer-key/1', paperSealId: '00000000', answers });
  return { paper, answerKey };
}

export const benchPaper = () => build({ single: 40, multiple: 20, tf: 20, fill: 10, short: 8, essay: 2 });
export const tenQuestions = () => build({ single: 5, multiple: 1, tf: 1, fill: 1, short: 1, essay: 1 });
