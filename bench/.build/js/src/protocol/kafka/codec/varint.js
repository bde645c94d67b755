/**
 * Variable-length integers as Kafka writes them: unsigned LEB128 ("unsigned varint"), and zigzag-encoded
 * signed int32 ("varint") and int64 ("varlong"). This file holds the size and encode side; decoding lives in
 * Reader, which owns the bounds checks and error reporting.
 */
/** Largest value that fits in 5 unsigned-varint bytes (32 bits). */
export const MAX_UNSIGNED_VARINT = 0xffff_ffff;
/** Bytes needed for `value` (0 ≤ value ≤ 2^32-1) as an unsigned varint. */
export function unsignedVarintSize(value) {
    if (value < 0x80)
        return 1;
    if (value < 0x4000)
        return 2;
    if (value < 0x20_0000)
        return 3;
    if (value < 0x1000_0000)
        return 4;
    return 5;
}
/** Zigzag-encodes an int32 into an unsigned 32-bit number. */
export function zigzag32(value) {
    return ((value << 1) ^ (value >> 31)) >>> 0;
}
/** Reverses zigzag32. */
export function unzigzag32(raw) {
    return (raw >>> 1) ^ -(raw & 1);
}
/** Zigzag-encodes an int64 into an unsigned 64-bit bigint. */
export function zigzag64(value) {
    return BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
}
/** Bytes needed for a zigzag int32. */
export function varintSize(value) {
    return unsignedVarintSize(zigzag32(value));
}
/** Bytes needed for a zigzag int64. */
export function varlongSize(value) {
    let raw = zigzag64(value);
    let size = 1;
    while (raw >= 0x80n) {
        raw >>= 7n;
        size++;
    }
    return size;
}
/**
 * Writes `value` (0 ≤ value ≤ 2^32-1) as an unsigned varint at `pos`; the caller guarantees 5 free bytes.
 * Returns the position after the last byte written.
 */
export function writeUnsignedVarintAt(buf, pos, value) {
    let v = value;
    while (v >= 0x80) {
        buf[pos++] = (v & 0x7f) | 0x80;
        v = Math.floor(v / 128);
    }
    buf[pos++] = v;
    return pos;
}
/**
 * Writes a zigzag int64 at `pos`; the caller guarantees 10 free bytes. Returns the next position.
 * Values whose zigzag form fits in 53 bits (every realistic offset or timestamp delta) avoid bigint loops.
 */
export function writeVarlongAt(buf, pos, value) {
    let raw = zigzag64(value);
    if (raw <= 0x1fffffffffffffn) {
        let v = Number(raw);
        while (v >= 0x80) {
            buf[pos++] = (v % 128) | 0x80;
            v = Math.floor(v / 128);
        }
        buf[pos++] = v;
        return pos;
    }
    while (raw >= 0x80n) {
        buf[pos++] = Number(raw & 0x7fn) | 0x80;
        raw >>= 7n;
    }
    buf[pos++] = Number(raw);
    return pos;
}
