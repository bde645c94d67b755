/**
 * A small per-connection pool of large buffers, by power-of-two size class, so that big requests whose
 * lifetime the protocol controls (Kafka Produce) are assembled into warm memory instead of freshly
 * allocated (page-faulted) memory. Holds at most `maxFree` buffers per class.
 */
export class BufferPool {
  private readonly free = new Map<number, Buffer[]>();

  constructor(
    private readonly minBytes: number,
    private readonly maxBytes: number,
    private readonly maxFree = 2,
  ) {}

  static sizeClass(n: number): number {
    return 2 ** Math.ceil(Math.log2(n));
  }

  /** A buffer of at least n bytes, or undefined when n is outside the pooled range. */
  take(n: number): Buffer | undefined {
    if (n < this.minBytes || n > this.maxBytes) return undefined;
    const size = BufferPool.sizeClass(n);
    return this.free.get(size)?.pop() ?? Buffer.allocUnsafeSlow(size);
  }

  /** Returns a buffer obtained from take(); the caller must hold no view of it any more. */
  give(buf: Buffer): void {
    const list = this.free.get(buf.length);
    if (list === undefined) this.free.set(buf.length, [buf]);
    else if (list.length < this.maxFree) list.push(buf);
  }
}
