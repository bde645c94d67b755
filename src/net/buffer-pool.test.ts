import { describe, expect, it } from 'vitest';
import { BufferPool } from './buffer-pool.js';

describe('BufferPool', () => {
  it('hands out power-of-two buffers in range and reuses returned ones', () => {
    const pool = new BufferPool(1024, 8192, 1);
    expect(pool.take(100)).toBeUndefined();
    expect(pool.take(9000)).toBeUndefined();
    const a = pool.take(3000) as Buffer;
    expect(a.length).toBe(4096);
    pool.give(a);
    expect(pool.take(4000)).toBe(a);
    const b = pool.take(4000) as Buffer;
    expect(b).not.toBe(a);
    pool.give(a);
    pool.give(b); // over maxFree: dropped
    expect(pool.take(4096)).toBe(a);
    expect(pool.take(4096)).not.toBe(b);
  });
});
