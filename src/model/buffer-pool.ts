/**
 * A pool of large buffers, by power-of-two size class, so that big buffers with a known end of life are
 * reused warm instead of freshly allocated: fresh memory is page-faulted on first write, and V8 counts it
 * as external memory, which starts full garbage collections under load. Two users: the Kafka listener
 * assembles Produce requests into it (one pool for all its connections; with acks=all a request's buffer
 * stays taken until its fsync), and the store reads into it for a caller holding a ReadLease. It keeps at
 * most `maxFreeBytes` of free buffers in all, whatever the number of users.
 */
export class BufferPool {
  private readonly free = new Map<number, Buffer[]>();
  private freeBytes = 0;

  constructor(
    private readonly minBytes: number,
    private readonly maxBytes: number,
    private readonly maxFreeBytes: number,
  ) {}

  static sizeClass(n: number): number {
    return 2 ** Math.ceil(Math.log2(n));
  }

  /** Bytes held in the free lists (tests, diagnostics). */
  get pooledBytes(): number {
    return this.freeBytes;
  }

  /** A buffer of at least n bytes, or undefined when n is outside the pooled range. */
  take(n: number): Buffer | undefined {
    if (n < this.minBytes || n > this.maxBytes) return undefined;
    const size = BufferPool.sizeClass(n);
    const buf = this.free.get(size)?.pop();
    if (buf === undefined) return Buffer.allocUnsafeSlow(size);
    this.freeBytes -= size;
    return buf;
  }

  /** Returns a buffer obtained from take(); the caller must hold no view of it any more. */
  give(buf: Buffer): void {
    if (this.freeBytes + buf.length > this.maxFreeBytes) return; // dropped: the GC takes it
    const list = this.free.get(buf.length);
    if (list === undefined) this.free.set(buf.length, [buf]);
    else list.push(buf);
    this.freeBytes += buf.length;
  }
}
