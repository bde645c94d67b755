/**
 * Disk full: a broker whose data directory is a 24 MiB tmpfs (1 MiB segments; async and sync flush with
 * preallocated segments, async with sparse ones), a filler file leaving almost nothing free, then kafkajs produces (acks=-1) and ali-ons sends until the disk is full.
 * Kafka must answer KAFKA_STORAGE_ERROR (56), RocketMQ SERVICE_NOT_AVAILABLE (14) with a "disk is full"
 * remark; the broker stays up; every acknowledged record reads back byte for byte and nothing else is
 * visible; once the filler is deleted, produce and send work again without a restart; a clean restart and
 * a kill -9 restart keep exactly the acknowledged data.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrokerProcess, COMPAT_LOG_DIR, stopAllBrokers } from '../harness/broker.js';
import { aliMessage, aliProducer } from '../harness/clients/ali-ons.js';
import { kafkajsAdmin, kafkajsFetch } from '../harness/clients/kafkajs.js';
import { createTopic } from '../harness/group-admin.js';
import { findKafkaError } from '../harness/kafka-error.js';
import { type Mounted, fillDisk, mountTmpfs } from './mounts.js';

const KAFKA_TOPIC = 'df-kafka';
const ROCKET_TOPIC = 'df-rocket';
const VALUE_BYTES = 16 * 1024;
const KAFKA_STORAGE_ERROR = 56;
const SERVICE_NOT_AVAILABLE = 14;

let mount: Mounted | undefined;
let broker: BrokerProcess;
/** Acknowledged values by offset, per topic. */
const acked = new Map<string, Map<bigint, Buffer>>();

async function setUp(flushMode: 'async' | 'sync', preallocate: boolean): Promise<void> {
  acked.set(KAFKA_TOPIC, new Map());
  acked.set(ROCKET_TOPIC, new Map());
  mount = mountTmpfs(24 * 1024 * 1024, 'ferrymq-disk-full-');
  fs.mkdirSync(COMPAT_LOG_DIR, { recursive: true });
  broker = new BrokerProcess(
    path.join(mount.dir, 'data'),
    {
      label: 'disk-full',
      flushMode,
      segmentBytes: 1024 * 1024,
      extraArgs: ['--preallocate-segments', String(preallocate)],
    },
    path.join(COMPAT_LOG_DIR, `disk-full-${flushMode}-${String(preallocate)}-${process.pid}.log`),
  );
  await broker.start();
  await createTopic(broker.bootstrap, KAFKA_TOPIC, 1);
  await createTopic(broker.bootstrap, ROCKET_TOPIC, 1);
}

async function tearDown(): Promise<void> {
  await stopAllBrokers();
  mount?.unmount();
  mount = undefined;
}

