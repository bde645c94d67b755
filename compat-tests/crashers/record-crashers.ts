/**
 * Writes the built-in entries of crashers.json: the known-nasty inputs, recorded as bytes so that the
 * replay test (crashers.test.ts) needs no encoder. Run with `npx tsx compat-tests/crashers/record-crashers.ts`
 * after changing a case here; entries added by hand to crashers.json (origin "manual" or a finding) are kept.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { encodeRemotingCommand, SerializeType } from '../../src/protocol/rocket/codec/remoting-command.js';
import { CompressionCodec } from '../../src/protocol/kafka/codec/compression.js';
import { crc32c } from '../../src/protocol/kafka/codec/crc32c.js';
import { buildBatch } from '../../src/protocol/kafka/codec/record-batch.js';
import type { Crasher, CrasherStep } from './crasher.js';

const here = dirname(fileURLToPath(import.meta.url));
const FILE = join(here, 'crashers.json');
/** Topic the Kafka cases produce to; the replay test creates it first. */
export const CRASHER_TOPIC = 'crasher-topic';

const hex = (b: Buffer): string => b.toString('hex');
const int32 = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v, 0);
  return b;
};

/** Kafka request header v1 + body with its length prefix. */
function kafkaRequest(apiKey: number, version: number, correlationId: number, body: Buffer): Buffer {
  const client = Buffer.from('crasher');
  const h = Buffer.alloc(10);
  h.writeInt16BE(apiKey, 0);
  h.writeInt16BE(version, 2);
  h.writeInt32BE(correlationId, 4);
  h.writeInt16BE(client.length, 8);
  const payload = Buffer.concat([h, client, body]);
  return Buffer.concat([int32(payload.length), payload]);
}

const kString = (s: string): Buffer => {
  const b = Buffer.from(s);
  const l = Buffer.alloc(2);
  l.writeInt16BE(b.length, 0);
  return Buffer.concat([l, b]);
};

/** Produce v3 (acks=-1) of one batch to partition 0 of the crasher topic. */
function produceV3(batch: Buffer, correlationId: number): Buffer {
  const body = Buffer.concat([
    Buffer.from([0xff, 0xff]), // transactional_id null
    Buffer.from([0xff, 0xff]), // acks -1
    int32(10_000),
    int32(1),
    kString(CRASHER_TOPIC),
    int32(1),
    int32(0),
    int32(batch.length),
    batch,
  ]);
  return kafkaRequest(0, 3, correlationId, body);
}

/** ListOffsets v1 by timestamp for partition 0 of the crasher topic (looks inside the stored batches). */
function listOffsetsV1(timestamp: bigint, correlationId: number): Buffer {
  const ts = Buffer.alloc(8);
  ts.writeBigInt64BE(timestamp, 0);
  const body = Buffer.concat([int32(-1), int32(1), kString(CRASHER_TOPIC), int32(1), int32(0), ts]);
  return kafkaRequest(2, 1, correlationId, body);
}

/**
 * Offset of partition 0's error code in the Produce v3 and ListOffsets v1 response frames (after the
 * length prefix): correlation id, topic count, topic name, partition count, partition index.
 */
const PRODUCE_V3_ERROR_AT = 4 + 4 + 2 + CRASHER_TOPIC.length + 4 + 4;

/** A batch of `codec` whose stored (compressed) records are replaced by `body`; CRC and length fixed. */
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

function remoting(
  code: number,
  extFields: Record<string, string>,
  body: Buffer | null,
  type: SerializeType = SerializeType.JSON,
): Buffer {
  return Buffer.concat(
    encodeRemotingCommand({
      code,
      language: 'JAVA',
      version: 409,
      opaque: 77,
      flag: 0,
      remark: null,
      extFields,
      body,
      serializeType: type,
    }),
  );
}

const pull = (topic: string, queueOffset: number): Buffer =>
  remoting(
    11,
    {
      consumerGroup: 'crasher-group',
      topic,
      queueId: '0',
      queueOffset: String(queueOffset),
      maxMsgNums: '32',
      sysFlag: '4', // the subscription travels with the pull (no heartbeat needed)
      commitOffset: '0',
      suspendTimeoutMillis: '0',
      subscription: '*',
      subVersion: '0',
      expressionType: 'TAG',
    },
    null,
  );

/**
 * Produce looks inside compressed batches (src/protocol/kafka/codec/record-batch-check.ts, as Kafka's
 * LogValidator does), so these batches are refused and never stored: data that does not decompress or
 * inflates past maxDecompressedBytes answers CORRUPT_MESSAGE (2); data that decompresses to something
 * that is not the declared records answers INVALID_RECORD (87). The steps after them check that the
 * readers still answer (earlier builds stored such a batch and a RocketMQ pull failed at it forever).
 */
