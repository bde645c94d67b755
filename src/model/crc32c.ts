import { createRequire } from 'node:module';
import { crc32c as nodeRsCrc32c } from '@node-rs/crc32';

type Crc32c = (buf: Uint8Array, initial?: number) => number;

/**
 * Picks the fastest CRC-32C available: `sse4_crc32` (SSE4.2, about 7.4 GB/s here) when its native module
 * loads, else `@node-rs/crc32` (about 4 GB/s). Both are hardware-accelerated; pure-JS `crc-32` runs at
 * about 0.9 GB/s. Figures and reasons: docs/adr/0002-native-crc32c-and-codecs.md. Used by the Kafka
 * codecs and by the store (entry header checksums, record batch checks on read and recovery).
 */
function pick(): Crc32c {
  try {
    const sse = createRequire(import.meta.url)('sse4_crc32') as {
      calculate(input: Uint8Array, initial?: number): number;
      hardware_support: boolean;
    };
    if (sse.hardware_support) return (buf, initial) => sse.calculate(buf, initial ?? 0);
  } catch {
    // not built on this machine: fall through to the prebuilt module
  }
  return nodeRsCrc32c;
}

const impl = pick();

/**
 * CRC-32C (Castagnoli), as used by Kafka record batches (magic 2) over the bytes from the
 * attributes field to the end of the batch.
 *
 * `initial` continues a running checksum: `crc32c(b, crc32c(a)) === crc32c(concat(a, b))`.
 * The result is an unsigned 32-bit integer.
 */
export function crc32c(buf: Uint8Array, initial?: number): number {
  return impl(buf, initial) >>> 0;
}
