import { compressSync, uncompressSync } from 'snappy';
import { compressionError } from './compression-error.js';

/**
 * Kafka snappy comes in two shapes:
 * - raw: one snappy block (librdkafka, @platformatic/kafka);
 * - xerial framing (Java's snappy-java streams, kafka-python, kafkajs-snappy):
 *     magic "\x82SNAPPY\0" (8) + version int32 BE + compatible version int32 BE,
 *     then blocks of: length int32 BE + one raw snappy block.
 * A raw snappy block starts with its uncompressed length as an unsigned varint (the preamble),
 * which is checked against the cap before the block is decoded.
 */
export const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
export const XERIAL_HEADER_BYTES = 16;

export function isXerialFramed(data: Buffer): boolean {
  return data.length >= XERIAL_HEADER_BYTES && data.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC);
}

/** The uncompressed length a raw snappy block declares (varint preamble, at most 32 bits). */
export function snappyUncompressedLength(block: Buffer): number {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const byte = block[i];
    if (byte === undefined) throw compressionError('truncated snappy length preamble');
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) {
      if (value > 0xffffffff) break;
      return value;
    }
  }
  throw compressionError('invalid snappy length preamble');
}

function decodeBlock(block: Buffer): Buffer {
  let out: string | Buffer;
  try {
    out = uncompressSync(block, { asBuffer: true });
  } catch (err) {
    throw compressionError('corrupt snappy data', err);
  }
  if (!Buffer.isBuffer(out)) throw compressionError('snappy returned a string instead of bytes');
  return out;
}

export function decompressSnappy(data: Buffer, maxBytes: number): Buffer {
  if (!isXerialFramed(data)) {
    const length = snappyUncompressedLength(data);
    if (length > maxBytes)
      throw compressionError(`snappy output of ${length} bytes exceeds the limit of ${maxBytes} bytes`);
    return decodeBlock(data);
  }
  const parts: Buffer[] = [];
  let total = 0;
  let pos = XERIAL_HEADER_BYTES;
  while (pos < data.length) {
    if (pos + 4 > data.length) throw compressionError(`truncated xerial snappy block length at byte ${pos}`);
    const blockLength = data.readInt32BE(pos);
    pos += 4;
    if (blockLength < 0 || pos + blockLength > data.length) {
      throw compressionError(`xerial snappy block of ${blockLength} bytes at byte ${pos} overruns the data`);
    }
    const block = data.subarray(pos, pos + blockLength);
    pos += blockLength;
    const length = snappyUncompressedLength(block);
    if (total + length > maxBytes)
      throw compressionError(`snappy output exceeds the limit of ${maxBytes} bytes`);
    const out = decodeBlock(block);
    total += out.length;
    parts.push(out);
  }
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, total);
}

/** Raw snappy, as librdkafka and @platformatic/kafka write it; every Kafka client reads it. */
export function compressSnappy(data: Buffer): Buffer {
  return compressSync(data);
}

/** Xerial-framed snappy (what Java and kafka-python producers write); for tests and conversions. */
export function compressSnappyXerial(data: Buffer, blockBytes = 32 * 1024): Buffer {
  const header = Buffer.alloc(XERIAL_HEADER_BYTES);
  XERIAL_MAGIC.copy(header, 0);
  header.writeInt32BE(1, 8);
  header.writeInt32BE(1, 12);
  const parts: Buffer[] = [header];
  for (let pos = 0; pos < data.length; pos += blockBytes) {
    const block = compressSync(data.subarray(pos, pos + blockBytes));
    const length = Buffer.alloc(4);
    length.writeInt32BE(block.length, 0);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}
