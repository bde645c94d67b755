import type { BufferPool } from '../model/buffer-pool.js';

/**
 * The buffers behind the entries of one or more reads (ReadOptions.lease), taken from the store's
 * BufferPool: a read copying the page cache into fresh memory pays for page faults and, at a few hundred
 * MB/s, for a full garbage collection every few milliseconds (docs/performance.md). The reader promises to hold no
 * view of any entry payload once it calls release(), which hands the memory back for the next read.
 * A lease never released costs nothing but the recycling: its buffers are garbage collected as usual.
 */
export class ReadLease {
  private buffers: Buffer[] = [];
  private pool: BufferPool | undefined;

  /** Memory for a read of n bytes: recycled when the pool has it, else freshly allocated. */
  take(pool: BufferPool, n: number): Buffer {
    const buf = pool.take(n);
    if (buf === undefined) return Buffer.allocUnsafe(n);
    this.pool = pool;
    this.buffers.push(buf);
    return buf;
  }

  /** Gives every buffer back. Idempotent; the lease can be used again afterwards. */
  release(): void {
    const pool = this.pool;
    if (pool === undefined) return;
    for (const b of this.buffers) pool.give(b);
    this.buffers = [];
  }
}
