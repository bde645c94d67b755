import { BrokerError } from '../errors.js';

/**
 * Turns a TCP byte stream into whole frames, each announced by a big-endian int32 length prefix
 * (Kafka and RocketMQ remoting both frame this way). The length is checked against the cap before
 * anything is buffered; a frame that lies inside one chunk is handed out as a slice (no copy),
 * one that spans chunks is assembled with a single copy.
 */
/**
 * Supplies the buffer a frame that spans chunks is assembled into (at least `length` bytes), given the
 * frame's first two bytes; undefined means a fresh allocation. Lets a protocol recycle buffers for the
 * requests whose lifetime it controls.
 */
export type FrameAllocator = (length: number, firstTwoBytes: number) => Buffer | undefined;

export class LengthPrefixedFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private expected = -1;
  private held = false;

  constructor(
    private readonly maxFrameBytes: number,
    private readonly allocate?: FrameAllocator,
  ) {}

  /**
   * Feeds bytes; calls onFrame for each complete frame body (without the prefix), with the allocator's
   * buffer when the frame was assembled into one. Throws on a bad length.
   */
  push(chunk: Buffer, onFrame: (frame: Buffer, pooled: Buffer | undefined) => void): void {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    for (;;) {
      if (this.held) return;
      if (this.expected < 0) {
        if (this.buffered < 4) return;
        const length = this.peekLength();
        if (length < 0 || length > this.maxFrameBytes) {
          throw new BrokerError(
            'BRK_ERR_NET_FRAME_TOO_LARGE',
            `frame length ${length} outside 0..${this.maxFrameBytes}`,
          );
        }
        this.consume(4);
        this.expected = length;
      }
      if (this.buffered < this.expected) return;
      const pooled = this.spansChunks(this.expected) ? this.pooledTarget(this.expected) : undefined;
      const frame = this.take(this.expected, pooled);
      this.expected = -1;
      onFrame(frame, pooled);
    }
  }

  /**
   * Stops handing out frames (even those already buffered) until release(): lets a connection stop
   * taking requests in the middle of a chunk. The caller pauses the socket, so at most one more chunk
   * arrives.
   */
  hold(): void {
    this.held = true;
  }

  /** Hands out the frames buffered while held, then continues as push() does. */
  release(onFrame: (frame: Buffer, pooled: Buffer | undefined) => void): void {
    this.held = false;
    this.push(Buffer.alloc(0), onFrame);
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Bytes held while waiting for the rest of a frame. */
  get pendingBytes(): number {
    return this.buffered;
  }

  private peekLength(): number {
    const first = this.chunks[0] as Buffer;
    if (first.length >= 4) return first.readInt32BE(0);
    const head = Buffer.concat(this.chunks, Math.min(this.buffered, 16));
    return head.readInt32BE(0);
  }

  private consume(n: number): void {
    this.take(n, undefined);
  }

  private spansChunks(n: number): boolean {
    const first = this.chunks[0];
    return n > 0 && first !== undefined && first.length < n;
  }

  private pooledTarget(n: number): Buffer | undefined {
    if (this.allocate === undefined) return undefined;
    const first = this.chunks[0] as Buffer;
    const second = this.chunks[1];
    const head =
      first.length >= 2
        ? first.readUInt16BE(0)
        : second === undefined
          ? -1
          : ((first[0] as number) << 8) | (second[0] as number);
    const target = head < 0 ? undefined : this.allocate(n, head);
    return target !== undefined && target.length >= n ? target : undefined;
  }

  private take(n: number, into: Buffer | undefined): Buffer {
    const first = this.chunks[0];
    if (n === 0) return Buffer.alloc(0);
    if (first !== undefined && first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return out;
    }
    const out = into === undefined ? Buffer.allocUnsafe(n) : into.subarray(0, n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0] as Buffer;
      const want = n - filled;
      if (c.length <= want) {
        c.copy(out, filled);
        filled += c.length;
        this.chunks.shift();
      } else {
        c.copy(out, filled, 0, want);
        this.chunks[0] = c.subarray(want);
        filled += want;
      }
    }
    this.buffered -= n;
    return out;
  }
}
