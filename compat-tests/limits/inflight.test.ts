/**
 * In-flight bounds (`maxInflightRequests`, default 256, and the socket's write buffer): a client that
 * pipelines thousands of requests without reading the responses must not grow the broker's memory
 * without bound, other connections keep being served meanwhile, and once the client reads, every
 * response arrives, in order (Kafka) or matched by opaque (remoting).
 * - Kafka slow consumer: 1,000 Fetch requests of 256 KiB each for a large partition, never read while
 *   the broker's RSS is sampled (unbounded, the responses would take 250 MiB).
 * - Kafka: 20,000 pipelined ApiVersions requests.
 * - RocketMQ: 1,000 pipelined PULL_MESSAGE requests of up to 256 KiB each.
 * The figures (RSS before and peak) are printed with the prefix [limits].
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { kafkajsClient } from '../harness/clients/kafkajs.js';
import { createTopic } from '../harness/group-admin.js';
import { RawConnection, decodeApiVersionsV0, encodeFetchV4, encodeRequest } from '../harness/raw-kafka.js';
import { rssBytes } from '../harness/process-rss.js';
import { RemotingClient, jsonFrame } from '../harness/remoting-client.js';

const TOPIC = 'limits-inflight';
const RECORD_BYTES = 8 * 1024;
const RECORDS = 512; // 4 MiB in the partition
const PARTITION_MAX_BYTES = 256 * 1024;
const MiB = 2 ** 20;
/**
 * The broker's --max-inflight-requests here: 64 by default, so that the bound is far below the
 * unbounded figure; FERRYMQ_LIMITS_MAX_INFLIGHT runs the same checks with another value (256 is the
 * broker's default) for the figures in docs/performance.md.
 */
const MAX_INFLIGHT = Number(process.env['FERRYMQ_LIMITS_MAX_INFLIGHT'] ?? 64);
/**
 * Growth allowed: every in-flight response of up to 256 KiB held about three times (the store read, the
 * encoded response, the socket's queue), plus 48 MiB for the heap's own slack.
 */
const BOUND = MAX_INFLIGHT * PARTITION_MAX_BYTES * 3 + 48 * MiB;

let broker: BrokerProcess;
let started = false;

/** A fresh broker per test, so one test's heap does not hide the next one's growth; 4 MiB in TOPIC. */
async function freshBroker(): Promise<void> {
  if (started) await broker.stop();
  started = true;
  broker = await startBroker({
    label: 'limits-inflight',
    extraArgs: ['--max-inflight-requests', String(MAX_INFLIGHT)],
  });
  await createTopic(broker.bootstrap, TOPIC, 1);
  const producer = kafkajsClient(broker.bootstrap).producer();
  await producer.connect();
  try {
    for (let i = 0; i < RECORDS; i += 64) {
      await producer.send({
        topic: TOPIC,
        acks: -1,
        messages: Array.from({ length: 64 }, (_, j) => ({
          key: `k${i + j}`,
          value: Buffer.alloc(RECORD_BYTES, (i + j) % 251),
        })),
      });
    }
  } finally {
    await producer.disconnect();
  }
  await new Promise((r) => setTimeout(r, 500));
}

beforeEach(freshBroker);

afterAll(async () => {
  await stopAllBrokers();
});

/** Fetch v4 of partition 0 from offset 0, no wait. */
const fetchV4 = (correlationId: number): Buffer =>
  encodeFetchV4(TOPIC, 0, 0n, correlationId, {
    maxWaitMs: 0,
    maxBytes: PARTITION_MAX_BYTES,
    partitionMaxBytes: PARTITION_MAX_BYTES,
  });

/** Samples the broker's RSS every 100 ms for `ms`, returning the peak. */
async function peakRss(ms: number): Promise<number> {
  const pid = broker.pid as number;
  let peak = rssBytes(pid);
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    peak = Math.max(peak, rssBytes(pid));
  }
  return peak;
}

async function otherConnectionServed(): Promise<void> {
  const c = await RawConnection.open(broker.host, broker.port);
  c.write(encodeRequest(18, 0, 99, Buffer.alloc(0)));
  const frame = await c.readFrame(5000);
  c.close();
  expect(frame && decodeApiVersionsV0(frame).correlationId).toBe(99);
}

