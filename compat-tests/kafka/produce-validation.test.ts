/**
 * Issue 6: Produce looks inside every batch, as Kafka's LogValidator does, before storing it.
 * Over a raw socket (Produce v3, batches with a valid CRC): compressed data that does not decompress
 * or inflates past --max-decompressed-bytes answers CORRUPT_MESSAGE (2); records that do not match the
 * declared count or their own lengths answer INVALID_RECORD (87); nothing of them is stored (a raw
 * Fetch sees an empty partition), and a valid batch after them lands at offset 0. Then kcat
 * (librdkafka) produces and reads back every codec through the same checks.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompressionCodec, compress } from '../../src/protocol/kafka/codec/compression.js';
import { crc32c } from '../../src/protocol/kafka/codec/crc32c.js';
import { buildBatch } from '../../src/protocol/kafka/codec/record-batch.js';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { requireClient } from '../harness/clients/index.js';
import { createTopic } from '../harness/group-admin.js';
import { ByteReader, RawConnection, encodeRequest, rawFetchV4 } from '../harness/raw-kafka.js';
import { CODECS, expectSameRecords, makeRecords } from '../harness/records.js';

const RAW_TOPIC = 'produce-validation-raw';
const CLIENT_TOPIC = 'produce-validation-kcat';
const MAX_DECOMPRESSED = 1024 * 1024;
const CORRUPT_MESSAGE = 2;
const INVALID_RECORD = 87;

let broker: BrokerProcess;
let correlationId = 100;

beforeAll(async () => {
  broker = await startBroker({
    label: 'produce-validation',
    extraArgs: ['--max-decompressed-bytes', String(MAX_DECOMPRESSED)],
  });
  await createTopic(broker.bootstrap, RAW_TOPIC);
  await createTopic(broker.bootstrap, CLIENT_TOPIC);
});

afterAll(async () => {
  await stopAllBrokers();
});

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n, 0);
  return b;
}

function kString(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(2);
  len.writeInt16BE(b.length, 0);
  return Buffer.concat([len, b]);
}

/** Sends one Produce v3 (acks=-1) of `batch` to partition 0 of RAW_TOPIC; returns its error code and base offset. */
async function produceRaw(batch: Buffer): Promise<{ errorCode: number; baseOffset: bigint }> {
  const id = correlationId++;
  const body = Buffer.concat([
    Buffer.from([0xff, 0xff]), // transactional_id null
    Buffer.from([0xff, 0xff]), // acks -1
    int32(10_000),
    int32(1),
    kString(RAW_TOPIC),
    int32(1),
    int32(0),
    int32(batch.length),
    batch,
  ]);
  const conn = await RawConnection.open(broker.host, broker.port);
  try {
    conn.write(encodeRequest(0, 3, id, body));
    const frame = await conn.readFrame();
    if (frame === null) throw new Error('connection closed before the Produce response');
    const r = new ByteReader(frame);
    expect(r.int32()).toBe(id);
    expect(r.int32()).toBe(1);
    expect(r.string()).toBe(RAW_TOPIC);
    expect(r.int32()).toBe(1);
    expect(r.int32()).toBe(0);
    return { errorCode: r.int16(), baseOffset: r.int64() };
  } finally {
    conn.close();
  }
}

/** A batch of `codec` whose stored records are `body`, declaring `recordCount` records; length and CRC valid. */
function batchWithBody(codec: number, recordCount: number, body: Buffer): Buffer {
  const header = Buffer.from(
    buildBatch([{ key: null, value: Buffer.from('x') }], { codec: 0 }).subarray(0, 61),
  );
  const out = Buffer.concat([header, body]);
  out.writeInt32BE(out.length - 12, 8);
  out.writeInt16BE(codec, 21);
  out.writeInt32BE(recordCount - 1, 23);
  out.writeInt32BE(recordCount, 57);
  out.writeUInt32BE(crc32c(out.subarray(21)), 17);
  return out;
}

/** The uncompressed records part of a batch of `n` small records. */
function recordsPart(n: number): Buffer {
  const records = Array.from({ length: n }, (_, i) => ({
    key: Buffer.from(`k${i}`),
    value: Buffer.from(`v${i}`),
  }));
  return buildBatch(records, { codec: 0 }).subarray(61);
}

