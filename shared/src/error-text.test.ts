import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './errors';
import { ERROR_TEXT } from './error-text';

describe('error texts', () => {
  it('give every error code its Chinese and English text, and nothing else', () => {
    expect(Object.keys(ERROR_TEXT).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) {
      expect(ERROR_TEXT[code].zh.length, code).toBeGreaterThan(1);
      expect(ERROR_TEXT[code].en.length, code).toBeGreaterThan(1);
    }
  });
  it('keep English out of the Chinese texts', () => {
    for (const code of ERROR_CODES) expect(ERROR_TEXT[code].zh, code).not.toMatch(/[A-Za-z]{2,}/);
  });
});

import { PHASE_NAMES, checkpointPhase, phaseText } from './protocol/phases';
describe('checkpoint phases on screens', () => {
  it('are signed as written and shown in Chinese with their subject', () => {
    expect(checkpointPhase('demo', 'paper opened')).toBe('demo: paper opened');
    expect(phaseText(checkpointPhase('demo', 'paper opened'), 'zh')).toBe('demo：试卷启封');
    expect(phaseText(checkpointPhase('day1', 'scoring finished', '面试室A'), 'zh')).toBe('day1：面试室A 评分完成');
    expect(phaseText(checkpointPhase('day1', 'scoring finished', '面试室A'), 'en')).toBe('day1: 面试室A scoring finished');
    for (const name of Object.keys(PHASE_NAMES) as Array<keyof typeof PHASE_NAMES>) expect(phaseText(checkpointPhase('s', name), 'zh'), name).not.toMatch(/[A-Za-z]{2,}/);
    expect(phaseText('typed at the desk', 'zh')).toBe('typed at the desk');
    expect(phaseText(checkpointPhase('demo-interview', 'lots drawn'), 'zh', '演示面试日')).toBe('演示面试日：抽签完成');
  });
});
