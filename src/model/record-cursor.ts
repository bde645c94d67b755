import { ProtocolDecodeError } from '../errors.js';

/**
 * Reads the zigzag varints and length-prefixed byte strings of Kafka records (magic 2) from a
 * buffer, never past `end`. Every problem throws ProtocolDecodeError naming the field.
 */
export class RecordCursor {
  readonly buf: Buffer;
  pos: number;
  end: number;

  constructor(buf: Buffer, pos = 0, end = buf.length) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  int8(field: string): number {
    if (this.pos >= this.end) throw new ProtocolDecodeError(field, this.pos, 'truncated int8');
    const value = this.buf.readInt8(this.pos);
    this.pos += 1;
    return value;
  }

  /**
   * Zigzag varint of at most 5 bytes holding an int32 (Kafka `ByteUtils.readVarint`). Integer shifts
   * only: the produce path walks every record with it, so it stays allocation- and float-free.
   */
  varint(field: string): number {
    const buf = this.buf;
    const end = this.end;
    const start = this.pos;
    let pos = start;
    let raw = 0;
    for (let shift = 0; ; shift += 7) {
      if (pos >= end) throw new ProtocolDecodeError(field, start, 'truncated varint');
      const byte = buf[pos++] as number;
      if (shift === 28) {
        // The fifth byte may carry only the top 4 bits of 32, and no continuation.
        if (byte > 0x0f) throw new ProtocolDecodeError(field, start, 'varint longer than 32 bits');
        raw = (raw | (byte << 28)) >>> 0;
        break;
      }
      raw |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) break;
    }
    this.pos = pos;
    return (raw >>> 1) ^ -(raw & 1);
  }

  /** Zigzag varint of at most 10 bytes holding an int64 (Kafka `ByteUtils.readVarlong`). */
  varlong(field: string): bigint {
    const start = this.pos;
    let raw = 0;
    // Up to 7 bytes (49 bits) fit exactly in a double.
    for (let i = 0; i < 7; i++) {
      if (this.pos >= this.end) throw new ProtocolDecodeError(field, start, 'truncated varlong');
      const byte = this.buf[this.pos++] as number;
      raw += (byte & 0x7f) * 2 ** (7 * i);
      if ((byte & 0x80) === 0) {
        return BigInt(raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2);
      }
    }
    let big = BigInt(raw);
    for (let i = 7; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtocolDecodeError(field, start, 'truncated varlong');
      const byte = this.buf[this.pos++] as number;
      big |= BigInt(byte & 0x7f) << BigInt(7 * i);
      if ((byte & 0x80) === 0) {
        if (big >> 64n !== 0n) break;
        return (big >> 1n) ^ -(big & 1n);
      }
    }
    throw new ProtocolDecodeError(field, start, 'varlong longer than 64 bits');
  }

  /** Steps over a zigzag varlong without decoding it (no BigInt): at most 10 bytes, the last without bit 7. */
  skipVarlong(field: string): void {
    const start = this.pos;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtocolDecodeError(field, start, 'truncated varlong');
      if (((this.buf[this.pos++] as number) & 0x80) === 0) return;
    }
    throw new ProtocolDecodeError(field, start, 'varlong longer than 64 bits');
  }

  /** Steps over a varint length (-1 = null) and that many bytes without making a view; returns the length. */
  skipNullableBytes(field: string): number {
    const start = this.pos;
    const length = this.varint(field);
    if (length < -1 || length > this.end - this.pos) {
      throw new ProtocolDecodeError(field, start, `length ${length} does not fit in ${this.remaining} bytes`);
    }
    if (length > 0) this.pos += length;
    return length;
  }

  /** varint length (-1 = null) then that many bytes, as a view into the buffer. */
  nullableBytes(field: string): Buffer | null {
    const start = this.pos;
    const length = this.varint(field);
    if (length === -1) return null;
    if (length < -1 || length > this.remaining) {
      throw new ProtocolDecodeError(field, start, `length ${length} does not fit in ${this.remaining} bytes`);
    }
    const bytes = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return bytes;
  }
}