const COMPRESSED = [
  CompressionCodec.Gzip,
  CompressionCodec.Snappy,
  CompressionCodec.Lz4,
  CompressionCodec.Zstd,
];

describe('Produce validates the records inside each batch (raw socket)', () => {
  it.each(COMPRESSED)('codec %i: data that does not decompress answers CORRUPT_MESSAGE', async (codec) => {
    const garbage = Buffer.from('not compressed at all: garbage with a valid batch CRC around it');
    expect((await produceRaw(batchWithBody(codec, 1, garbage))).errorCode).toBe(CORRUPT_MESSAGE);
  });

  it.each(COMPRESSED)(
    'codec %i: data that decompresses to non-records answers INVALID_RECORD',
    async (codec) => {
      const body = compress(
        codec,
        Buffer.from('plain text where the records should be, long enough to walk'),
      );
      expect((await produceRaw(batchWithBody(codec, 1, body))).errorCode).toBe(INVALID_RECORD);
    },
  );

  it.each([CompressionCodec.None, ...COMPRESSED])(
    'codec %i: a record count that disagrees with the records answers INVALID_RECORD',
    async (codec) => {
      const body = compress(codec, recordsPart(3));
      expect((await produceRaw(batchWithBody(codec, 4, body))).errorCode).toBe(INVALID_RECORD);
      expect((await produceRaw(batchWithBody(codec, 2, body))).errorCode).toBe(INVALID_RECORD);
    },
  );

  it('an uncompressed record whose length overruns the batch answers INVALID_RECORD', async () => {
    const body = Buffer.from(recordsPart(2));
    body[0] = (body[0] as number) + 2 * 50; // zigzag varint: 50 bytes more than the record has
    expect((await produceRaw(batchWithBody(0, 2, body))).errorCode).toBe(INVALID_RECORD);
  });

  it('a gzip bomb past --max-decompressed-bytes answers CORRUPT_MESSAGE', async () => {
    const bomb = gzipSync(Buffer.alloc(8 * MAX_DECOMPRESSED), { level: 9 });
    expect((await produceRaw(batchWithBody(CompressionCodec.Gzip, 1, bomb))).errorCode).toBe(CORRUPT_MESSAGE);
  });

  it('a gzip batch whose records are another gzip batch answers INVALID_RECORD', async () => {
    const inner = buildBatch([{ key: Buffer.from('k'), value: Buffer.from('v') }], {
      codec: CompressionCodec.Gzip,
    });
    expect((await produceRaw(batchWithBody(CompressionCodec.Gzip, 1, gzipSync(inner)))).errorCode).toBe(
      INVALID_RECORD,
    );
  });

  it('stored none of the refused batches, and a valid batch after them lands at offset 0', async () => {
    const conn = await RawConnection.open(broker.host, broker.port);
    try {
      const before = await rawFetchV4(conn, RAW_TOPIC, 0, 0n, 1);
      expect(before.errorCode).toBe(0);
      expect(before.highWatermark).toBe(0n);
      const good = batchWithBody(CompressionCodec.Zstd, 3, compress(CompressionCodec.Zstd, recordsPart(3)));
      expect(await produceRaw(good)).toEqual({ errorCode: 0, baseOffset: 0n });
      const after = await rawFetchV4(conn, RAW_TOPIC, 0, 0n, 2);
      expect(after.highWatermark).toBe(3n);
      expect(after.batches).toEqual([{ baseOffset: 0n, lastOffsetDelta: 2, codecId: 4, recordCount: 3 }]);
    } finally {
      conn.close();
    }
  });
});

describe('valid batches from a real client pass the checks', () => {
  it('kcat produces every codec and reads every record back', async () => {
    const kcat = await requireClient('kcat');
    const expected = [];
    let seed = 600;
    for (const codec of CODECS) {
      const records = makeRecords({ count: 150, seed: seed++, text: true, headers: 'uniform' });
      await kcat.produce(broker.bootstrap, { topic: CLIENT_TOPIC, partition: 0, records, codec, acks: -1 });
      expected.push(...records);
    }
    const consumed = await kcat.consume(broker.bootstrap, {
      topic: CLIENT_TOPIC,
      partition: 0,
      offset: 0n,
      count: expected.length,
    });
    expectSameRecords(consumed, expected, `${CLIENT_TOPIC}/0`, 0n);
  });
});
