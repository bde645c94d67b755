/**
 * Restarts between produce and consume: a clean stop (SIGTERM, exit 0) and kill -9 in
 * `--flush-mode sync`, where every record acknowledged with acks=all must survive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { createTopic } from '../harness/group-admin.js';
import { requireClient } from '../harness/clients/index.js';
import { kafkajsClient } from '../harness/clients/kafkajs.js';
import { expectSameRecords, makeRecords, type TestRecord } from '../harness/records.js';

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({ label: 'restart', flushMode: 'sync', defaultPartitions: 2 });
});

afterAll(async () => {
  await stopAllBrokers();
});

describe('broker restart', () => {
  it('clean restart (SIGTERM) keeps every record and offsets continue after it', async () => {
    const topic = 'restart-clean';
    await createTopic(broker.bootstrap, topic, 2);
    const kafkajs = await requireClient('kafkajs');
    const python = await requireClient('confluent-kafka-python');
    const first = makeRecords({ count: 500, seed: 11 });
    const second = makeRecords({ count: 300, seed: 12 });
    await kafkajs.produce(broker.bootstrap, { topic, partition: 0, records: first, codec: 'gzip', acks: -1 });
    await python.produce(broker.bootstrap, { topic, partition: 1, records: second, codec: 'zstd', acks: -1 });

    expect(await broker.stop(), `exit code on SIGTERM\n${broker.logTail()}`).toBe(0);
    await broker.start();

    const platformatic = await requireClient('platformatic-kafka');
    const kafkaPython = await requireClient('kafka-python');
    expectSameRecords(
      await platformatic.consume(broker.bootstrap, { topic, partition: 0, offset: 0n, count: first.length }),
      first,
      'platformatic after restart, partition 0',
      0n,
    );
    expectSameRecords(
      await kafkaPython.consume(broker.bootstrap, { topic, partition: 1, offset: 0n, count: second.length }),
      second,
      'kafka-python after restart, partition 1',
      0n,
    );

    const more = makeRecords({ count: 100, seed: 13 });
    const result = await kafkajs.produce(broker.bootstrap, {
      topic,
      partition: 0,
      records: more,
      codec: 'none',
      acks: -1,
    });
    expect(result.baseOffset, 'offset of the first record produced after the restart').toBe(500n);
    const kcat = await requireClient('kcat');
    expectSameRecords(
      await kcat.consume(broker.bootstrap, { topic, partition: 0, offset: 0n, count: 600 }),
      [...first, ...more],
      'kcat reading across the restart',
      0n,
    );
  });

  it('kill -9 right after acks=all (sync flush) loses nothing acknowledged', async () => {
    const topic = 'restart-kill';
    await createTopic(broker.bootstrap, topic, 2);
    const kafkajs = await requireClient('kafkajs');
    const python = await requireClient('confluent-kafka-python');
    const a = makeRecords({ count: 1000, seed: 21 });
    const b = makeRecords({ count: 1000, seed: 22 });
    await kafkajs.produce(broker.bootstrap, { topic, partition: 0, records: a, codec: 'none', acks: -1 });
    await python.produce(broker.bootstrap, { topic, partition: 1, records: b, codec: 'lz4', acks: -1 });
    await broker.kill();
    expect(broker.lastExit).toBe('SIGKILL');
    await broker.start();

    expectSameRecords(
      await python.consume(broker.bootstrap, { topic, partition: 0, offset: 0n, count: a.length }),
      a,
      'confluent-kafka-python after kill -9, partition 0',
      0n,
    );
    expectSameRecords(
      await kafkajs.consume(broker.bootstrap, { topic, partition: 1, offset: 0n, count: b.length }),
      b,
      'kafkajs after kill -9, partition 1',
      0n,
    );
  });

  it('kill -9 while a producer is sending: every acknowledged batch survives, in order', async () => {
    const topic = 'restart-kill-inflight';
    await createTopic(broker.bootstrap, topic, 1);
    const producer = kafkajsClient(broker.bootstrap).producer({ idempotent: false });
    await producer.connect();
    const batchSize = 50;
    const acked: TestRecord[] = [];
    let inflight: TestRecord[] = [];
    let killing: Promise<void> | null = null;
    try {
      for (let i = 0; i < 400; i++) {
        inflight = makeRecords({ count: batchSize, seed: 3000 + i });
        if (acked.length >= 20 * batchSize && killing === null) {
          // SIGKILL a little later, while batches are on the wire
          killing = new Promise((resolve) => setTimeout(resolve, 150)).then(() => broker.kill());
        }
        await producer.send({
          topic,
          acks: -1,
          messages: inflight.map((r) => ({
            partition: 0,
            key: r.key,
            value: r.value,
            headers: Object.fromEntries(r.headers.map((h) => [h.key, h.value])),
          })),
        });
        acked.push(...inflight);
        inflight = [];
      }
    } catch {
      // the send that was cut by the kill
    } finally {
      await producer.disconnect().catch(() => undefined);
    }
    await killing;
    expect(killing, 'the broker was killed during the run').not.toBeNull();
    expect(broker.running).toBe(false);
    await broker.start();

    const reader = await requireClient('platformatic-kafka');
    const got = await reader.consume(broker.bootstrap, {
      topic,
      partition: 0,
      offset: 0n,
      count: acked.length + inflight.length,
      timeoutMs: 15_000,
    });
    // Every acknowledged record is there, first and in order; the batch cut by the kill may or may not be.
    expectSameRecords(got.slice(0, acked.length), acked, 'acknowledged records after kill -9', 0n);
    if (got.length > acked.length) {
      expectSameRecords(
        got,
        [...acked, ...inflight],
        'the batch in flight at the kill, if kept, is whole',
        0n,
      );
    }
  });
});
