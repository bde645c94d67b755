/**
 * A pool of large buffers, by power-of-two size class, so that big requests whose lifetime the protocol
 * controls (Kafka Produce) are assembled into warm memory instead of freshly allocated (page-faulted)
 * memory. One pool serves every connection of a listener; it keeps at most `maxFreeBytes` of free
 * buffers in all, so memory held back for reuse is bounded whatever the number of connections. With
 * acks=all a request's buffer stays taken until its fsync, so several per connection are out at once.
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
