import { describe, expect, it } from 'vitest';
import { Step, reportText } from './report';

describe('a report text in one language', () => {
  it('splits `中文 · English` between the two, and leaves a text in one language whole', () => {
    const both = '第 3 条日志（a · b）被改动 · entry 3 (a · b) was altered';
    expect(reportText('第 3 条日志被改动 · entry 3 was altered', 'zh')).toBe('第 3 条日志被改动');
    expect(reportText('第 3 条日志被改动 · entry 3 was altered', 'en')).toBe('entry 3 was altered');
    expect(reportText('entry 3 · was altered', 'zh')).toBe('entry 3 · was altered');
    expect(reportText('no separator', 'en')).toBe('no separator');
    // A separator inside either part is not taken for the split; Chinese named in the English stays there.
    expect(reportText(both, 'zh')).toBe('第 3 条日志（a · b）被改动');
    expect(reportText(both, 'en')).toBe('entry 3 (a · b) was altered');
    expect(reportText('面试室A 的评分表无效 · the sheet of 面试室A does not verify', 'en')).toBe('the sheet of 面试室A does not verify');
    expect(reportText('面试室A 的评分表无效 · the sheet of 面试室A does not verify', 'zh')).toBe('面试室A 的评分表无效');
  });
});

describe('Step.run', () => {
  it('fails the step, naming what threw, when its checks throw on a member of another type than the documented one', () => {
    const s = new Step('14-evaluation', 'Evaluations');
    s.run(() => {
      s.check(true, () => 'never');
      (5 as unknown as string[]).map((x) => x);
    });
    const r = s.report();
    expect([r.ok, r.checked, r.problems.length]).toEqual([false, 2, 1]);
    expect(r.problems[0]).toMatch(/^本步骤读到类型与文档不符的内容，无法读完（.*is not a function） · this step met a member of another type than the documented one and could not read on \(.*is not a function\)$/);
    // Checks that do not throw are left as they are.
    const fine = new Step('13-selection', 'Selections');
    fine.run(() => void fine.check(true, () => 'never'));
    expect(fine.report()).toMatchObject({ ok: true, checked: 1, problems: [] });
  });
});
