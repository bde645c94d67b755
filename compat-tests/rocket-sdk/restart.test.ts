/**
 * The SDK across a broker restart (SIGTERM, same ports): the producer's next send reconnects, the push
 * consumer's pulls reconnect and it goes on from its offsets with nothing lost.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers } from '../harness/broker.js';
import { createTopic } from '../harness/group-admin.js';
import { collectingConsumer, fixedPorts, startProducer } from './sdk-helpers.js';

afterAll(async () => {
  await stopAllBrokers();
});

describe('RocketMQ SDK: broker restart', () => {
  it('producer and push consumer reconnect; every message is consumed', async () => {
    const ports = await fixedPorts();
    const broker = await startBroker({
      label: 'rocket-sdk-restart',
      extraArgs: ['--remoting-port', String(ports.remoting), '--namesrv-port', String(ports.namesrv)],
    });
    const topic = 'sdk-restart';
    await createTopic(broker.bootstrap, topic, 2);
    const producer = await startProducer(broker.nameSrv, 'pg-sdk-restart');
    const c = await collectingConsumer(
      { nameServers: broker.nameSrv, consumerGroup: 'cg-sdk-restart' },
      topic,
    );
    try {
      for (let i = 0; i < 40; i++) await producer.send({ topic, body: `m${i}` });
      await c.waitFor(40);
      await broker.restart();
      expect(broker.nameSrv).toBe(`127.0.0.1:${ports.namesrv}`);
      const restartedAt = Date.now();
      for (let i = 40; i < 80; i++) {
        const r = await producer.send({ topic, body: `m${i}` });
        expect(r.status).toBe('SEND_OK');
      }
      await c.waitFor(80, 30_000);
      console.log(`consumer caught up ${Date.now() - restartedAt} ms after the restart`);
      await new Promise((r) => setTimeout(r, 1000));
      const bodies = new Set(c.messages.map((m) => m.body.toString()));
      expect(bodies.size).toBe(80);
      // The consumer goes on from its offsets: nothing from the first 40 comes back.
      expect(c.messages.length).toBe(80);
    } finally {
      await c.consumer.shutdown();
      await producer.shutdown();
    }
  });
});
