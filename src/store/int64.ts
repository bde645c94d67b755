/**
 * int64 fields as JavaScript numbers (safe integers), without BigInt allocation on the hot path.
 * Values outside +/-2^53 cannot occur in the store (offsets, positions, timestamps, tag codes).
 */
const TWO_POW_32 = 0x1_0000_0000;

export function writeInt64(buf: Buffer, offset: number, value: number): void {
  const high = Math.floor(value / TWO_POW_32);
  buf.writeInt32BE(high, offset);
  buf.writeUInt32BE(value - high * TWO_POW_32, offset + 4);
}

export function readInt64(buf: Buffer, offset: number): number {
  return buf.readInt32BE(offset) * TWO_POW_32 + buf.readUInt32BE(offset + 4);
}
