import { describe, expect, it } from 'vitest';
import { reportText } from './report';

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