const CORRUPT_MESSAGE_CODES = [2];
const INVALID_RECORD_CODES = [87];
const POISON_NOTE =
  'refused at produce since issue 6 (ferrymq used to store it and answer 0); the ListOffsets and ' +
  'RocketMQ pull that follow must still answer, as they had to when such a batch was stored.';

/**
 * What must still work once such a batch is stored: ListOffsets by timestamp answers (NONE, or
 * KAFKA_STORAGE_ERROR for the unreadable batch) and a RocketMQ pull moves past it
 * (PULL_RETRY_IMMEDIATELY with a later nextBeginOffset, or PULL_NOT_FOUND) instead of failing at it.
 */
function afterPoison(correlationId: number): CrasherStep[] {
  return [
    {
      protocol: 'kafka',
      hex: hex(listOffsetsV1(0n, correlationId)),
      expect: 'reply',
      kafkaErrorAt: PRODUCE_V3_ERROR_AT,
      kafkaErrorCodes: [0, 56],
    },
    { protocol: 'remoting', hex: hex(pull(CRASHER_TOPIC, 0)), expect: 'reply', remotingCodes: [19, 20] },
  ];
}

const close = (protocol: CrasherStep['protocol'], bytes: Buffer): CrasherStep => ({
  protocol,
  hex: hex(bytes),
  expect: 'close',
});

