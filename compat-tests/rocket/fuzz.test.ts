/**
 * Hostile remoting frames against a live broker and NameServer: for every request code the broker
 * serves (read at run time from src/protocol/rocket/processors/index.ts, so codes added later are
 * fuzzed too), a plausible request with JSON and binary (ROCKETMQ) headers is mutated at random (bit
 * flips, truncation, length fields set to huge or negative values) and mixed with random bytes. After
 * each code's batch the broker must still answer a well-formed request on a new connection, and the
 * process must never exit; at the end ali-ons still sends and consumes on the same broker.
 * Bounded: FERRYMQ_FUZZ_FRAMES frames per code (default 40), seeded (FERRYMQ_FUZZ_SEED).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeRemotingCommand, SerializeType } from '../../src/protocol/rocket/codec/remoting-command.js';
import { ROCKET_PROCESSORS } from '../../src/protocol/rocket/processors/index.js';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { aliConsumer, aliMessage, aliProducer } from '../harness/clients/ali-ons.js';
import { createTopic } from '../harness/group-admin.js';
import { hostileBytes, type LengthField } from '../harness/hostile-input.js';
import { RemotingClient, remotingRequest } from '../harness/remoting-client.js';
import { RequestCode } from '../harness/rocket-codes.js';

const FRAMES_PER_CODE = Number(process.env['FERRYMQ_FUZZ_FRAMES'] ?? 40);
const SEED = Number(process.env['FERRYMQ_FUZZ_SEED'] ?? 20261121);

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({ label: 'rocket-fuzz' });
});

afterAll(async () => {
  await stopAllBrokers();
});

/** Every field a request of any served code may read, with plausible values (fuzz-only names). */
const EXT_FIELDS: Record<string, string> = {
  topic: 'fuzz-topic',
  queueId: '0',
  consumerGroup: 'fuzz-group',
  producerGroup: 'fuzz-pgroup',
  group: 'fuzz-group',
  defaultTopic: 'TBW102',
  defaultTopicQueueNums: '4',
  sysFlag: '0',
  bornTimestamp: String(Date.now()),
  flag: '0',
  properties: 'TAGS\u0001a\u0002KEYS\u0001k',
  reconsumeTimes: '0',
  unitMode: 'false',
  batch: 'false',
  maxReconsumeTimes: '16',
  commitOffset: '0',
  queueOffset: '0',
  maxMsgNums: '32',
  subscription: '*',
  subVersion: '0',
  suspendTimeoutMillis: '200',
  commitLog: '0',
  expressionType: 'TAG',
  timestamp: '0',
  offset: '0',
  delayLevel: '0',
  originMsgId: '0A0000010000000000000000',
  originTopic: 'fuzz-topic',
  clientID: 'fuzz-client',
  brokerName: 'fuzz-broker',
  brokerAddr: '127.0.0.1:1',
  clusterName: 'fuzz-cluster',
  brokerId: '0',
  haServerAddr: '127.0.0.1:2',
  compressed: 'false',
  namespace: 'fuzz-ns',
  key: 'fuzz-key',
  value: 'fuzz-value',
  cluster: 'fuzz-cluster',
  readQueueNums: '4',
  writeQueueNums: '4',
  perm: '6',
  topicFilterType: 'SINGLE_TAG',
  topicSysFlag: '0',
  order: 'false',
  a: 'fuzz-pgroup',
  b: 'fuzz-topic',
  c: 'TBW102',
  d: '4',
  e: '0',
  f: '0',
  g: String(Date.now()),
  h: '0',
  i: 'TAGS\u0001a',
  j: '0',
  k: 'false',
  m: 'false',
};

function batchItem(body: string): Buffer {
  const b = Buffer.from(body);
  const p = Buffer.from('TAGS\u0001a');
  const out = Buffer.alloc(22 + b.length + p.length);
  out.writeInt32BE(out.length, 0);
  out.writeInt32BE(b.length, 16);
  b.copy(out, 20);
  out.writeInt16BE(p.length, 20 + b.length);
  p.copy(out, 22 + b.length);
  return out;
}

const BODIES: Record<string, Buffer> = {
  SEND_MESSAGE: Buffer.from('fuzz body'),
  SEND_MESSAGE_V2: Buffer.from('fuzz body'),
  SEND_BATCH_MESSAGE: Buffer.concat([batchItem('one'), batchItem('two')]),
  HEART_BEAT: Buffer.from(
    JSON.stringify({
      clientID: 'fuzz-client',
      producerDataSet: [{ groupName: 'fuzz-pgroup' }],
      consumerDataSet: [
        {
          groupName: 'fuzz-group',
          subscriptionDataSet: [{ topic: 'fuzz-topic', subString: '*', subVersion: 1 }],
        },
      ],
    }),
  ),
  REGISTER_BROKER: Buffer.from(
    JSON.stringify({
      topicConfigSerializeWrapper: {
        dataVersion: { timestamp: 1, counter: 1 },
        topicConfigTable: { 'fuzz-topic': { readQueueNums: 4, writeQueueNums: 4, perm: 6 } },
      },
      filterServerList: [],
    }),
  ),
  UNREGISTER_CLIENT: Buffer.alloc(0),
};

