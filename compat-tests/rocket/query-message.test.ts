/**
 * Message ids are commit-log positions and the key index finds messages by key: messages sent with ali-ons
 * (keys) are found by QUERY_MESSAGE (12) and by VIEW_MESSAGE_BY_ID (33) with the msgId ali-ons got from
 * send, also after a kill -9 and restart; an ali-ons consumer sees the same msgIds; each record of a Kafka
 * batch gets its own id. Replies are decoded with ali-ons' own message decoder.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { createTopic } from '../harness/group-admin.js';
import { aliConsumer, aliMessage, aliProducer } from '../harness/clients/ali-ons.js';
import { kafkajsClient } from '../harness/clients/kafkajs.js';
import { remotingRequest, type ExtFields, type RemotingFrame } from '../harness/remoting-client.js';
import { RequestCode, ResponseCode } from '../harness/rocket-codes.js';

const { QUERY_MESSAGE, VIEW_MESSAGE_BY_ID, SEND_MESSAGE } = RequestCode;
const { SUCCESS, SYSTEM_ERROR, QUERY_NOT_FOUND } = ResponseCode;

interface DecodedMessage {
  msgId: string;
  topic: string;
  queueId: number;
  queueOffset: number;
  commitLogOffset: number;
  storeTimestamp: number;
  body: Buffer;
  properties: Record<string, string | null>;
}

// ali-ons' decoder and the byte buffer it reads from: the client's view of the bytes.
const aliRequire = createRequire(createRequire(import.meta.url).resolve('ali-ons'));
const MessageDecoder = aliRequire('./message/message_decoder') as {
  decodes(buffer: unknown): DecodedMessage[];
};
const ByteBuffer = aliRequire('byte') as { wrap(buf: Buffer): unknown };
const decodeAll = (body: Buffer): DecodedMessage[] =>
  body.length === 0 ? [] : MessageDecoder.decodes(ByteBuffer.wrap(body));

/** The commit-log offset inside an offset msgId (its last 16 hex digits). */
const offsetOf = (msgId: string): string => BigInt(`0x${msgId.slice(-16)}`).toString();

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({ label: 'rocket-query-message' });
});

afterAll(async () => {
  await stopAllBrokers();
});

/** One request on a new connection to the broker's remoting port. */
const remoting = (code: number, ext: ExtFields, body: Buffer | null = null): Promise<RemotingFrame> =>
  remotingRequest(`127.0.0.1:${broker.remotingPort}`, code, ext, body);

async function query(
  topic: string,
  key: string,
  extra: Record<string, string> = {},
): Promise<{ code: number; messages: DecodedMessage[]; extFields: Record<string, string> }> {
  const reply = await remoting(QUERY_MESSAGE, {
    topic,
    key,
    maxNum: '32',
    beginTimestamp: '0',
    endTimestamp: String(Date.now() + 3_600_000),
    ...extra,
  });
  return { code: reply.code, messages: decodeAll(reply.body), extFields: reply.extFields };
}

async function view(msgId: string): Promise<{ code: number; message: DecodedMessage | undefined }> {
  const reply = await remoting(VIEW_MESSAGE_BY_ID, { offset: offsetOf(msgId) });
  const messages = decodeAll(reply.body);
  expect(messages.length).toBeLessThanOrEqual(1);
  return { code: reply.code, message: messages[0] };
}

interface SentMessage {
  msgId: string;
  body: string;
  key: string;
}

async function sendKeyed(topic: string, from: number, to: number): Promise<SentMessage[]> {
  const producer = await aliProducer(broker.nameSrv, 'pg-query');
  const sent: SentMessage[] = [];
  try {
    for (let i = from; i < to; i++) {
      const body = `body-${i}`;
      const r = await producer.send(
        aliMessage(topic, i % 2 === 0 ? 'TagA' : 'TagB', body, [`order-${i}`, 'all-orders']),
      );
      expect(r.sendStatus).toBe('SEND_OK');
      sent.push({ msgId: r.msgId, body, key: `order-${i}` });
    }
  } finally {
    await producer.close();
  }
  return sent;
}

/** Every sent message is found by its own key, by the shared key, and by its msgId. */
async function expectAllFound(topic: string, sent: SentMessage[]): Promise<void> {
  for (const s of sent) {
    const byKey = await query(topic, s.key);
    expect(byKey.code, s.key).toBe(SUCCESS);
    expect(byKey.messages.map((m) => [m.msgId, m.body.toString()])).toEqual([[s.msgId, s.body]]);
    const byId = await view(s.msgId);
    expect(byId.code).toBe(SUCCESS);
    expect(byId.message?.msgId).toBe(s.msgId);
    expect(byId.message?.body.toString()).toBe(s.body);
    expect(byId.message?.topic).toBe(topic);
    expect(byId.message?.properties['KEYS']).toBe(`${s.key} all-orders`);
  }
  const shared = await query(topic, 'all-orders');
  expect(shared.code).toBe(SUCCESS);
  // Newest first.
  expect(shared.messages.map((m) => m.msgId)).toEqual(sent.map((s) => s.msgId).reverse());
  expect(Number(shared.extFields['indexLastUpdatePhyoffset'])).toBeGreaterThan(
    Math.max(...shared.messages.map((m) => m.commitLogOffset)),
  );
  expect(Number(shared.extFields['indexLastUpdateTimestamp'])).toBeGreaterThanOrEqual(
    Math.max(...shared.messages.map((m) => m.storeTimestamp)),
  );
}

