/**
 * Replays every recorded crasher (crashers.json; README.md says how to add one) against a live broker:
 * each step's bytes go to a new connection, which must be closed by the broker or answered as recorded;
 * after each crasher the broker process is still running and answers well-formed Kafka and remoting
 * requests.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { createTopic } from '../harness/group-admin.js';
import { RawConnection, decodeApiVersionsV0, encodeRequest } from '../harness/raw-kafka.js';
import { RemotingClient } from '../harness/remoting-client.js';
import type { Crasher, CrasherStep } from './crasher.js';

const here = dirname(fileURLToPath(import.meta.url));
const CRASHERS = JSON.parse(readFileSync(join(here, 'crashers.json'), 'utf8')) as Crasher[];
/** The topic the recorded Kafka produce requests name (see record-crashers.ts). */
const CRASHER_TOPIC = 'crasher-topic';
const WAIT_MS = 5000;

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({ label: 'crashers' });
  await createTopic(broker.bootstrap, CRASHER_TOPIC, 1);
});

afterAll(async () => {
  await stopAllBrokers();
});

function bytesOf(step: CrasherStep): Buffer {
  const hex = step.hex ?? (step.file === undefined ? '' : readFileSync(join(here, step.file), 'utf8').trim());
  if (hex === '') throw new Error('a crasher step needs hex or file');
  return Buffer.from(hex, 'hex');
}

async function replayKafka(step: CrasherStep, bytes: Buffer): Promise<void> {
  const c = await RawConnection.open(broker.host, broker.port);
  try {
    c.write(bytes);
    if (step.expect === 'close') {
      expect(await c.waitClosed(WAIT_MS), 'the broker closes the connection').toBe(true);
      return;
    }
    const frame = await c.readFrame(WAIT_MS);
    expect(frame, 'a response frame').not.toBeNull();
    if (frame !== null && step.kafkaErrorAt !== undefined) {
      expect(step.kafkaErrorCodes ?? []).toContain(frame.readInt16BE(step.kafkaErrorAt));
    }
  } finally {
    c.close();
  }
}

async function replayRemoting(step: CrasherStep, bytes: Buffer): Promise<void> {
  const port = step.protocol === 'namesrv' ? broker.namesrvPort : broker.remotingPort;
  const c = await RemotingClient.open(broker.host, port);
  try {
    c.write(bytes);
    if (step.expect === 'close') {
      expect(await c.closedWithin(WAIT_MS), 'the broker closes the connection').toBe(true);
      return;
    }
    const reply = await c.next(WAIT_MS);
    expect(reply, 'a reply').not.toBeNull();
    if (reply !== null && step.remotingCodes !== undefined) expect(step.remotingCodes).toContain(reply.code);
  } finally {
    c.close();
  }
}

async function stillServing(): Promise<void> {
  expect(broker.running, `broker exited (${String(broker.lastExit)})\n${broker.logTail()}`).toBe(true);
  const k = await RawConnection.open(broker.host, broker.port);
  k.write(encodeRequest(18, 0, 5, Buffer.alloc(0)));
  const frame = await k.readFrame(WAIT_MS);
  k.close();
  expect(frame && decodeApiVersionsV0(frame).errorCode).toBe(0);
  const r = await RemotingClient.open(broker.host, broker.remotingPort);
  const reply = await r.request(30, { topic: CRASHER_TOPIC, queueId: '0' }).finally(() => r.close());
  expect(reply.code).toBe(0);
}

describe('recorded crashers', () => {
  it('has entries, each with steps', () => {
    expect(CRASHERS.length).toBeGreaterThanOrEqual(10);
    for (const c of CRASHERS) expect(c.steps.length, c.name).toBeGreaterThan(0);
  });

  for (const crasher of CRASHERS) {
    it(`${crasher.name} (${crasher.origin})`, async () => {
      for (const step of crasher.steps) {
        const bytes = bytesOf(step);
        if (step.protocol === 'kafka') await replayKafka(step, bytes);
        else await replayRemoting(step, bytes);
      }
      await stillServing();
    });
  }
});
