import { describe, expect, it } from 'vitest';
import { BufferPool } from './buffer-pool.js';

describe('BufferPool', () => {
  it('hands out power-of-two buffers in range and reuses returned ones', () => {
    const pool = new BufferPool(1024, 8192, 4096);
    expect(pool.take(100)).toBeUndefined();
    expect(pool.take(9000)).toBeUndefined();
    const a = pool.take(3000) as Buffer;
    expect(a.length).toBe(4096);
    pool.give(a);
    expect(pool.take(4000)).toBe(a);
    const b = pool.take(4000) as Buffer;
    expect(b).not.toBe(a);
    pool.give(a);
    pool.give(b); // over maxFreeBytes: dropped
    expect(pool.take(4096)).toBe(a);
    expect(pool.take(4096)).not.toBe(b);
  });

  it('bounds the free bytes across size classes, and frees room as buffers are taken', () => {
    const pool = new BufferPool(1024, 8192, 8192);
    const big = pool.take(8192) as Buffer;
    const small1 = pool.take(1024) as Buffer;
    const small2 = pool.take(1024) as Buffer;
    pool.give(small1);
    pool.give(big); // 1024 + 8192 > 8192: dropped
    expect(pool.take(8192)).not.toBe(big);
    pool.give(small2);
    expect(pool.take(1024)).toBe(small2);
    expect(pool.take(1024)).toBe(small1);
    pool.give(big); // the pool is empty again: kept
    expect(pool.take(8000)).toBe(big);
  });
});