describe('QUERY_MESSAGE and VIEW_MESSAGE_BY_ID', () => {
  it('finds ali-ons messages by key and by the msgId from send; a consumer sees the same msgIds', async () => {
    const topic = 'rocket-query';
    await createTopic(broker.bootstrap, topic, 2);
    const sent = await sendKeyed(topic, 0, 6);
    expect(new Set(sent.map((s) => s.msgId)).size).toBe(6);
    await expectAllFound(topic, sent);

    const consumer = await aliConsumer(broker.nameSrv, 'cg-query', topic);
    try {
      const got = await consumer.waitFor(6);
      expect(got.map((m) => m.msgId).sort()).toEqual(sent.map((s) => s.msgId).sort());
      for (const m of got) expect(sent.find((s) => s.msgId === m.msgId)?.body).toBe(m.body.toString());
    } finally {
      await consumer.close();
    }

    expect((await query(topic, 'order-99')).code).toBe(QUERY_NOT_FOUND);
    expect((await query('rocket-query-missing', 'order-1')).code).toBe(QUERY_NOT_FOUND);
    // Outside the store time range.
    expect((await query(topic, 'order-1', { endTimestamp: '1000' })).code).toBe(QUERY_NOT_FOUND);
    // maxNum bounds the reply.
    const two = await query(topic, 'all-orders', { maxNum: '2' });
    expect(two.messages.map((m) => m.msgId)).toEqual([sent[5]?.msgId, sent[4]?.msgId]);
    // An offset that names no message.
    const missing = await remoting(VIEW_MESSAGE_BY_ID, { offset: '999999999' });
    expect(missing.code).toBe(SYSTEM_ERROR);
  });

  it('finds a message by UNIQ_KEY with _UNIQUE_KEY_QUERY', async () => {
    const topic = 'rocket-query-uniq';
    await createTopic(broker.bootstrap, topic, 1);
    const uniq = '7F0000010F2A18B4AAC2A1B2C3D40000';
    const sent = await remoting(
      SEND_MESSAGE,
      {
        producerGroup: 'pg-uniq',
        topic,
        defaultTopic: 'TBW102',
        defaultTopicQueueNums: '4',
        queueId: '0',
        sysFlag: '0',
        bornTimestamp: String(Date.now()),
        flag: '0',
        properties: `UNIQ_KEY\u0001${uniq}\u0002WAIT\u0001true\u0002`,
      },
      Buffer.from('unique body'),
    );
    expect(sent.code).toBe(SUCCESS);
    const found = await query(topic, uniq, { _UNIQUE_KEY_QUERY: 'true', maxNum: '1' });
    expect(found.code).toBe(SUCCESS);
    expect(found.messages.map((m) => [m.msgId, m.body.toString(), m.properties['UNIQ_KEY']])).toEqual([
      [sent.extFields['msgId'], 'unique body', uniq],
    ]);
  });

  it('gives each record of a Kafka batch its own msgId, which VIEW_MESSAGE_BY_ID resolves', async () => {
    const topic = 'rocket-query-kafka';
    await createTopic(broker.bootstrap, topic, 1);
    const producer = kafkajsClient(broker.bootstrap).producer();
    await producer.connect();
    try {
      await producer.send({
        topic,
        messages: Array.from({ length: 5 }, (_, i) => ({ partition: 0, key: `kk${i}`, value: `kafka-${i}` })),
      });
    } finally {
      await producer.disconnect();
    }
    const consumer = await aliConsumer(broker.nameSrv, 'cg-query-kafka', topic);
    try {
      const got = await consumer.waitFor(5);
      expect(new Set(got.map((m) => m.msgId)).size).toBe(5);
      for (const m of got) {
        const byId = await view(m.msgId);
        expect(byId.code).toBe(SUCCESS);
        expect(byId.message?.msgId).toBe(m.msgId);
        expect(byId.message?.body.toString()).toBe(m.body.toString());
        expect(byId.message?.queueOffset).toBe(m.queueOffset);
      }
    } finally {
      await consumer.close();
    }
  });

  it('finds the same messages after a kill -9 and restart, including ones sent just before', async () => {
    const topic = 'rocket-query-crash';
    await createTopic(broker.bootstrap, topic, 2);
    const before = await sendKeyed(topic, 0, 4);
    await new Promise((r) => setTimeout(r, 1500)); // the key index persists every second
    const last = await sendKeyed(topic, 4, 7); // most likely not persisted in the index yet
    await broker.kill();
    await broker.start();
    const sent = [...before, ...last];
    await expectAllFound(topic, sent);
    // ali-ons pull after the restart: same ids.
    const consumer = await aliConsumer(broker.nameSrv, 'cg-query-crash', topic);
    try {
      const got = await consumer.waitFor(7);
      expect(got.map((m) => m.msgId).sort()).toEqual(sent.map((s) => s.msgId).sort());
    } finally {
      await consumer.close();
    }
    // And the messages of the first test, from index files written before the crash.
    const earlier = await query('rocket-query', 'all-orders');
    expect(earlier.messages).toHaveLength(6);
  });
});
