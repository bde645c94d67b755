import { ProtocolDecodeError } from '../../../errors.js';
import { unzigzag32 } from './varint.js';
/**
 * Reads Kafka primitive types from a Buffer. Every read takes the name of the field being read (a constant
 * string from the generated code), used only when the bytes are malformed: the read then throws
 * ProtocolDecodeError(field, offset, message). Lengths and counts are checked against the remaining bytes
 * before anything is allocated; byte fields are returned as slices of the input (no copy).
 */
export class Reader {
    buf;
    pos;
    end;
    constructor(buf, offset = 0, end = buf.length) {
        this.buf = buf;
        this.pos = offset;
        this.end = end;
    }
    get offset() {
        return this.pos;
    }
    get remaining() {
        return this.end - this.pos;
    }
    /** An error naming `field` at the current offset (or `at`), for callers that validate decoded values. */
    error(field, message, at = this.pos) {
        return new ProtocolDecodeError(field, at, message);
    }
    need(n, field) {
        if (this.end - this.pos < n) {
            throw new ProtocolDecodeError(field, this.pos, `needs ${n} bytes, ${this.end - this.pos} left`);
        }
    }
    /** Moves the read position forward by n bytes. */
    skip(n, field = 'skip') {
        this.need(n, field);
        this.pos += n;
    }
    readInt8(field = 'int8') {
        this.need(1, field);
        return this.buf.readInt8(this.pos++);
    }
    readBool(field = 'bool') {
        this.need(1, field);
        return this.buf[this.pos++] !== 0;
    }
    readInt16(field = 'int16') {
        this.need(2, field);
        const v = this.buf.readInt16BE(this.pos);
        this.pos += 2;
        return v;
    }
    readUInt16(field = 'uint16') {
        this.need(2, field);
        const v = this.buf.readUInt16BE(this.pos);
        this.pos += 2;
        return v;
    }
    readInt32(field = 'int32') {
        this.need(4, field);
        const v = this.buf.readInt32BE(this.pos);
        this.pos += 4;
        return v;
    }
    readUInt32(field = 'uint32') {
        this.need(4, field);
        const v = this.buf.readUInt32BE(this.pos);
        this.pos += 4;
        return v;
    }
    readInt64(field = 'int64') {
        this.need(8, field);
        const v = this.buf.readBigInt64BE(this.pos);
        this.pos += 8;
        return v;
    }
    readFloat64(field = 'float64') {
        this.need(8, field);
        const v = this.buf.readDoubleBE(this.pos);
        this.pos += 8;
        return v;
    }
    /** 16 raw bytes, as a slice of the input. */
    readUuid(field = 'uuid') {
        return this.readRaw(16, field);
    }
    /** The next n bytes as a slice of the input. */
    readRaw(n, field = 'raw') {
        this.need(n, field);
        const start = this.pos;
        this.pos += n;
        return this.buf.subarray(start, this.pos);
    }
    /** An unsigned LEB128 value of at most 5 bytes and 32 bits. */
    readUnsignedVarint(field = 'uvarint') {
        const buf = this.buf;
        const start = this.pos;
        if (start < this.end) {
            const b0 = buf[start];
            if (b0 < 0x80) {
                this.pos = start + 1;
                return b0;
            }
        }
        let value = 0;
        let multiplier = 1;
        let pos = start;
        for (let i = 0; i < 5; i++) {
            if (pos >= this.end)
                throw new ProtocolDecodeError(field, start, 'truncated varint');
            const b = buf[pos++];
            if (i === 4) {
                if (b & 0x80)
                    throw new ProtocolDecodeError(field, start, 'varint longer than 5 bytes');
                if (b > 0x0f)
                    throw new ProtocolDecodeError(field, start, 'varint exceeds 32 bits');
            }
            value += (b & 0x7f) * multiplier;
            if (b < 0x80) {
                this.pos = pos;
                return value;
            }
            multiplier *= 128;
        }
        /* c8 ignore next */
        throw new ProtocolDecodeError(field, start, 'varint longer than 5 bytes');
    }
    /** A zigzag-encoded int32. */
    readVarint(field = 'varint') {
        return unzigzag32(this.readUnsignedVarint(field));
    }
    /** A zigzag-encoded int64 of at most 10 bytes. */
    readVarlong(field = 'varlong') {
        const buf = this.buf;
        const start = this.pos;
        let pos = start;
        // Up to 7 bytes (49 bits) accumulate exactly in a double; longer values continue in bigint.
        let value = 0;
        let multiplier = 1;
        for (let i = 0; i < 7; i++) {
            if (pos >= this.end)
                throw new ProtocolDecodeError(field, start, 'truncated varlong');
            const b = buf[pos++];
            value += (b & 0x7f) * multiplier;
            if (b < 0x80) {
                this.pos = pos;
                return BigInt(value % 2 === 0 ? value / 2 : -(value + 1) / 2);
            }
            multiplier *= 128;
        }
        let big = BigInt(value);
        let shift = 49n;
        for (let i = 7; i < 10; i++) {
            if (pos >= this.end)
                throw new ProtocolDecodeError(field, start, 'truncated varlong');
            const b = buf[pos++];
            if (i === 9) {
                if (b & 0x80)
                    throw new ProtocolDecodeError(field, start, 'varlong longer than 10 bytes');
                if (b > 0x01)
                    throw new ProtocolDecodeError(field, start, 'varlong exceeds 64 bits');
            }
            big |= BigInt(b & 0x7f) << shift;
            if (b < 0x80) {
                this.pos = pos;
                return (big >> 1n) ^ -(big & 1n);
            }
            shift += 7n;
        }
        /* c8 ignore next */
        throw new ProtocolDecodeError(field, start, 'varlong longer than 10 bytes');
    }
    utf8(len, field, start) {
        if (len > this.end - this.pos) {
            throw new ProtocolDecodeError(field, start, `string length ${len} exceeds ${this.end - this.pos} bytes left`);
        }
        const from = this.pos;
        this.pos += len;
        return this.buf.toString('utf8', from, this.pos);
    }
    slice(len, field, start) {
        if (len > this.end - this.pos) {
            throw new ProtocolDecodeError(field, start, `byte length ${len} exceeds ${this.end - this.pos} bytes left`);
        }
        const from = this.pos;
        this.pos += len;
        return this.buf.subarray(from, this.pos);
    }
    /** int16 length + UTF-8; null (-1) is an error. */
    readString(field = 'string') {
        const start = this.pos;
        const len = this.readInt16(field);
        if (len < 0)
            throw new ProtocolDecodeError(field, start, `invalid string length ${len}`);
        return this.utf8(len, field, start);
    }
    /** int16 length + UTF-8; -1 is null. */
    readNullableString(field = 'string') {
        const start = this.pos;
        const len = this.readInt16(field);
        if (len === -1)
            return null;
        if (len < 0)
            throw new ProtocolDecodeError(field, start, `invalid string length ${len}`);
        return this.utf8(len, field, start);
    }
    /** Unsigned-varint (length + 1) + UTF-8; 0 (null) is an error. */
    readCompactString(field = 'string') {
        const start = this.pos;
        const n = this.readUnsignedVarint(field);
        if (n === 0)
            throw new ProtocolDecodeError(field, start, 'null string where none is allowed');
        return this.utf8(n - 1, field, start);
    }
    /** Unsigned-varint (length + 1) + UTF-8; 0 is null. */
    readCompactNullableString(field = 'string') {
        const start = this.pos;
        const n = this.readUnsignedVarint(field);
        if (n === 0)
            return null;
        return this.utf8(n - 1, field, start);
    }
    /** int32 length + bytes (a slice); null (-1) is an error. */
    readBytes(field = 'bytes') {
        const start = this.pos;
        const len = this.readInt32(field);
        if (len < 0)
            throw new ProtocolDecodeError(field, start, `invalid bytes length ${len}`);
        return this.slice(len, field, start);
    }
    /** int32 length + bytes (a slice); -1 is null. */
    readNullableBytes(field = 'bytes') {
        const start = this.pos;
        const len = this.readInt32(field);
        if (len === -1)
            return null;
        if (len < 0)
            throw new ProtocolDecodeError(field, start, `invalid bytes length ${len}`);
        return this.slice(len, field, start);
    }
    /** Unsigned-varint (length + 1) + bytes (a slice); 0 (null) is an error. */
    readCompactBytes(field = 'bytes') {
        const start = this.pos;
        const n = this.readUnsignedVarint(field);
        if (n === 0)
            throw new ProtocolDecodeError(field, start, 'null bytes where none are allowed');
        return this.slice(n - 1, field, start);
    }
    /** Unsigned-varint (length + 1) + bytes (a slice); 0 is null. */
    readCompactNullableBytes(field = 'bytes') {
        const start = this.pos;
        const n = this.readUnsignedVarint(field);
        if (n === 0)
            return null;
        return this.slice(n - 1, field, start);
    }
    /**
     * int32 element count; -1 (null) is returned as -1. Each element needs at least `minElementSize` bytes,
     * so a count the remaining bytes cannot hold is rejected before the caller allocates anything.
     */
    readArrayLength(field = 'array', minElementSize = 1) {
        const start = this.pos;
        const n = this.readInt32(field);
        if (n === -1)
            return -1;
        return this.checkCount(n, field, start, minElementSize);
    }
    /** Unsigned-varint (count + 1); 0 (null) is returned as -1. */
    readCompactArrayLength(field = 'array', minElementSize = 1) {
        const start = this.pos;
        const n = this.readUnsignedVarint(field);
        if (n === 0)
            return -1;
        return this.checkCount(n - 1, field, start, minElementSize);
    }
    checkCount(n, field, start, minElementSize) {
        if (n < 0)
            throw new ProtocolDecodeError(field, start, `invalid array length ${n}`);
        if (n * minElementSize > this.end - this.pos) {
            throw new ProtocolDecodeError(field, start, `array of ${n} elements exceeds ${this.end - this.pos} bytes left`);
        }
        return n;
    }
    /**
     * A tagged-field section whose tags are all unknown to the caller: returns the fields as raw slices, or
     * undefined when the section is empty.
     */
    readTaggedFields(field = '_tagged') {
        const count = this.readUnsignedVarint(field);
        if (count === 0)
            return undefined;
        if (count * 2 > this.end - this.pos) {
            throw new ProtocolDecodeError(field, this.pos, `${count} tagged fields exceed ${this.end - this.pos} bytes left`);
        }
        const fields = [];
        for (let i = 0; i < count; i++) {
            const tag = this.readUnsignedVarint(field);
            const start = this.pos;
            const size = this.readUnsignedVarint(field);
            fields.push({ tag, data: this.slice(size, field, start) });
        }
        return fields;
    }
    /** The count of a tagged-field section, for generated code that recognises some tags. */
    readTaggedFieldCount(field = '_tagged') {
        const start = this.pos;
        const count = this.readUnsignedVarint(field);
        if (count * 2 > this.end - this.pos) {
            throw new ProtocolDecodeError(field, start, `${count} tagged fields exceed ${this.end - this.pos} bytes left`);
        }
        return count;
    }
    /** The size prefix of one tagged field, checked against the remaining bytes. */
    readTaggedFieldSize(field = '_tagged') {
        const start = this.pos;
        const size = this.readUnsignedVarint(field);
        if (size > this.end - this.pos) {
            throw new ProtocolDecodeError(field, start, `tagged field of ${size} bytes exceeds ${this.end - this.pos} left`);
        }
        return size;
    }
}
