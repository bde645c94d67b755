/**
 * Malformed input on a raw socket: garbage, oversized and negative length prefixes, an unknown API
 * key, a truncated frame. The broker must close that connection (or answer it with an error) and go
 * on serving a kafkajs client connected at the same time.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Producer } from 'kafkajs';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { kafkajsAdmin, kafkajsClient, kafkajsFetch } from '../harness/clients/kafkajs.js';
import { KafkaErrorCode } from '../harness/kafka-error.js';
import { decodeApiVersionsV0, encodeRequest, RawConnection } from '../harness/raw-kafka.js';

const TOPIC = 'raw-socket-survivor';
let broker: BrokerProcess;
let producer: Producer;
const sent: string[] = [];

beforeAll(async () => {
  broker = await startBroker({ label: 'raw-socket' });
  const admin = await kafkajsAdmin(broker.bootstrap);
  try {
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  producer = kafkajsClient(broker.bootstrap).producer();
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect().catch(() => undefined);
  await stopAllBrokers();
});

/** The kafkajs client connected before the bad input still produces (on its existing connection). */
async function expectKafkajsStillServed(step: string): Promise<void> {
  expect(broker.running, `broker process alive after ${step}\n${broker.logTail()}`).toBe(true);
  const value = `after ${step}`;
  const result = await producer.send({ topic: TOPIC, acks: -1, messages: [{ partition: 0, value }] });
  expect(result[0]?.errorCode).toBe(0);
  sent.push(value);
}

/** The connection is closed by the broker, or the request is answered (correlation id echoed). */
async function expectClosedOrAnswered(
  conn: RawConnection,
  correlationId: number | null,
  what: string,
): Promise<string> {
  if (await conn.waitClosed(5_000)) return 'closed';
  if (correlationId !== null && conn.pendingBytes >= 8) {
    const frame = await conn.readFrame(1_000);
    if (frame !== null && frame.readInt32BE(0) === correlationId) return 'answered';
  }
  throw new Error(`${what}: the connection was neither closed nor answered within 5 s`);
}

describe('raw socket', () => {
  it('answers ApiVersions v0 (sanity check of the raw client)', async () => {
    const conn = await RawConnection.open(broker.host, broker.port);
    try {
      conn.write(encodeRequest(18, 0, 7, Buffer.alloc(0)));
      const frame = await conn.readFrame();
      expect(frame).not.toBeNull();
      const res = decodeApiVersionsV0(frame ?? Buffer.alloc(0));
      expect(res.correlationId).toBe(7);
      expect(res.errorCode).toBe(0);
      const keys = res.apis.map((a) => a.apiKey);
      expect(keys).toEqual(expect.arrayContaining([0, 1, 3, 18]));
    } finally {
      conn.close();
    }
  });

  it('answers an unsupported ApiVersions version with UNSUPPORTED_VERSION in the v0 layout', async () => {
    const conn = await RawConnection.open(broker.host, broker.port);
    try {
      conn.write(encodeRequest(18, 127, 8, Buffer.alloc(0)));
      const frame = await conn.readFrame();
      expect(frame).not.toBeNull();
      const res = decodeApiVersionsV0(frame ?? Buffer.alloc(0));
      expect(res.correlationId).toBe(8);
      expect(res.errorCode).toBe(KafkaErrorCode.UNSUPPORTED_VERSION);
      expect(res.apis.find((a) => a.apiKey === 18)).toMatchObject({ minVersion: 0 });
    } finally {
      conn.close();
    }
  });

  it('survives garbage bytes inside a well-sized frame', async () => {
    const conn = await RawConnection.open(broker.host, broker.port);
    try {
      const body = randomBytes(60);
      body.writeInt16BE(-1, 0); // api key -1
      const frame = Buffer.alloc(4);
      frame.writeInt32BE(body.length, 0);
      conn.write(Buffer.concat([frame, body]));
      await expectClosedOrAnswered(conn, body.readInt32BE(4), 'garbage frame');
    } finally {
      conn.close();
    }
    await expectKafkajsStillServed('garbage frame');
  });

  it('closes the connection on an oversized length prefix (0x7fffffff) without buffering it', async () => {
    const conn = await RawConnection.open(broker.host, broker.port);
    try {
      conn.write(Buffer.from([0x7f, 0xff, 0xff, 0xff, 0x00, 0x12, 0x00, 0x00]));
      expect(await conn.waitClosed(5_000), 'connection closed').toBe(true);
    } finally {
      conn.close();
    }
    await expectKafkajsStillServed('oversized length prefix');
  });

  it('closes the connection on a negative length prefix', async () => {
    const conn = await RawConnection.open(broker.host, broker.port);
    try {
      conn.write(Buffer.from([0xff, 0xff, 0xff, 0xfe, 0x00, 0x00]));
      expect(await conn.waitClosed(5_000), 'connection closed').toBe(true);
    } finally {
      conn.close();
    }
    await expectKafkajsStillServed('negative length prefix');
  });

  it('closes or answers a request with an unknown API key (9999)', async () => {
    const conn = await RawConnection.open(broker.host, broker.port);
    try {
      conn.write(encodeRequest(9999, 0, 4242, Buffer.from([1, 2, 3, 4])));
      await expectClosedOrAnswered(conn, 4242, 'unknown API key');
    } finally {
      conn.close();
    }
    await expectKafkajsStillServed('unknown API key');
  });

  it('closes or answers a truncated Produce body', async () => {
    const conn = await RawConnection.open(broker.host, broker.port);
    try {
      // Produce v7 header + a body that ends in the middle of the topic array.
      conn.write(
        encodeRequest(
          0,
          7,
          99,
          Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x75, 0x30, 0x00, 0x00, 0x00, 0x05]),
        ),
      );
      await expectClosedOrAnswered(conn, 99, 'truncated Produce');
    } finally {
      conn.close();
    }
    await expectKafkajsStillServed('truncated Produce');
  });

  it('survives a client that disconnects in the middle of a frame', async () => {
    const conn = await RawConnection.open(broker.host, broker.port);
    const whole = encodeRequest(18, 0, 1, Buffer.alloc(0));
    conn.write(whole.subarray(0, 7));
    conn.close();
    await new Promise((r) => setTimeout(r, 200));
    await expectKafkajsStillServed('half a frame then disconnect');
  });

  it('kept every record the kafkajs client sent between the bad connections', async () => {
    const got = await kafkajsFetch(broker.bootstrap, {
      topic: TOPIC,
      partition: 0,
      offset: 0n,
      count: sent.length,
      timeoutMs: 10_000,
    });
    expect(got.map((r) => r.value?.toString())).toEqual(sent);
  });
});
