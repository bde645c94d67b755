import { crc32c as nativeCrc32c } from '@node-rs/crc32';

/**
 * CRC-32C (Castagnoli), as used by Kafka record batches (magic 2) over the bytes from the
 * attributes field to the end of the batch. Native (`@node-rs/crc32`, SSE4.2 / ARMv8 CRC
 * instructions when available); see docs/adr/0002-native-crc32c-and-codecs.md.
 *
 * `initial` continues a running checksum: `crc32c(b, crc32c(a)) === crc32c(concat(a, b))`.
 * The result is an unsigned 32-bit integer.
 */
export function crc32c(buf: Uint8Array, initial?: number): number {
  return nativeCrc32c(buf, initial) >>> 0;
}