function kafka(): Kafka {
  return new Kafka({
    clientId: 'disk-full',
    brokers: [broker.bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  });
}

/** One produce of one 16 KiB record; the acknowledged offset is recorded. */
async function produceOne(producer: Producer): Promise<bigint> {
  const value = randomBytes(VALUE_BYTES);
  const [meta] = await producer.send({ topic: KAFKA_TOPIC, acks: -1, messages: [{ partition: 0, value }] });
  if (meta === undefined || meta.errorCode !== 0) throw new Error(`produce answered ${meta?.errorCode}`);
  const offset = BigInt(meta.baseOffset ?? '-1');
  acked.get(KAFKA_TOPIC)?.set(offset, value);
  return offset;
}

type AliProducer = Awaited<ReturnType<typeof aliProducer>>;

/** The broker's answer to ali-ons' last failed send (ali-ons retries and then hides the code). */
interface BrokerReply {
  code: number;
  remark: string;
}

async function rocketProducer(): Promise<{ producer: AliProducer; failures: BrokerReply[] }> {
  const producer = await aliProducer(broker.nameSrv, 'pg-disk-full');
  const failures: BrokerReply[] = [];
  const p = producer as unknown as { sendKernelImpl(...args: unknown[]): Promise<unknown> };
  const inner = p.sendKernelImpl.bind(producer);
  p.sendKernelImpl = async (...args: unknown[]) => {
    try {
      return await inner(...args);
    } catch (err) {
      const e = err as { code?: unknown; message: string };
      if (typeof e.code === 'number') failures.push({ code: e.code, remark: e.message });
      throw err;
    }
  };
  return { producer, failures };
}

async function sendOne(producer: AliProducer): Promise<bigint> {
  const body = randomBytes(VALUE_BYTES);
  const r = await producer.send(aliMessage(ROCKET_TOPIC, 'T', body));
  if (r.sendStatus !== 'SEND_OK') throw new Error(`send status ${r.sendStatus}`);
  const offset = BigInt(r.queueOffset);
  acked.get(ROCKET_TOPIC)?.set(offset, body);
  return offset;
}

async function highWatermark(topic: string): Promise<bigint> {
  const admin = await kafkajsAdmin(broker.bootstrap);
  try {
    const [p] = await admin.fetchTopicOffsets(topic);
    return BigInt(p?.high ?? '-1');
  } finally {
    await admin.disconnect();
  }
}

/** The topic holds exactly the acknowledged records, offsets 0..n-1, values byte for byte. */
async function expectExactlyAcked(when: string): Promise<void> {
  for (const [topic, values] of acked) {
    const hw = await highWatermark(topic);
    expect(hw, `${topic} high watermark ${when}`).toBe(BigInt(values.size));
    const records = await kafkajsFetch(broker.bootstrap, {
      topic,
      partition: 0,
      offset: 0n,
      count: values.size,
      timeoutMs: 20_000,
    });
    expect(
      records.map((r) => r.offset),
      `${topic} offsets ${when}`,
    ).toEqual([...values.keys()].sort((a, b) => (a < b ? -1 : 1)));
    for (const r of records) {
      const want = values.get(r.offset);
      expect(r.value?.equals(want ?? Buffer.alloc(0)), `${topic}@${r.offset} ${when}`).toBe(true);
    }
  }
}

describe.each([
  { mode: 'async', preallocate: true },
  { mode: 'sync', preallocate: true },
  { mode: 'async', preallocate: false },
] as const)(
  'disk full (tmpfs data directory, --flush-mode $mode, --preallocate-segments $preallocate)',
  ({ mode, preallocate }) => {
    beforeAll(() => setUp(mode, preallocate));
    afterAll(tearDown);

    it('fails produce with KAFKA_STORAGE_ERROR and send with SERVICE_NOT_AVAILABLE, keeps acknowledged data, recovers when space returns', async () => {
      const filler = path.join((mount as Mounted).dir, 'filler');
      const k = kafka();
      let producer = k.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      let rocket = await rocketProducer();
      try {
        for (let i = 0; i < 5; i++) await produceOne(producer);
        for (let i = 0; i < 5; i++) await sendOne(rocket.producer);

        // Leave 64 KiB free. Preallocated: the rest of the active segment and the spare are reserved
        // (fallocate), so writes go on for up to two segments and fail at the next roll. Sparse: they fail
        // inside the active segment after about 64 KiB.
        fillDisk(filler, 64 * 1024);
        let kafkaError: unknown;
        for (let i = 0; i < 400 && kafkaError === undefined; i++) {
          try {
            await produceOne(producer);
          } catch (err) {
            kafkaError = err;
          }
        }
        expect(kafkaError, 'the disk never filled up').toBeDefined();
        const found = findKafkaError(kafkaError);
        expect(found.code, found.message).toBe(KAFKA_STORAGE_ERROR);
        expect(acked.get(KAFKA_TOPIC)?.size, 'writes went on into the space left').toBeGreaterThan(5);

        // Take the last free pages too, then every write that needs a new page must fail.
        fillDisk(filler, 0);
        await expect(produceOne(producer)).rejects.toSatisfy(
          (err: unknown) => findKafkaError(err).code === KAFKA_STORAGE_ERROR,
        );
        await expect(sendOne(rocket.producer)).rejects.toThrow();
        expect(rocket.failures.length, 'ali-ons saw the broker answer').toBeGreaterThan(0);
        for (const f of rocket.failures) {
          expect(f.code).toBe(SERVICE_NOT_AVAILABLE);
          expect(f.remark).toMatch(/disk is full/);
        }

        // The broker is up and serves exactly what it acknowledged.
        expect(broker.running).toBe(true);
        await expectExactlyAcked('while the disk is full');

        // Space is back: both protocols write again, without a restart, at the next offsets.
        fs.rmSync(filler);
        const kafkaNext = BigInt(acked.get(KAFKA_TOPIC)?.size ?? 0);
        expect(await produceOne(producer)).toBe(kafkaNext);
        expect(await produceOne(producer)).toBe(kafkaNext + 1n);
        const rocketNext = BigInt(acked.get(ROCKET_TOPIC)?.size ?? 0);
        expect(await sendOne(rocket.producer)).toBe(rocketNext);
        expect(await sendOne(rocket.producer)).toBe(rocketNext + 1n);
        await expectExactlyAcked('after the filler was deleted');
      } finally {
        await producer.disconnect().catch(() => undefined);
        await rocket.producer.close().catch(() => undefined);
      }

      await broker.restart();
      await expectExactlyAcked('after a clean restart');
      await broker.kill();
      expect(broker.lastExit).toBe('SIGKILL');
      await broker.start();
      await expectExactlyAcked('after kill -9 and a restart');

      // And it keeps writing after the restarts.
      producer = kafka().producer({ allowAutoTopicCreation: false });
      await producer.connect();
      rocket = await rocketProducer();
      try {
        await produceOne(producer);
        await sendOne(rocket.producer);
      } finally {
        await producer.disconnect().catch(() => undefined);
        await rocket.producer.close().catch(() => undefined);
      }
      await expectExactlyAcked('after writing again');
    }, 180_000);
  },
);
