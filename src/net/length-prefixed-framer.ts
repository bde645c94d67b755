import { BrokerError } from '../errors.js';

/**
 * Turns a TCP byte stream into whole frames, each announced by a big-endian int32 length prefix
 * (Kafka and RocketMQ remoting both frame this way). The length is checked against the cap before
 * anything is buffered; a frame that lies inside one chunk is handed out as a slice (no copy),
 * one that spans chunks is assembled with a single copy.
 */
export class LengthPrefixedFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private expected = -1;

  constructor(private readonly maxFrameBytes: number) {}

  /** Feeds bytes; calls onFrame for each complete frame body (without the prefix). Throws on a bad length. */
  push(chunk: Buffer, onFrame: (frame: Buffer) => void): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
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
      const frame = this.take(this.expected);
      this.expected = -1;
      onFrame(frame);
    }
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
    this.take(n);
  }

  private take(n: number): Buffer {
    const first = this.chunks[0];
    if (n === 0) return Buffer.alloc(0);
    if (first !== undefined && first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return out;
    }
    const out = Buffer.allocUnsafe(n);
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