function builtIn(): Crasher[] {
  const records = [{ key: Buffer.from('k'), value: Buffer.from('v') }];
  const innerGzip = buildBatch(records, { codec: CompressionCodec.Gzip });
  // 80 MiB of zeros, gzip'd to ~80 KiB: over the 64 MiB maxDecompressedBytes default.
  const bomb = gzipSync(Buffer.alloc(80 * 1024 * 1024), { level: 9 });
  const remotingHeader = remoting(30, { topic: 't', queueId: '0' }, null, SerializeType.ROCKETMQ);
  const negRemark = Buffer.from(remotingHeader);
  negRemark.writeInt32BE(-1, 8 + 13);
  const hugeExt = Buffer.from(remotingHeader);
  hugeExt.writeInt32BE(0x7fffffff, 8 + 17);
  const shortFrame = Buffer.from('0000000200ff', 'hex');
  return [
    { name: 'kafka zero-length frame', origin: 'known-nasty', steps: [close('kafka', int32(0))] },
    { name: 'kafka negative length', origin: 'known-nasty', steps: [close('kafka', int32(-1))] },
    { name: 'kafka 2 GiB length', origin: 'known-nasty', steps: [close('kafka', int32(0x7fffffff))] },
    { name: 'kafka length -2^31', origin: 'known-nasty', steps: [close('kafka', int32(-0x80000000))] },
    {
      name: 'kafka client id length past the frame',
      origin: 'known-nasty',
      steps: [close('kafka', Buffer.from('0000000a' + '0012' + '0000' + '00000001' + '7fff', 'hex'))],
    },
    {
      name: 'kafka produce: records length -2 (negative, not null)',
      origin: 'known-nasty',
      steps: [
        close(
          'kafka',
          (() => {
            const r = produceV3(Buffer.alloc(0), 9);
            r.writeInt32BE(-2, r.length - 4);
            return r;
          })(),
        ),
      ],
    },
    {
      name: 'kafka produce: batch length past the records (corrupt)',
      origin: 'known-nasty',
      steps: [
        {
          protocol: 'kafka',
          hex: hex(
            produceV3(
              (() => {
                const b = buildBatch(records, { codec: 0 });
                b.writeInt32BE(0x7ffffff0, 8);
                return b;
              })(),
              10,
            ),
          ),
          expect: 'reply',
          kafkaErrorAt: PRODUCE_V3_ERROR_AT,
          kafkaErrorCodes: [2, 10, 87],
        },
      ],
    },
    {
      name: 'nested compressed batch: a gzip batch whose records are another gzip batch',
      origin: 'known-nasty',
      note: POISON_NOTE,
      steps: [
        {
          protocol: 'kafka',
          hex: hex(produceV3(batchWithBody(CompressionCodec.Gzip, 1, gzipSync(innerGzip)), 11)),
          expect: 'reply',
          kafkaErrorAt: PRODUCE_V3_ERROR_AT,
          kafkaErrorCodes: INVALID_RECORD_CODES,
        },
        ...afterPoison(13),
      ],
    },
    {
      name: 'gzip bomb: one record whose batch inflates past maxDecompressedBytes',
      origin: 'known-nasty',
      note: POISON_NOTE,
      steps: [
        {
          protocol: 'kafka',
          hex: hex(produceV3(batchWithBody(CompressionCodec.Gzip, 1, bomb), 12)),
          expect: 'reply',
          kafkaErrorAt: PRODUCE_V3_ERROR_AT,
          kafkaErrorCodes: CORRUPT_MESSAGE_CODES,
        },
        ...afterPoison(14),
      ],
    },
    { name: 'remoting zero-length frame', origin: 'known-nasty', steps: [close('remoting', int32(0))] },
    { name: 'remoting negative length', origin: 'known-nasty', steps: [close('remoting', int32(-1))] },
    { name: 'remoting 2 GiB length', origin: 'known-nasty', steps: [close('remoting', int32(0x7fffffff))] },
    {
      name: 'remoting frame over the 16 MiB cap',
      origin: 'known-nasty',
      steps: [close('remoting', int32(16 * 1024 * 1024 + 1))],
    },
    {
      name: 'remoting frame shorter than its header-length word',
      origin: 'known-nasty',
      steps: [close('remoting', shortFrame)],
    },
    {
      name: 'remoting header length > frame',
      origin: 'known-nasty',
      steps: [close('remoting', Buffer.from('00000008' + '00fffff0' + '7b7d7b7d', 'hex'))],
    },
    {
      name: 'remoting unknown serialize type',
      origin: 'known-nasty',
      steps: [close('remoting', Buffer.from('00000006' + '05000002' + '7b7d', 'hex'))],
    },
    {
      name: 'remoting binary header: remark length -1',
      origin: 'known-nasty',
      steps: [close('remoting', negRemark)],
    },
    {
      name: 'remoting binary header: extFields length 2^31-1',
      origin: 'known-nasty',
      steps: [close('remoting', hugeExt)],
    },
    {
      name: 'remoting JSON header nested 30000 deep',
      origin: 'known-nasty',
      steps: [
        close(
          'remoting',
          (() => {
            const h = Buffer.from('['.repeat(30_000) + ']'.repeat(30_000));
            return Buffer.concat([int32(4 + h.length), int32(h.length), h]);
          })(),
        ),
      ],
    },
    {
      name: 'SEND_BATCH_MESSAGE with an item of total size 2^31-1',
      origin: 'known-nasty',
      steps: [
        {
          protocol: 'remoting',
          hex: hex(
            remoting(
              320,
              {
                a: 'crasher-pg',
                b: CRASHER_TOPIC,
                c: 'TBW102',
                d: '4',
                e: '0',
                f: '0',
                g: '0',
                h: '0',
                i: '',
                j: '0',
                k: 'false',
                m: 'true',
              },
              Buffer.from('7fffffff' + '00'.repeat(30), 'hex'),
            ),
          ),
          expect: 'reply',
          remotingCodes: [13],
        },
      ],
    },
    {
      name: 'REGISTER_BROKER with a queue count of 1e300',
      origin: 'fuzz finding: register-broker-body accepted any JSON number as a queue count',
      steps: [
        {
          protocol: 'namesrv',
          hex: hex(
            remoting(
              103,
              {
                brokerName: 'crasher-broker',
                brokerAddr: '127.0.0.1:1',
                clusterName: 'crasher-cluster',
                haServerAddr: '127.0.0.1:2',
                brokerId: '0',
                compressed: 'false',
              },
              Buffer.from(
                '{"topicConfigSerializeWrapper":{"topicConfigTable":{"t":{"readQueueNums":1e300,"writeQueueNums":4}}}}',
              ),
            ),
          ),
          expect: 'reply',
          remotingCodes: [1],
        },
      ],
    },
  ];
}

const existing: Crasher[] = (() => {
  try {
    return JSON.parse(readFileSync(FILE, 'utf8')) as Crasher[];
  } catch {
    return [];
  }
})();
/** Inputs over 4 KiB of hex go to their own file, named after the crasher, so the JSON stays readable. */
function spill(c: Crasher): Crasher {
  const slug = c.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return {
    ...c,
    steps: c.steps.map((s, i) => {
      if (s.hex === undefined || s.hex.length <= 4096) return s;
      const file = `${slug}-${i}.hex`;
      writeFileSync(join(here, file), `${s.hex}\n`);
      const { hex: _hex, ...rest } = s;
      return { ...rest, file };
    }),
  };
}

const generated = builtIn().map(spill);
const names = new Set(generated.map((c) => c.name));
const kept = existing.filter((c) => !names.has(c.name) && c.origin !== 'known-nasty');
writeFileSync(FILE, `${JSON.stringify([...generated, ...kept], null, 2)}\n`);
console.log(`wrote ${generated.length} built-in and kept ${kept.length} other crashers in ${FILE}`);
console.log('now run: npx prettier --write compat-tests/crashers/crashers.json');