/** A request frame (length prefix included) for one code, with its plausible body. */
function requestFrame(
  code: number,
  name: string,
  serializeType: SerializeType,
  opaque: number,
  extFields: Record<string, string> = EXT_FIELDS,
): Buffer {
  return Buffer.concat(
    encodeRemotingCommand({
      code,
      language: 'JAVA',
      version: 409,
      opaque,
      flag: 0,
      remark: null,
      extFields,
      body: BODIES[name] ?? null,
      serializeType,
    }),
  );
}

/** Field values a hostile client puts in a header: out-of-range numbers, empty and odd strings. */
const nastyValue = fc.oneof(
  fc.constantFrom(
    '-1',
    '0',
    '2147483647',
    '2147483648',
    '-2147483649',
    '99999999999999999999',
    '',
    ' ',
    'NaN',
    '1e9',
  ),
  fc.constantFrom(
    '\u0001',
    '\u0002',
    '%RETRY%fuzz-group',
    '%DLQ%fuzz-group',
    'SCHEDULE_TOPIC_XXXX',
    'TBW102',
  ),
  fc.string({ maxLength: 40 }),
  fc.integer().map(String),
);

/** A well-formed frame whose header fields (a random subset) hold nasty values, so processors see them. */
function nastyFields(code: number, name: string, opaque: number): fc.Arbitrary<Buffer> {
  const keys = Object.keys(EXT_FIELDS);
  return fc
    .tuple(
      fc.dictionary(fc.constantFrom(...keys), nastyValue, { maxKeys: 6 }),
      fc.subarray(keys, { maxLength: 4 }),
      fc.constantFrom(SerializeType.JSON, SerializeType.ROCKETMQ),
    )
    .map(([override, dropped, serializeType]) => {
      const extFields: Record<string, string> = { ...EXT_FIELDS, ...override };
      for (const k of dropped) delete extFields[k];
      return requestFrame(code, name, serializeType, opaque, extFields);
    });
}

/** The length prefix and the header-length word of a frame. */
const FRAME_FIELDS: LengthField[] = [
  { offset: 0, bytes: 4 },
  { offset: 4, bytes: 4 },
];

/** A random body behind a correct length prefix, so the decoder (not the framer) sees it. */
const framedRandom = fc.uint8Array({ maxLength: 300 }).map((a) => {
  const out = Buffer.alloc(4 + a.length);
  out.writeInt32BE(a.length, 0);
  Buffer.from(a).copy(out, 4);
  return out;
});

async function healthy(): Promise<void> {
  expect(broker.running, `broker exited (${String(broker.lastExit)})\n${broker.logTail()}`).toBe(true);
  // request() rejects when no reply comes in time: the broker must answer GET_MAX_OFFSET.
  await remotingRequest(`${broker.host}:${broker.remotingPort}`, RequestCode.GET_MAX_OFFSET, {
    topic: 'fuzz-health',
    queueId: '0',
  });
  const listed = await remotingRequest(broker.nameSrv, RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, {});
  expect(listed.code, 'NameServer answers GET_ALL_TOPIC_LIST_FROM_NAMESERVER').toBe(0);
}

describe('remoting fuzz against a live broker', () => {
  it('survives random and mutated frames for every served request code', async () => {
    const codes = ROCKET_PROCESSORS.map((p) => ({ code: p.code, name: p.name, roles: p.roles }));
    expect(codes.length).toBeGreaterThanOrEqual(19);
    let sent = 0;
    let closedByBroker = 0;
    for (const [i, p] of codes.entries()) {
      const valid = [SerializeType.JSON, SerializeType.ROCKETMQ].map((t) => ({
        bytes: requestFrame(p.code, p.name, t, 1000 + i),
        fields: FRAME_FIELDS,
      }));
      const frames = fc.sample(
        fc.oneof(hostileBytes(valid), framedRandom, nastyFields(p.code, p.name, 2000 + i)),
        {
          numRuns: FRAMES_PER_CODE,
          seed: SEED + p.code,
        },
      );
      for (const port of p.roles.map((r) => (r === 'namesrv' ? broker.namesrvPort : broker.remotingPort))) {
        // A few frames per connection: a frame that closes it ends that connection's share.
        for (let at = 0; at < frames.length; at += 8) {
          const c = await RemotingClient.open(broker.host, port);
          for (const f of frames.slice(at, at + 8)) {
            c.write(f);
            sent++;
          }
          if (await c.closedWithin(150)) closedByBroker++;
          c.close();
        }
      }
      await healthy();
    }
    // Some frames must have been refused (the mutations are hostile), and the broker stayed up.
    expect(closedByBroker).toBeGreaterThan(0);
    expect(sent).toBeGreaterThanOrEqual(codes.length * FRAMES_PER_CODE);
    expect(broker.running).toBe(true);
  });

  it('ali-ons still sends and consumes on the same broker afterwards', async () => {
    const topic = 'fuzz-after';
    await createTopic(broker.bootstrap, topic, 2);
    const producer = await aliProducer(broker.nameSrv, 'fuzz-after-pg');
    try {
      for (let i = 0; i < 5; i++) {
        const r = await producer.send(aliMessage(topic, 'after', `after-${i}`));
        expect(r.sendStatus).toBe('SEND_OK');
      }
    } finally {
      await producer.close();
    }
    const consumer = await aliConsumer(broker.nameSrv, 'fuzz-after-cg', topic);
    try {
      const got = await consumer.waitFor(5, 60_000);
      expect(new Set(got.map((m) => m.body.toString()))).toEqual(
        new Set([0, 1, 2, 3, 4].map((i) => `after-${i}`)),
      );
    } finally {
      await consumer.close();
    }
  });
});
