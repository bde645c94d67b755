/**
 * A bit flip inside a stored record batch in an old CommitLog segment (recovery does not scan it again):
 * Fetch of that range answers KAFKA_STORAGE_ERROR (56) instead of serving the damaged batch, and another
 * partition keeps serving. Read with kcat (librdkafka) and a raw Fetch v4.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { requireClient } from '../harness/clients/index.js';
import { kafkajsAdmin } from '../harness/clients/kafkajs.js';
import { KCAT } from '../harness/clients/kcat.js';
import { RawConnection, rawFetchV4 } from '../harness/raw-kafka.js';
import { expectSameRecords, makeRecords } from '../harness/records.js';
import { spawn } from 'node:child_process';

const TOPIC = 'corrupt-old-segment';
const ENTRY_MAGIC = 0x46455231; // "FER1", docs/formats/commit-log.md
const HEADER_BYTES = 76;
const KAFKA_STORAGE_ERROR = 56;

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({ label: 'corruption', segmentBytes: 64 * 1024 });
});

afterAll(async () => {
  await stopAllBrokers();
});

/** Flips a bit in the records part of the first stored batch of (TOPIC, partition) in the first segment. */
function flipBitInFirstBatch(dataDir: string, partition: number): void {
  const dir = join(dataDir, 'commitlog');
  const first = readdirSync(dir).sort()[0];
  if (first === undefined) throw new Error('no commit log segment');
  const file = join(dir, first);
  const data = readFileSync(file);
  let at = 0;
  while (at + HEADER_BYTES <= data.length && data.readUInt32BE(at + 4) === ENTRY_MAGIC) {
    const size = data.readInt32BE(at);
    const topicLength = data.readInt16BE(at + 14);
    const topic = data.toString('utf8', at + HEADER_BYTES, at + HEADER_BYTES + topicLength);
    if (topic === TOPIC && data.readInt32BE(at + 32) === partition) {
      const payloadAt = at + HEADER_BYTES + topicLength;
      const target = payloadAt + 61 + 5; // inside the records, covered only by the batch CRC
      data[target] = (data[target] as number) ^ 0x04;
      writeFileSync(file, data);
      return;
    }
    at += size;
  }
  throw new Error(`no entry of ${TOPIC}/${partition} in the first segment`);
}

/** Runs kcat for a fixed time (it retries the error forever), then returns what it printed. */
function kcatFor(args: readonly string[], ms: number): Promise<{ stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(KCAT, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.once('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('close', () => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

describe('a corrupt record batch in an old segment', () => {
  it('answers KAFKA_STORAGE_ERROR for that partition while another partition serves', async () => {
    const admin = await kafkajsAdmin(broker.bootstrap);
    try {
      await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2 }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
    const kafkajs = await requireClient('kafkajs');
    const damaged = makeRecords({ count: 400, seed: 61, maxValueBytes: 1000 });
    const healthy = makeRecords({ count: 200, seed: 62 });
    // Several small produce calls so the partition spans more than one segment.
    for (let i = 0; i < damaged.length; i += 50) {
      await kafkajs.produce(broker.bootstrap, {
        topic: TOPIC,
        partition: 0,
        records: damaged.slice(i, i + 50),
        codec: 'none',
        acks: -1,
      });
    }
    await kafkajs.produce(broker.bootstrap, {
      topic: TOPIC,
      partition: 1,
      records: healthy,
      codec: 'none',
      acks: -1,
    });
    expect(await broker.stop(), broker.logTail()).toBe(0);
    expect(readdirSync(join(broker.dataDir, 'commitlog')).length).toBeGreaterThan(2);
    flipBitInFirstBatch(broker.dataDir, 0);
    await broker.start();

    const conn = await RawConnection.open(broker.host, broker.port);
    try {
      const bad = await rawFetchV4(conn, TOPIC, 0, 0n, 1);
      expect(bad.errorCode, 'Fetch v4 of the damaged range').toBe(KAFKA_STORAGE_ERROR);
      expect(bad.batches).toEqual([]);
      const good = await rawFetchV4(conn, TOPIC, 1, 0n, 2);
      expect(good.errorCode).toBe(0);
      expect(good.batches.length).toBeGreaterThan(0);
    } finally {
      conn.close();
    }

    // librdkafka treats the error as retriable: kcat reports it and delivers nothing of partition 0.
    const r = await kcatFor(
      ['-b', broker.bootstrap, '-C', '-t', TOPIC, '-p', '0', '-o', '0', '-c', '1', '-e', '-d', 'fetch'],
      5000,
    );
    expect(r.stdout.length, 'kcat must not print records of the damaged batch').toBe(0);
    expect(r.stderr).toMatch(/Disk error when trying to access log file/);

    const kcat = await requireClient('kcat');
    expectSameRecords(
      await kcat.consume(broker.bootstrap, { topic: TOPIC, partition: 1, offset: 0n, count: healthy.length }),
      healthy,
      'kcat reading the healthy partition',
      0n,
    );
  });
});
