import { describe, expect, it } from 'vitest';
import { DEFAULT_DELAY_LEVELS, effectiveDelayLevel, parseDelayLevels } from './delay-levels.js';

describe('delay levels', () => {
  it('parses the default table', () => {
    const levels = parseDelayLevels(DEFAULT_DELAY_LEVELS);
    expect(Array.isArray(levels) && levels.length).toBe(18);
    expect(levels).toEqual(
      expect.arrayContaining([1000, 5000, 10_000, 30_000, 60_000, 1_200_000, 3_600_000, 7_200_000]),
    );
    expect((levels as number[])[2]).toBe(10_000);
    expect((levels as number[])[17]).toBe(7_200_000);
  });

  it('accepts ms and rejects bad tokens', () => {
    expect(parseDelayLevels(' 200ms  1s ')).toEqual([200, 1000]);
    expect(typeof parseDelayLevels('')).toBe('string');
    expect(typeof parseDelayLevels('1s 5x')).toBe('string');
    expect(typeof parseDelayLevels('0s')).toBe('string');
  });

  it('clamps the level and ignores non-positive values', () => {
    expect(effectiveDelayLevel(undefined, 18)).toBe(0);
    expect(effectiveDelayLevel('0', 18)).toBe(0);
    expect(effectiveDelayLevel('-2', 18)).toBe(0);
    expect(effectiveDelayLevel('3', 18)).toBe(3);
    expect(effectiveDelayLevel('40', 18)).toBe(18);
  });
});
