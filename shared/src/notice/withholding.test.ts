import { describe, expect, it } from 'vitest';
import { OBJECTION_OUTCOMES, withholdingOutcome } from './notices';

describe('what the objections about one person make of their appointment', () => {
  it('not appointed if any objection says so, else deferred if any defers it, whatever the order', () => {
    expect(withholdingOutcome(['deferred', 'not-appointed'])).toBe('not-appointed');
    expect(withholdingOutcome(['not-appointed', 'deferred'])).toBe('not-appointed');
    expect(withholdingOutcome(['unfounded', 'deferred', 'no-effect'])).toBe('deferred');
    expect(withholdingOutcome(['deferred', null])).toBe('deferred');
  });
  it('nothing withheld by the other outcomes, by one still pending, or with no objection', () => {
    expect(withholdingOutcome(['no-effect', 'unfounded', null])).toBeNull();
    expect(withholdingOutcome([])).toBeNull();
    // Every outcome of the protocol is one of the three kinds above.
    expect(OBJECTION_OUTCOMES.map((o) => withholdingOutcome([o]))).toEqual([null, 'deferred', 'not-appointed', null]);
  });
});
