/**
 * Recycled memory for reads from the CommitLog. A read that copies the page cache into freshly allocated
 * memory pays twice: the kernel faults in every new page while it copies, and V8 counts the buffers as
 * external memory, so a few hundred MB/s of fetched bytes start a full garbage collection every few
 * milliseconds (docs/performance.md). Reads made for a caller that can say when it is done
 * with the bytes (a {@link ReadLease}) take buffers from this pool instead, and get them back on release.
 */
export class ReadBufferPool {
  private readonly free = new Map<number, Buffer[]>();
  private freeBytes = 0;

  /**
   * @param minBytes reads below this are allocated normally (Node's own slab serves them cheaply)
   * @param maxBytes reads above this are allocated normally
   * @param maxFreeBytes bytes kept in the free lists at most; buffers given back beyond that are dropped
   */
  constructor(
    readonly minBytes = 16 * 1024,
    readonly maxBytes = 16 * 1024 * 1024,
    private readonly maxFreeBytes = 64 * 1024 * 1024,
  ) {}

  /** Power-of-two size class of n. */
  static sizeClass(n: number): number {
    return 2 ** Math.ceil(Math.log2(n));
  }

  /** Bytes held in the free lists (tests, diagnostics). */
  get pooledBytes(): number {
    return this.freeBytes;
  }

  /** A buffer of at least n bytes (longer by up to the size class), or undefined outside the pooled range. */
  take(n: number): Buffer | undefined {
    if (n < this.minBytes || n > this.maxBytes) return undefined;
    const size = ReadBufferPool.sizeClass(n);
    const buf = this.free.get(size)?.pop();
    if (buf === undefined) return Buffer.allocUnsafeSlow(size);
    this.freeBytes -= size;
    return buf;
  }

  /** Takes back a buffer from take(); no view of it may be in use any more. */
  give(buf: Buffer): void {
    if (this.freeBytes + buf.length > this.maxFreeBytes) return;
    const list = this.free.get(buf.length);
    if (list === undefined) this.free.set(buf.length, [buf]);
    else list.push(buf);
    this.freeBytes += buf.length;
  }
}

/**
 * The buffers behind the entries of one or more reads (ReadOptions.lease). The reader promises to hold no
 * view of any entry payload once it calls release(), which hands the memory back for the next read.
 * A lease never released costs nothing but the recycling: its buffers are garbage collected as usual.
 */
export class ReadLease {
  private buffers: Buffer[] = [];
  private pool: ReadBufferPool | undefined;

  /** Memory for a read of n bytes: recycled when the pool has it, else freshly allocated. */
  take(pool: ReadBufferPool, n: number): Buffer {
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
