import { gunzipSync, gzipSync } from 'node:zlib';
import zstdBinding from 'zstd-napi/binding.js';
import { compress as zstdCompress } from 'zstd-napi';
import { BrokerError } from '../../../errors.js';
import { compressLz4Frames, decompressLz4Frames } from './lz4-frame.js';
import { compressSnappy, decompressSnappy } from './snappy-framing.js';
import { compressionError } from './compression-error.js';

/**
 * Kafka compression codecs, as stored in bits 0-2 of a record batch's attributes.
 * Names follow Kafka's `CompressionType`.
 */
export const CompressionCodec = {
  None: 0,
  Gzip: 1,
  Snappy: 2,
  Lz4: 3,
  Zstd: 4,
} as const;
export type CompressionCodec = (typeof CompressionCodec)[keyof typeof CompressionCodec];

const CODEC_NAMES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type CompressionCodecName = (typeof CODEC_NAMES)[number];

export function isCompressionCodec(value: number): value is CompressionCodec {
  return Number.isInteger(value) && value >= 0 && value < CODEC_NAMES.length;
}

/** Kafka's name for a codec id ('none', 'gzip', ...); throws BRK_ERR_COMPRESSION for an unknown id. */
export function compressionCodecName(codec: number): CompressionCodecName {
  if (!isCompressionCodec(codec)) throw compressionError(`unknown compression codec ${codec}`);
  return CODEC_NAMES[codec] as CompressionCodecName;
}

/**
 * Decompresses `data` written with Kafka codec `codec` (attribute bits 0-2).
 * Never produces (or allocates for) more than `maxBytes` of output: input that would
 * expand beyond the cap is rejected. Corrupt or truncated input, an unknown codec and
 * output over the cap all throw `BrokerError('BRK_ERR_COMPRESSION')`.
 * Codec 0 returns `data` itself (no copy).
 */
export function decompress(codec: number, data: Buffer, maxBytes: number): Buffer {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new BrokerError(
      'BRK_ERR_INVARIANT',
      `decompress: maxBytes must be a non-negative integer, got ${maxBytes}`,
    );
  }
  switch (codec) {
    case CompressionCodec.None:
      if (data.length > maxBytes) throw overCap('none', maxBytes);
      return data;
    case CompressionCodec.Gzip:
      return decompressGzip(data, maxBytes);
    case CompressionCodec.Snappy:
      return decompressSnappy(data, maxBytes);
    case CompressionCodec.Lz4:
      return decompressLz4Frames(data, maxBytes);
    case CompressionCodec.Zstd:
      return decompressZstd(data, maxBytes);
    default:
      throw compressionError(`unknown compression codec ${codec}`);
  }
}

/**
 * Compresses `data` the way Kafka clients expect for codec `codec`: gzip member,
 * raw snappy (as librdkafka and @platformatic/kafka write it), one LZ4 frame, one zstd
 * frame with its content size. Codec 0 returns `data` itself.
 */
export function compress(codec: number, data: Buffer): Buffer {
  try {
    switch (codec) {
      case CompressionCodec.None:
        return data;
      case CompressionCodec.Gzip:
        return gzipSync(data);
      case CompressionCodec.Snappy:
        return compressSnappy(data);
      case CompressionCodec.Lz4:
        return compressLz4Frames(data);
      case CompressionCodec.Zstd:
        return zstdCompress(data);
      default:
        throw compressionError(`unknown compression codec ${codec}`);
    }
  } catch (err) {
    if (err instanceof BrokerError) throw err;
    throw compressionError(`${compressionCodecName(codec)} compression failed`, err);
  }
}

function overCap(codec: CompressionCodecName, maxBytes: number): BrokerError {
  return compressionError(`${codec} output exceeds the limit of ${maxBytes} bytes`);
}

/** gzip: zlib stops at `maxOutputLength`; concatenated members are decoded one after the other. */
function decompressGzip(data: Buffer, maxBytes: number): Buffer {
  try {
    // maxOutputLength must be >= 1; a zero cap is checked on the result below.
    const out = gunzipSync(data, { maxOutputLength: Math.max(1, maxBytes) });
    if (out.length > maxBytes) throw overCap('gzip', maxBytes);
    return out;
  } catch (err) {
    if (err instanceof BrokerError) throw err;
    if (err instanceof RangeError) throw overCap('gzip', maxBytes);
    throw compressionError('corrupt gzip data', err);
  }
}

/** Streaming output is produced in chunks of at most this many bytes (ZSTD_DStreamOutSize). */
const ZSTD_OUT_CHUNK = 128 * 1024;
let zstdContext: zstdBinding.DCtx | undefined;

/**
 * zstd: when every frame header states its content size, the total is checked against the
 * cap and decoded in one pass into an exact buffer; otherwise the stream decoder runs and
 * stops as soon as the output passes the cap.
 */
function decompressZstd(data: Buffer, maxBytes: number): Buffer {
  if (data.length === 0) throw compressionError('empty zstd data');
  zstdContext ??= new zstdBinding.DCtx();
  const dctx = zstdContext;
  try {
    const knownSize = zstdTotalContentSize(data);
    if (knownSize !== null) {
      if (knownSize > maxBytes) throw overCap('zstd', maxBytes);
      dctx.reset(zstdBinding.ResetDirective.sessionOnly);
      const out = Buffer.allocUnsafe(knownSize);
      const written = dctx.decompress(out, data);
      if (written !== knownSize) throw compressionError('zstd frame shorter than its declared content size');
      return out;
    }
    return decompressZstdStream(dctx, data, maxBytes);
  } catch (err) {
    // Leave the shared context usable after a failure in the middle of a frame.
    dctx.reset(zstdBinding.ResetDirective.sessionOnly);
    if (err instanceof BrokerError) throw err;
    throw compressionError('corrupt zstd data', err);
  }
}

/** Sum of the frames' declared content sizes, or null when any frame does not declare one. */
function zstdTotalContentSize(data: Buffer): number | null {
  let total = 0;
  let pos = 0;
  while (pos < data.length) {
    const frame = data.subarray(pos);
    const size = zstdBinding.getFrameContentSize(frame);
    if (size === null) return null;
    total += size;
    const frameLength = zstdBinding.findFrameCompressedSize(frame);
    if (frameLength <= 0) throw compressionError('zstd frame of length 0');
    pos += frameLength;
  }
  return total;
}

function decompressZstdStream(dctx: zstdBinding.DCtx, data: Buffer, maxBytes: number): Buffer {
  dctx.reset(zstdBinding.ResetDirective.sessionOnly);
  const chunks: Buffer[] = [];
  let total = 0;
  let pos = 0;
  for (;;) {
    // One byte past the cap is enough to tell "over the cap" from "exactly at the cap".
    const room = Math.min(ZSTD_OUT_CHUNK, maxBytes - total + 1);
    const dst = Buffer.allocUnsafe(room);
    const [remaining, produced, consumed] = dctx.decompressStream(dst, data.subarray(pos));
    pos += consumed;
    if (produced > 0) {
      total += produced;
      if (total > maxBytes) throw overCap('zstd', maxBytes);
      chunks.push(dst.subarray(0, produced));
    }
    if (pos >= data.length && remaining === 0) break;
    if (produced === 0 && consumed === 0) throw compressionError('truncated zstd data');
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
}
