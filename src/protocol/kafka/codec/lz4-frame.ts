import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import { compressionError } from './compression-error.js';

/**
 * LZ4 frame format (lz4 `doc/lz4_Frame_format.md`), as Kafka magic 2 uses it:
 *
 *   frame      = magic(4, LE 0x184D2204) FLG(1) BD(1) [contentSize(8, LE)] [dictId(4)] HC(1)
 *                block* endMark(4 zero bytes) [contentChecksum(4)]
 *   FLG        = version(bits 7-6, must be 01) blockIndependence(5) blockChecksum(4)
 *                contentSize(3) contentChecksum(2) reserved(1) dictId(0)
 *   BD         = blockMaxSize(bits 6-4: 4 = 64 KiB, 5 = 256 KiB, 6 = 1 MiB, 7 = 4 MiB)
 *   block      = size(4, LE; high bit set = stored uncompressed) data [blockChecksum(4)]
 *
 * Skippable frames (magic 0x184D2A50..5F, then a 4-byte LE length) may sit between frames.
 * Old Kafka (magic 0/1) computed HC over the magic bytes too; that variant is not accepted here.
 */
const LZ4_MAGIC = 0x184d2204;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const BLOCK_MAX_SIZES = [64 * 1024, 256 * 1024, 1024 * 1024, 4 * 1024 * 1024] as const;

/** Where one LZ4 frame sits in a buffer and how much it can decode to. */
export interface Lz4FrameBounds {
  start: number;
  end: number;
  /** Upper bound of the decoded size: stored blocks count their size, compressed blocks the block max size. */
  maxOutputBytes: number;
  /** The content size the header declares, when present. */
  contentSize: number | null;
  blockMaxBytes: number;
}

/**
 * Walks the frames and blocks of `data` without decoding anything. Throws BRK_ERR_COMPRESSION on a
 * malformed or truncated frame, on a declared content size above `maxBytes`, and as soon as a
 * frame's bound (blocks x block max size) passes `maxBytes` by more than one block: a conforming
 * encoder fills every block but the last, so such a frame really decodes to more than `maxBytes`.
 * Across frames, the sum of those lower bounds must stay within `maxBytes`. The decoder then runs
 * frame by frame and checks the running total, so at most `maxBytes` plus one frame is allocated.
 */
export function scanLz4Frames(data: Buffer, maxBytes: number): Lz4FrameBounds[] {
  const frames: Lz4FrameBounds[] = [];
  // What the frames seen so far decode to at least, assuming conforming encoders.
  let totalAtLeast = 0;
  let pos = 0;
  while (pos < data.length) {
    need(data, pos, 4);
    const magic = data.readUInt32LE(pos);
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      need(data, pos + 4, 4);
      const skip = data.readUInt32LE(pos + 4);
      need(data, pos + 8, skip);
      pos += 8 + skip;
      continue;
    }
    if (magic !== LZ4_MAGIC)
      throw compressionError(`bad lz4 frame magic 0x${magic.toString(16)} at byte ${pos}`);
    need(data, pos + 4, 3);
    const flg = data[pos + 4] as number;
    const bd = data[pos + 5] as number;
    if (flg >> 6 !== 1) throw compressionError(`unsupported lz4 frame version ${flg >> 6}`);
    if ((flg & 0x02) !== 0 || (bd & 0x8f) !== 0)
      throw compressionError('lz4 frame descriptor has reserved bits set');
    if ((flg & 0x01) !== 0) throw compressionError('lz4 frames with a dictionary id are not supported');
    const blockMaxBytes = BLOCK_MAX_SIZES[((bd >> 4) & 0x07) - 4];
    if (blockMaxBytes === undefined)
      throw compressionError(`invalid lz4 block max size id ${(bd >> 4) & 0x07}`);
    const hasBlockChecksum = (flg & 0x10) !== 0;
    const hasContentSize = (flg & 0x08) !== 0;
    const hasContentChecksum = (flg & 0x04) !== 0;
    let p = pos + 6;
    let contentSize: number | null = null;
    if (hasContentSize) {
      need(data, p, 8);
      const declared = data.readBigUInt64LE(p);
      if (declared > BigInt(maxBytes))
        throw compressionError(`lz4 content size ${declared} exceeds the limit of ${maxBytes} bytes`);
      contentSize = Number(declared);
      p += 8;
    }
    need(data, p, 1);
    p += 1; // header checksum, verified by the decoder
    let frameBound = 0;
    for (;;) {
      need(data, p, 4);
      const word = data.readUInt32LE(p);
      p += 4;
      if (word === 0) break;
      const size = word & 0x7fffffff;
      const stored = word >>> 31 === 1;
      if (size > blockMaxBytes)
        throw compressionError(`lz4 block of ${size} bytes exceeds the block max size ${blockMaxBytes}`);
      need(data, p, size + (hasBlockChecksum ? 4 : 0));
      p += size + (hasBlockChecksum ? 4 : 0);
      frameBound += stored ? size : blockMaxBytes;
      if (frameBound > maxBytes + blockMaxBytes) {
        throw compressionError(`lz4 data may decode to more than the limit of ${maxBytes} bytes`);
      }
    }
    if (hasContentChecksum) {
      need(data, p, 4);
      p += 4;
    }
    totalAtLeast += contentSize ?? Math.max(0, frameBound - blockMaxBytes);
    if (totalAtLeast > maxBytes)
      throw compressionError(`lz4 data decodes to more than the limit of ${maxBytes} bytes`);
    frames.push({ start: pos, end: p, maxOutputBytes: frameBound, contentSize, blockMaxBytes });
    pos = p;
  }
  return frames;
}

function need(data: Buffer, pos: number, length: number): void {
  if (pos + length > data.length)
    throw compressionError(`truncated lz4 frame: need ${length} bytes at byte ${pos}`);
}

/** Decodes every LZ4 frame in `data` (lz4-napi stops after the first, so frames are decoded one by one). */
export function decompressLz4Frames(data: Buffer, maxBytes: number): Buffer {
  const frames = scanLz4Frames(data, maxBytes);
  if (frames.length === 0) throw compressionError('no lz4 frame in the data');
  const parts: Buffer[] = [];
  let total = 0;
  for (const frame of frames) {
    let out: Buffer;
    try {
      out = decompressFrameSync(data.subarray(frame.start, frame.end));
    } catch (err) {
      throw compressionError('corrupt lz4 frame', err);
    }
    if (frame.contentSize !== null && out.length !== frame.contentSize) {
      throw compressionError(`lz4 frame decoded to ${out.length} bytes, header says ${frame.contentSize}`);
    }
    total += out.length;
    if (total > maxBytes) throw compressionError(`lz4 output exceeds the limit of ${maxBytes} bytes`);
    parts.push(out);
  }
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, total);
}

/** One LZ4 frame with independent blocks (lz4-napi's defaults, readable by every Kafka client). */
export function compressLz4Frames(data: Buffer): Buffer {
  return compressFrameSync(data);
}
