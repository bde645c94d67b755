/**
 * The SDK's TransactionProducer against a real broker: the local transaction commits or rolls back its
 * half message (END_TRANSACTION, oneway); a producer that died after answering UNKNOW has its
 * transactions resolved by the broker's CHECK_TRANSACTION_STATE to another producer of the group, across
 * a broker restart too.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { TransactionProducer, type LocalTransactionState, type MessageExt } from '../../src/index.js';
import { startBroker, stopAllBrokers } from '../harness/broker.js';
import { createTopic } from '../harness/group-admin.js';
import { startSdkChild } from './sdk-child-process.js';
import { collectingConsumer, fixedPorts, instanceName, pullAll } from './sdk-helpers.js';

afterAll(async () => {
  await stopAllBrokers();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Short check timings: a half message is checked once it is 1 s old, every 300 ms. A pass with no
 * producer connected counts as a check (as in RocketMQ), so the check maximum is raised for the restart.
 */
const TX_FLAGS = [
  '--transaction-check-interval-ms',
  '300',
  '--transaction-timeout-ms',
  '1000',
  '--transaction-check-max',
  '200',
];

describe('RocketMQ SDK: transactional producer', () => {
  it('the local transaction commits or rolls back; consumers see committed messages only', async () => {
    const broker = await startBroker({ label: 'rocket-sdk-tx', extraArgs: TX_FLAGS });
    const topic = 'sdk-tx-local';
    await createTopic(broker.bootstrap, topic, 2);
    const checked: MessageExt[] = [];
    const producer = new TransactionProducer<number>({
      nameServers: broker.nameSrv,
      producerGroup: 'pg-sdk-tx-local',
      instanceName: instanceName('tx'),
      transactionListener: {
        executeLocalTransaction: (msg, arg) => {
          expect(msg.properties?.['TRAN_MSG']).toBe('true');
          expect(msg.properties?.['PGROUP']).toBe('pg-sdk-tx-local');
          return arg % 2 === 0 ? 'COMMIT_MESSAGE' : 'ROLLBACK_MESSAGE';
        },
        checkLocalTransaction: (msg) => {
          checked.push(msg);
          return 'UNKNOW';
        },
      },
    });
    await producer.start();
    const c = await collectingConsumer(
      { nameServers: broker.nameSrv, consumerGroup: 'cg-sdk-tx-local' },
      topic,
    );
    try {
      const committed = new Map<string, string>();
      for (let i = 0; i < 20; i++) {
        const r = await producer.sendMessageInTransaction({ topic, body: `tx${i}`, keys: `k${i}` }, i);
        expect(r.status).toBe('SEND_OK');
        expect(r.transactionId).toBe(r.msgId);
        expect(r.localTransactionState).toBe(i % 2 === 0 ? 'COMMIT_MESSAGE' : 'ROLLBACK_MESSAGE');
        if (i % 2 === 0) committed.set(`tx${i}`, r.transactionId);
      }
      await c.waitFor(10);
      // Longer than a check timeout plus several check passes: rolled-back messages never appear.
      await sleep(2500);
      expect(c.messages.map((m) => m.body.toString()).sort()).toEqual([...committed.keys()].sort());
      for (const m of c.messages) {
        expect(m.topic).toBe(topic);
        // The committed message keeps the producer's UNIQ_KEY (the transaction id) and its keys.
        expect(m.msgId).toBe(committed.get(m.body.toString()));
        expect(m.keys).toEqual([`k${m.body.toString().slice(2)}`]);
      }
      // Every transaction was resolved by END_TRANSACTION: the broker never had to ask.
      expect(checked).toEqual([]);
      const stored = (await pullAll(broker.nameSrv, topic)).flatMap((q) => q.messages);
      expect(stored.map((m) => m.body.toString()).sort()).toEqual([...committed.keys()].sort());
    } finally {
      await c.consumer.shutdown();
      await producer.shutdown();
    }
  });

  for (const restart of [false, true])
    it(`a dead producer's transactions are resolved by check-back to another producer${restart ? ', across a broker restart' : ''}`, async () => {
      const ports = await fixedPorts();
      const broker = await startBroker({
        label: 'rocket-sdk-tx-check',
        extraArgs: [
          ...TX_FLAGS,
          '--remoting-port',
          String(ports.remoting),
          '--namesrv-port',
          String(ports.namesrv),
        ],
      });
      const topic = `sdk-tx-check-${restart ? 'restart' : 'live'}`;
      const group = `pg-sdk-tx-check-${restart ? 'restart' : 'live'}`;
      await createTopic(broker.bootstrap, topic, 2);
      const bodies = ['commit-1', 'rollback-1', 'commit-2', 'rollback-2'];
      // Producer A: half messages, UNKNOW, then SIGKILL (no END_TRANSACTION with an outcome ever).
      const a = startSdkChild('tx-unknown', {
        nameServers: broker.nameSrv,
        group,
        topic,
        bodies,
        instanceName: instanceName('tx-a'),
      });
      await a.waitFor((l) => l === 'READY');
      await a.kill();
      const sent = a.lines
        .filter((l) => l.startsWith('SENT '))
        .map((l) => JSON.parse(l.slice(5)) as { body: string; transactionId: string; state: string });
      expect(sent.map((s) => [s.body, s.state])).toEqual(bodies.map((b) => [b, 'UNKNOW']));
      if (restart) await broker.restart();

      const checks: { body: string; transactionId: string | undefined; topic: string }[] = [];
      const b = new TransactionProducer({
        nameServers: broker.nameSrv,
        producerGroup: group,
        instanceName: instanceName('tx-b'),
        transactionListener: {
          executeLocalTransaction: (): LocalTransactionState => 'ROLLBACK_MESSAGE',
          checkLocalTransaction: (msg) => {
            const body = msg.body.toString();
            checks.push({ body, transactionId: msg.properties['UNIQ_KEY'], topic: msg.topic });
            return body.startsWith('commit') ? 'COMMIT_MESSAGE' : 'ROLLBACK_MESSAGE';
          },
        },
      });
      await b.start();
      const c = await collectingConsumer(
        { nameServers: broker.nameSrv, consumerGroup: `cg-${group}` },
        topic,
      );
      try {
        // B must be connected to the broker to be asked: its heartbeat registers it as a producer of the group.
        await b.producer.publishQueues(topic);
        await b.client.sendHeartbeatToAllBrokers();
        const startedAt = Date.now();
        await c.waitFor(2, 20_000);
        console.log(
          `check-back resolved the transactions ${Date.now() - startedAt} ms after producer B started`,
        );
        // Several more check passes: the rolled-back ones never arrive, nothing arrives twice.
        await sleep(2500);
        expect(c.messages.map((m) => m.body.toString()).sort()).toEqual(['commit-1', 'commit-2']);
        const txOf = new Map(sent.map((s) => [s.body, s.transactionId]));
        for (const m of c.messages) expect(m.msgId).toBe(txOf.get(m.body.toString()));
        // Every transaction was asked about, with its real topic and transaction id.
        expect(new Set(checks.map((k) => k.body))).toEqual(new Set(bodies));
        for (const k of checks) {
          expect(k.topic).toBe(topic);
          expect(k.transactionId).toBe(txOf.get(k.body));
        }
        const stored = (await pullAll(broker.nameSrv, topic)).flatMap((q) => q.messages);
        expect(stored.map((m) => m.body.toString()).sort()).toEqual(['commit-1', 'commit-2']);
      } finally {
        await c.consumer.shutdown();
        await b.shutdown();
      }
    });
});
