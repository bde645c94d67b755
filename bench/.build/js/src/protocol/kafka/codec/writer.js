import { BrokerError } from '../../../errors.js';
import { recordsByteLength } from './records.js';
import { writeUnsignedVarintAt, writeVarlongAt, zigzag32 } from './varint.js';
const MAX_CHUNK = 1 << 20;
function encodeError(message) {
    return new BrokerError('BRK_ERR_PROTOCOL_ENCODE', message);
}
/** The error generated encoders throw when a field holds null in a version where it cannot be null. */
export function nullNotAllowed(field, version) {
    return encodeError(`${field} cannot be null in version ${version}`);
}
/**
 * A growable writer of Kafka primitive types. Small writes go into a scratch buffer; `writeRaw` appends an
 * external Buffer as its own chunk without copying it, so record batches read from the store reach the
 * socket untouched. `toChunks()` hands out the chunk list (for `socket.writev`-style output), `toBuffer()`
 * concatenates it.
 */
export class Writer {
    buf;
    pos = 0;
    /** Start of the open (not yet pushed) chunk in `buf`. */
    chunkStart = 0;
    chunks = [];
    /** Bytes in `chunks`. */
    flushed = 0;
    constructor(initialCapacity = 1024) {
        this.buf = Buffer.allocUnsafe(Math.max(16, initialCapacity));
    }
    /** Bytes written so far. */
    get size() {
        return this.flushed + this.pos - this.chunkStart;
    }
    closeChunk() {
        if (this.pos > this.chunkStart) {
            this.chunks.push(this.buf.subarray(this.chunkStart, this.pos));
            this.flushed += this.pos - this.chunkStart;
            this.chunkStart = this.pos;
        }
    }
    /** Makes room for n contiguous bytes at `pos`. Old scratch space stays referenced by the chunk list. */
    ensure(n) {
        if (this.buf.length - this.pos >= n)
            return;
        this.closeChunk();
        const capacity = Math.max(n, Math.min(this.buf.length * 2, MAX_CHUNK));
        this.buf = Buffer.allocUnsafe(capacity);
        this.pos = 0;
        this.chunkStart = 0;
    }
    /** Appends `data` as its own chunk, without copying. The caller must not modify it afterwards. */
    writeRaw(data) {
        if (data.length === 0)
            return this;
        this.closeChunk();
        this.chunks.push(data);
        this.flushed += data.length;
        return this;
    }
    /** Copies `data` into the scratch buffer (for small pieces where a separate chunk costs more). */
    writeCopy(data) {
        this.ensure(data.length);
        data.copy(this.buf, this.pos);
        this.pos += data.length;
        return this;
    }
    /** Reserves 4 bytes for an int32 filled in later with `fillInt32` (for example a frame length). */
    reserveInt32() {
        this.ensure(4);
        const mark = this.size;
        this.buf.writeInt32BE(0, this.pos);
        this.pos += 4;
        return mark;
    }
    /** Writes `value` into a slot returned by `reserveInt32`. */
    fillInt32(mark, value) {
        if (mark >= this.flushed) {
            this.buf.writeInt32BE(value, this.chunkStart + (mark - this.flushed));
            return;
        }
        let base = 0;
        for (const chunk of this.chunks) {
            if (mark < base + chunk.length) {
                chunk.writeInt32BE(value, mark - base);
                return;
            }
            base += chunk.length;
        }
        throw new BrokerError('BRK_ERR_INVARIANT', `no reserved int32 at ${mark}`);
    }
    /** The written bytes as a list of chunks (no copy). Writing may continue afterwards. */
    toChunks() {
        this.closeChunk();
        return this.chunks.slice();
    }
    /** The written bytes as one Buffer (copies only when there is more than one chunk). */
    toBuffer() {
        this.closeChunk();
        if (this.chunks.length === 1)
            return this.chunks[0];
        return Buffer.concat(this.chunks, this.flushed);
    }
    writeInt8(v) {
        this.ensure(1);
        this.buf.writeInt8(v, this.pos);
        this.pos += 1;
        return this;
    }
    writeBool(v) {
        this.ensure(1);
        this.buf[this.pos++] = v ? 1 : 0;
        return this;
    }
    writeInt16(v) {
        this.ensure(2);
        this.buf.writeInt16BE(v, this.pos);
        this.pos += 2;
        return this;
    }
    writeUInt16(v) {
        this.ensure(2);
        this.buf.writeUInt16BE(v, this.pos);
        this.pos += 2;
        return this;
    }
    writeInt32(v) {
        this.ensure(4);
        this.buf.writeInt32BE(v, this.pos);
        this.pos += 4;
        return this;
    }
    writeUInt32(v) {
        this.ensure(4);
        this.buf.writeUInt32BE(v, this.pos);
        this.pos += 4;
        return this;
    }
    writeInt64(v) {
        this.ensure(8);
        this.buf.writeBigInt64BE(v, this.pos);
        this.pos += 8;
        return this;
    }
    writeFloat64(v) {
        this.ensure(8);
        this.buf.writeDoubleBE(v, this.pos);
        this.pos += 8;
        return this;
    }
    /** 16 bytes, copied. */
    writeUuid(v) {
        if (v.length !== 16)
            throw encodeError(`uuid must be 16 bytes, got ${v.length}`);
        return this.writeCopy(v);
    }
    writeUnsignedVarint(v) {
        if (!(v >= 0 && v <= 0xffff_ffff) || !Number.isInteger(v)) {
            throw encodeError(`unsigned varint out of range: ${v}`);
        }
        this.ensure(5);
        this.pos = writeUnsignedVarintAt(this.buf, this.pos, v);
        return this;
    }
    /** Zigzag int32. */
    writeVarint(v) {
        this.ensure(5);
        this.pos = writeUnsignedVarintAt(this.buf, this.pos, zigzag32(v));
        return this;
    }
    /** Zigzag int64. */
    writeVarlong(v) {
        this.ensure(10);
        this.pos = writeVarlongAt(this.buf, this.pos, v);
        return this;
    }
    /** int16 length + UTF-8. */
    writeString(v) {
        // Encode first (worst case 3 bytes per UTF-16 unit), then fill in the length: one native call.
        this.ensure(2 + v.length * 3);
        const len = v.length === 0 ? 0 : this.buf.write(v, this.pos + 2, 'utf8');
        if (len > 0x7fff)
            throw encodeError(`string of ${len} bytes exceeds the int16 length limit`);
        this.buf.writeInt16BE(len, this.pos);
        this.pos += 2 + len;
        return this;
    }
    writeNullableString(v) {
        if (v === null)
            return this.writeInt16(-1);
        return this.writeString(v);
    }
    /** Unsigned-varint (length + 1) + UTF-8. */
    writeCompactString(v) {
        const max = v.length * 3;
        if (max < 0x7f) {
            // The length prefix is one byte whatever the encoding turns out to be.
            this.ensure(1 + max);
            const len = max === 0 ? 0 : this.buf.write(v, this.pos + 1, 'utf8');
            this.buf[this.pos] = len + 1;
            this.pos += 1 + len;
            return this;
        }
        const len = Buffer.byteLength(v, 'utf8');
        this.writeUnsignedVarint(len + 1);
        this.ensure(len);
        this.buf.write(v, this.pos, len, 'utf8');
        this.pos += len;
        return this;
    }
    writeCompactNullableString(v) {
        if (v === null)
            return this.writeUnsignedVarint(0);
        return this.writeCompactString(v);
    }
    /** int32 length + bytes (copied). */
    writeBytes(v) {
        this.writeInt32(v.length);
        return this.writeCopy(v);
    }
    writeNullableBytes(v) {
        if (v === null)
            return this.writeInt32(-1);
        return this.writeBytes(v);
    }
    /** Unsigned-varint (length + 1) + bytes (copied). */
    writeCompactBytes(v) {
        this.writeUnsignedVarint(v.length + 1);
        return this.writeCopy(v);
    }
    writeCompactNullableBytes(v) {
        if (v === null)
            return this.writeUnsignedVarint(0);
        return this.writeCompactBytes(v);
    }
    /** int32 length + record data written with `writeRaw` (no copy); null as -1. */
    writeRecords(v) {
        if (v === null)
            return this.writeInt32(-1);
        this.writeInt32(recordsByteLength(v));
        return this.writeRecordChunks(v);
    }
    /** Unsigned-varint (length + 1) + record data written with `writeRaw`; null as 0. */
    writeCompactRecords(v) {
        if (v === null)
            return this.writeUnsignedVarint(0);
        this.writeUnsignedVarint(recordsByteLength(v) + 1);
        return this.writeRecordChunks(v);
    }
    writeRecordChunks(v) {
        if (Buffer.isBuffer(v))
            return this.writeRaw(v);
        for (const chunk of v)
            this.writeRaw(chunk);
        return this;
    }
    /** int32 element count; pass -1 for a null array. */
    writeArrayLength(n) {
        return this.writeInt32(n);
    }
    /** Unsigned-varint (count + 1); pass -1 for a null array. */
    writeCompactArrayLength(n) {
        return this.writeUnsignedVarint(n < 0 ? 0 : n + 1);
    }
    /** A tagged-field section from raw fields, written in ascending tag order; empty when none. */
    writeTaggedFields(fields) {
        if (fields === undefined || fields.length === 0)
            return this.writeUnsignedVarint(0);
        let sorted = fields;
        for (let i = 1; i < fields.length; i++) {
            if (fields[i].tag < fields[i - 1].tag) {
                sorted = fields.slice().sort((a, b) => a.tag - b.tag);
                break;
            }
        }
        this.writeUnsignedVarint(sorted.length);
        for (const f of sorted) {
            this.writeUnsignedVarint(f.tag);
            this.writeUnsignedVarint(f.data.length);
            this.writeCopy(f.data);
        }
        return this;
    }
}
