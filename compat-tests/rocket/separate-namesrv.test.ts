/**
 * `ferrymq namesrv` and `ferrymq broker --namesrv` as separate processes: the broker registers over TCP,
 * ali-ons finds it through the NameServer, and the NameServer drops the broker when its connection closes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { aliConsumer, aliMessage, aliProducer } from '../harness/clients/ali-ons.js';
import { kafkajsAdmin } from '../harness/clients/kafkajs.js';
import { waitFor } from '../harness/group-admin.js';
import { startNamesrv, stopAllNamesrvs, type NamesrvProcess } from '../harness/namesrv-process.js';
import { remotingRequest } from '../harness/remoting-client.js';
import { RequestCode, ResponseCode } from '../harness/rocket-codes.js';

let namesrv: NamesrvProcess;
let namesrvAddr = '';
let namesrvDir = '';
let broker: BrokerProcess;

/** GET_ROUTEINFO_BY_TOPIC over a raw connection: the response code. */
async function routeCode(topic: string): Promise<number> {
  return (await remotingRequest(namesrvAddr, RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic })).code;
}

beforeAll(async () => {
  namesrvDir = mkdtempSync(join(tmpdir(), 'ferrymq-namesrv-'));
  namesrv = await startNamesrv(['--data-dir', namesrvDir]);
  namesrvAddr = namesrv.addr;
  broker = await startBroker({ label: 'rocket-remote-namesrv', extraArgs: ['--namesrv', namesrvAddr] });
});

afterAll(async () => {
  await stopAllBrokers();
  await namesrv.stop();
  stopAllNamesrvs();
  rmSync(namesrvDir, { recursive: true, force: true });
});

describe('separate NameServer and broker processes', () => {
  it('routes ali-ons through the remote NameServer and drops the broker when it goes away', async () => {
    const topic = 'rocket-remote';
    const admin = await kafkajsAdmin(broker.bootstrap);
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
    await waitFor(
      'the route of the new topic',
      async () => (await routeCode(topic)) === ResponseCode.SUCCESS,
      10_000,
    );
    const producer = await aliProducer(namesrvAddr, 'pg-remote');
    try {
      const r = await producer.send(aliMessage(topic, 'T', 'via-remote-namesrv'));
      expect(r.sendStatus).toBe('SEND_OK');
    } finally {
      await producer.close();
    }
    const consumer = await aliConsumer(namesrvAddr, 'cg-remote', topic);
    try {
      const [m] = await consumer.waitFor(1, 30_000);
      expect(m?.body.toString()).toBe('via-remote-namesrv');
    } finally {
      await consumer.close();
    }
    await broker.kill();
    await waitFor(
      'the broker to be dropped',
      async () => (await routeCode(topic)) === ResponseCode.TOPIC_NOT_EXIST,
      10_000,
    );
  });
});
