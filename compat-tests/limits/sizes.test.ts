/**
 * Size limits with real clients where they can send such sizes, raw bytes otherwise:
 * - Kafka `maxRequestBytes`: a larger length prefix closes the connection before the body is sent;
 *   kafkajs sending a record that makes its request too large fails, and the next small send works.
 * - Kafka `max.message.bytes`: kafkajs gets MESSAGE_TOO_LARGE for a bigger batch.
 * - RocketMQ: the 16 MiB remoting frame cap closes the connection before buffering; a message over the
 *   topic's max.message.bytes is answered MESSAGE_ILLEGAL (13) to ali-ons.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { aliMessage, aliProducer } from '../harness/clients/ali-ons.js';
import { kafkajsAdmin, kafkajsClient } from '../harness/clients/kafkajs.js';
import { createTopic } from '../harness/group-admin.js';
import { KafkaErrorCode, expectKafkaError } from '../harness/kafka-error.js';
import { RawConnection, decodeApiVersionsV0, encodeRequest, int32 } from '../harness/raw-kafka.js';
import { RemotingClient } from '../harness/remoting-client.js';

const MAX_REQUEST_BYTES = 2 * 1024 * 1024;
const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
const REMOTING_FRAME_CAP = 16 * 1024 * 1024;
const SMALL_TOPIC = 'limits-small-messages';
const TOPIC = 'limits-topic';

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({
    label: 'limits-sizes',
    extraArgs: [
      '--max-request-bytes',
      String(MAX_REQUEST_BYTES),
      '--max-message-bytes',
      String(MAX_MESSAGE_BYTES),
    ],
  });
  await createTopic(broker.bootstrap, TOPIC, 1);
  const admin = await kafkajsAdmin(broker.bootstrap);
  try {
    await admin.createTopics({
      topics: [
        {
          topic: SMALL_TOPIC,
          numPartitions: 1,
          configEntries: [{ name: 'max.message.bytes', value: String(64 * 1024) }],
        },
      ],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
});

afterAll(async () => {
  await stopAllBrokers();
});

async function kafkaStillServes(): Promise<void> {
  const c = await RawConnection.open(broker.host, broker.port);
  c.write(encodeRequest(18, 0, 1, Buffer.alloc(0)));
  const frame = await c.readFrame();
  c.close();
  expect(frame && decodeApiVersionsV0(frame).errorCode).toBe(0);
}

describe('Kafka maxRequestBytes', () => {
  it('closes the connection on a length prefix over the cap before any body arrives', async () => {
    const c = await RawConnection.open(broker.host, broker.port);
    c.write(int32(MAX_REQUEST_BYTES + 1)); // only the prefix: the broker must not wait for 2 MiB
    expect(await c.waitClosed(2000)).toBe(true);
    // A request of exactly the cap is read and answered: ApiVersions v0 padded with ignored bytes.
    const atCap = await RawConnection.open(broker.host, broker.port);
    const request = encodeRequest(18, 0, 7, Buffer.alloc(MAX_REQUEST_BYTES - 20));
    expect(request.length - 4).toBe(MAX_REQUEST_BYTES);
    atCap.write(request);
    const frame = await atCap.readFrame(10_000);
    atCap.close();
    expect(frame && decodeApiVersionsV0(frame).correlationId).toBe(7);
    await kafkaStillServes();
  });

  it('kafkajs: a record making the request larger than the cap fails; a small one then succeeds', async () => {
    const producer = kafkajsClient(broker.bootstrap).producer({
      retry: { retries: 1, initialRetryTime: 100 },
    });
    await producer.connect();
    try {
      const big = randomBytes(MAX_REQUEST_BYTES + 1024);
      await expect(producer.send({ topic: TOPIC, acks: -1, messages: [{ value: big }] })).rejects.toThrow();
      const ok = await producer.send({ topic: TOPIC, acks: -1, messages: [{ value: 'small' }] });
      expect(ok[0]?.errorCode).toBe(0);
    } finally {
      await producer.disconnect();
    }
  });
});

describe('Kafka max.message.bytes', () => {
  it('kafkajs gets MESSAGE_TOO_LARGE for a batch over the topic limit, under the request cap', async () => {
    const producer = kafkajsClient(broker.bootstrap).producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      await expectKafkaError(
        () => producer.send({ topic: SMALL_TOPIC, acks: -1, messages: [{ value: randomBytes(100 * 1024) }] }),
        KafkaErrorCode.MESSAGE_TOO_LARGE,
        'kafkajs record over the topic max.message.bytes',
      );
      const ok = await producer.send({ topic: SMALL_TOPIC, acks: -1, messages: [{ value: 'fits' }] });
      expect(ok[0]?.errorCode).toBe(0);
    } finally {
      await producer.disconnect();
    }
  });
});

describe('RocketMQ limits', () => {
  it('closes a connection whose frame length is over 16 MiB before buffering it', async () => {
    for (const port of [broker.remotingPort, broker.namesrvPort]) {
      const c = await RemotingClient.open(broker.host, port);
      c.write(int32(REMOTING_FRAME_CAP + 1));
      expect(await c.closedWithin(2000)).toBe(true);
    }
    const c = await RemotingClient.open(broker.host, broker.remotingPort);
    expect((await c.request(30, { topic: TOPIC, queueId: '0' })).code).toBe(0);
    c.close();
  });

  it('ali-ons: a body over max.message.bytes gets MESSAGE_ILLEGAL (13); a small one is then sent', async () => {
    const producer = await aliProducer(broker.nameSrv, 'limits-pg');
    try {
      // random bytes do not shrink when ali-ons compresses bodies over 4 KiB
      const err = await producer.send(aliMessage(SMALL_TOPIC, 'big', randomBytes(100 * 1024))).then(
        () => null,
        (e: unknown) => e as { code?: number },
      );
      expect(err?.code).toBe(13);
      const ok = await producer.send(aliMessage(SMALL_TOPIC, 'small', 'fits'));
      expect(ok.sendStatus).toBe('SEND_OK');
    } finally {
      await producer.close();
    }
  });

  it('ali-ons: a body making the frame larger than 16 MiB fails without harming the broker', async () => {
    const producer = await aliProducer(broker.nameSrv, 'limits-pg-huge');
    try {
      const huge = randomBytes(REMOTING_FRAME_CAP + 1024);
      await expect(producer.send(aliMessage(TOPIC, 'huge', huge))).rejects.toThrow();
    } finally {
      await producer.close();
    }
    const again = await aliProducer(broker.nameSrv, 'limits-pg-after');
    try {
      expect((await again.send(aliMessage(TOPIC, 'after', 'ok'))).sendStatus).toBe('SEND_OK');
    } finally {
      await again.close();
    }
    await kafkaStillServes();
  });
});