const report = (what: string, before: number, peak: number, unbounded: number): void => {
  console.log(
    `[limits] maxInflightRequests ${MAX_INFLIGHT}, ${what}: broker RSS ${(before / MiB).toFixed(1)} MiB before, ${(peak / MiB).toFixed(1)} MiB peak ` +
      `(+${((peak - before) / MiB).toFixed(1)} MiB; unbounded the responses would take ${(unbounded / MiB).toFixed(0)} MiB)`,
  );
};

/**
 * Kafka requests with correlation ids 0..n-1 written at once on a connection that does not read; the
 * broker's RSS before, and its peak while sampled for `sampleMs`.
 */
async function pipelineUnread(
  n: number,
  request: (correlationId: number) => Buffer,
  sampleMs: number,
): Promise<{ c: RawConnection; before: number; peak: number }> {
  const c = await RawConnection.open(broker.host, broker.port);
  c.socket.pause(); // never read while we measure
  const before = rssBytes(broker.pid as number);
  c.write(Buffer.concat(Array.from({ length: n }, (_, i) => request(i))));
  return { c, before, peak: await peakRss(sampleMs) };
}

/** Reads now: every response arrives, in request order. */
async function readAllInOrder(c: RawConnection, n: number): Promise<void> {
  c.socket.resume();
  for (let i = 0; i < n; i++) {
    const frame = await c.readFrame(30_000);
    expect(frame?.readInt32BE(0)).toBe(i);
  }
  c.close();
}

describe('a client that pipelines without reading', () => {
  it('Kafka slow consumer: 1,000 Fetch requests of 256 KiB never read keep broker memory bounded', async () => {
    const n = 1000;
    const { c, before, peak } = await pipelineUnread(n, fetchV4, 4000);
    report(`Kafka slow consumer, ${n} Fetch x 256 KiB`, before, peak, n * PARTITION_MAX_BYTES);
    await otherConnectionServed();
    expect(peak - before).toBeLessThan(BOUND);
    await readAllInOrder(c, n);
  });

  it('Kafka: 20,000 pipelined ApiVersions requests are all answered in order once read', async () => {
    const n = 20_000;
    const { c, before, peak } = await pipelineUnread(
      n,
      (i) => encodeRequest(18, 0, i, Buffer.alloc(0)),
      2000,
    );
    const one = await (async () => {
      const probe = await RawConnection.open(broker.host, broker.port);
      probe.write(encodeRequest(18, 0, 1, Buffer.alloc(0)));
      const f = await probe.readFrame();
      probe.close();
      return f?.length ?? 0;
    })();
    report(`Kafka, ${n} pipelined ApiVersions`, before, peak, n * one);
    expect(peak - before).toBeLessThan(BOUND);
    await readAllInOrder(c, n);
  });

  it('RocketMQ: 1,000 pipelined PULL_MESSAGE requests of up to 256 KiB keep broker memory bounded', async () => {
    const n = 1000;
    const c = await RemotingClient.open(broker.host, broker.remotingPort);
    c.socket.pause();
    const before = rssBytes(broker.pid as number);
    const frames: Buffer[] = [];
    for (let i = 0; i < n; i++) {
      frames.push(
        jsonFrame(11, i + 1, {
          consumerGroup: 'limits-cg',
          topic: TOPIC,
          queueId: '0',
          queueOffset: String((i * 32) % RECORDS),
          maxMsgNums: '32',
          sysFlag: '4', // subscription in the request
          commitOffset: '0',
          suspendTimeoutMillis: '0',
          subscription: '*',
          subVersion: '0',
          expressionType: 'TAG',
        }),
      );
    }
    c.write(Buffer.concat(frames));
    const peak = await peakRss(4000);
    report(`RocketMQ, ${n} pipelined PULL_MESSAGE`, before, peak, n * 32 * RECORD_BYTES);
    await otherConnectionServed();
    const r = await RemotingClient.open(broker.host, broker.remotingPort);
    expect((await r.request(30, { topic: TOPIC, queueId: '0' })).code).toBe(0);
    r.close();
    expect(peak - before).toBeLessThan(BOUND);
    c.socket.resume();
    const seen = new Set<number>();
    for (let i = 0; i < n; i++) {
      const reply = await c.next(30_000);
      expect(reply?.code).toBe(0);
      seen.add(reply?.opaque ?? -1);
    }
    expect(seen.size).toBe(n);
    c.close();
  });
});
