import { expect, it } from 'vitest';

it('runs after the stuck file', () => {
  expect(1 + 1).toBe(2);
});
