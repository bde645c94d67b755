/**
 * A Kafka batch stored as sent whose compressed contents are not records (or that inflates past the cap)
 * must not wedge RocketMQ consumers: serveEntry skips its offsets and reports it, instead of throwing at
 * every pull of that offset (a crasher from compat-tests/crashers/).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BrokerError, ProtocolDecodeError } from '../../../errors.js';
import { PayloadFormat, type StoredEntry } from '../../../store/index.js';
import { serveEntry, type ServeContext } from './message-codec.js';

/** A magic-2 batch header (61 bytes) for `count` records with codec gzip, followed by `body`. */
function gzipBatch(count: number, body: Buffer): Buffer {
  const out = Buffer.alloc(61 + body.length);
  out.writeInt32BE(out.length - 12, 8);
  out.writeInt8(2, 16);
  out.writeInt16BE(1, 21); // gzip
  out.writeInt32BE(count - 1, 23);
  out.writeInt32BE(count, 57);
  body.copy(out, 61);
  return out;
}

const entry = (payload: Buffer, count: number): StoredEntry => ({
  baseOffset: 10,
  count,
  format: PayloadFormat.RecordBatchV2,
  maxTimestampMs: 0,
  tagsCode: 0,
  payload,
  commitLogOffset: 0,
  size: payload.length,
  storeTimestampMs: 0,
});

function context(unreadable: BrokerError[], maxDecompressedBytes = 1024 * 1024): ServeContext {
  return {
    topic: 't',
    queueId: 0,
    storeHost: { address: Buffer.from([127, 0, 0, 1]), port: 10911 },
    decompressBatch: (codec, data, maxBytes) => {
      if (codec !== 1) throw new BrokerError('BRK_ERR_COMPRESSION', `codec ${codec}`);
      try {
        return gunzipSync(data, { maxOutputLength: maxBytes });
      } catch (err) {
        throw new BrokerError('BRK_ERR_COMPRESSION', 'bad gzip', { cause: err });
      }
    },
    maxDecompressedBytes,
    onUnreadable: (err) => unreadable.push(err),
  };
}

describe('serveEntry with an unreadable stored Kafka batch', () => {
  it('skips the offsets of a batch whose gzip contents are not records, and reports it', () => {
    const seen: BrokerError[] = [];
    const served = serveEntry(
      entry(gzipBatch(2, gzipSync(Buffer.from('not records at all'))), 2),
      0,
      null,
      context(seen),
    );
    expect(served).toEqual([
      { queueOffset: 10, bytes: null },
      { queueOffset: 11, bytes: null },
    ]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(ProtocolDecodeError);
  });

  it('skips a batch that inflates past the cap (a gzip bomb)', () => {
    const seen: BrokerError[] = [];
    const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024));
    const served = serveEntry(entry(gzipBatch(1, bomb), 1), 10, null, context(seen, 1024 * 1024));
    expect(served).toEqual([{ queueOffset: 10, bytes: null }]);
    expect(seen[0]?.code).toBe('BRK_ERR_COMPRESSION');
  });
});
