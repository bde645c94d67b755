/**
 * `ferrymq namesrv` and `ferrymq broker --namesrv` as separate processes: the broker registers over TCP,
 * ali-ons finds it through the NameServer, and the NameServer drops the broker when its connection closes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { aliConsumer, aliMessage, aliProducer } from '../harness/clients/ali-ons.js';
import { kafkajsAdmin } from '../harness/clients/kafkajs.js';
import { startNamesrv, stopAllNamesrvs, type NamesrvProcess } from '../harness/namesrv-process.js';

let namesrv: NamesrvProcess;
let namesrvAddr = '';
let namesrvDir = '';
let broker: BrokerProcess;

/** GET_ROUTEINFO_BY_TOPIC (105) over a raw connection: the response code. */
async function routeCode(topic: string): Promise<number> {
  const [host, port] = namesrvAddr.split(':');
  const socket = net.connect({ host, port: Number(port) });
  const h = Buffer.from(
    JSON.stringify({ code: 105, language: 'JAVA', version: 401, opaque: 1, flag: 0, extFields: { topic } }),
  );
  const frame = Buffer.alloc(8 + h.length);
  frame.writeInt32BE(4 + h.length, 0);
  frame.writeInt32BE(h.length, 4);
  h.copy(frame, 8);
  socket.write(frame);
  let got = Buffer.alloc(0);
  for await (const chunk of socket) {
    got = Buffer.concat([got, chunk as Buffer]);
    if (got.length >= 4 && got.length >= 4 + got.readInt32BE(0)) break;
  }
  socket.destroy();
  const headerLength = got.readInt32BE(4) & 0xffffff;
  return (JSON.parse(got.toString('utf8', 8, 8 + headerLength)) as { code: number }).code;
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
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
    await until(async () => (await routeCode(topic)) === 0, 10_000, 'the route of the new topic');
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
    await until(async () => (await routeCode(topic)) === 17, 10_000, 'the broker to be dropped');
  });
});
