import { BrokerError } from '../errors.js';
/**
 * Turns a TCP byte stream into whole frames, each announced by a big-endian int32 length prefix
 * (Kafka and RocketMQ remoting both frame this way). The length is checked against the cap before
 * anything is buffered; a frame that lies inside one chunk is handed out as a slice (no copy),
 * one that spans chunks is assembled with a single copy.
 */
export class LengthPrefixedFramer {
    maxFrameBytes;
    chunks = [];
    buffered = 0;
    expected = -1;
    constructor(maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }
    /** Feeds bytes; calls onFrame for each complete frame body (without the prefix). Throws on a bad length. */
    push(chunk, onFrame) {
        this.chunks.push(chunk);
        this.buffered += chunk.length;
        for (;;) {
            if (this.expected < 0) {
                if (this.buffered < 4)
                    return;
                const length = this.peekLength();
                if (length < 0 || length > this.maxFrameBytes) {
                    throw new BrokerError('BRK_ERR_NET_FRAME_TOO_LARGE', `frame length ${length} outside 0..${this.maxFrameBytes}`);
                }
                this.consume(4);
                this.expected = length;
            }
            if (this.buffered < this.expected)
                return;
            const frame = this.take(this.expected);
            this.expected = -1;
            onFrame(frame);
        }
    }
    /** Bytes held while waiting for the rest of a frame. */
    get pendingBytes() {
        return this.buffered;
    }
    peekLength() {
        const first = this.chunks[0];
        if (first.length >= 4)
            return first.readInt32BE(0);
        const head = Buffer.concat(this.chunks, Math.min(this.buffered, 16));
        return head.readInt32BE(0);
    }
    consume(n) {
        this.take(n);
    }
    take(n) {
        const first = this.chunks[0];
        if (n === 0)
            return Buffer.alloc(0);
        if (first !== undefined && first.length >= n) {
            const out = first.subarray(0, n);
            if (first.length === n)
                this.chunks.shift();
            else
                this.chunks[0] = first.subarray(n);
            this.buffered -= n;
            return out;
        }
        const out = Buffer.allocUnsafe(n);
        let filled = 0;
        while (filled < n) {
            const c = this.chunks[0];
            const want = n - filled;
            if (c.length <= want) {
                c.copy(out, filled);
                filled += c.length;
                this.chunks.shift();
            }
            else {
                c.copy(out, filled, 0, want);
                this.chunks[0] = c.subarray(want);
                filled += want;
            }
        }
        this.buffered -= n;
        return out;
    }
}
