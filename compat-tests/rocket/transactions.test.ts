/**
 * RocketMQ transactional messages against the real broker: half messages are invisible to an ali-ons
 * consumer until END_TRANSACTION commits them, rollbacks never appear, a producer connection answering
 * CHECK_TRANSACTION_STATE resolves a forgotten transaction, a half message survives kill -9 and is
 * checked after the restart, and one checked transactionCheckMax times lands in TRANS_CHECK_MAX_TIME_TOPIC.
 * ali-ons cannot send transactions, so the producer side is raw remoting (compat-tests/harness/rocket-wire.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { aliConsumer } from '../harness/clients/ali-ons.js';
import { createTopic } from '../harness/group-admin.js';
import { RemotingClient } from '../harness/remoting-client.js';
import {
  CheckedProducer,
  endTransaction,
  pullAll,
  sendV2,
  type WireMessage,
} from '../harness/rocket-wire.js';

afterAll(async () => {
  await stopAllBrokers();
});

const FAST_CHECKS = (checkMax: number): string[] => [
  '--transaction-check-interval-ms',
  '300',
  '--transaction-timeout-ms',
  '500',
  '--transaction-check-max',
  String(checkMax),
];

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Pulls a queue every 100 ms until it holds messages, at most `tries` times: what it got last. */
async function pullUntilAny(
  c: RemotingClient,
  group: string,
  topic: string,
  queueId: number,
  tries: number,
): Promise<WireMessage[]> {
  let got: WireMessage[] = [];
  for (let i = 0; i < tries && got.length === 0; i++) {
    await sleep(100);
    got = await pullAll(c, group, topic, queueId);
  }
  return got;
}

describe('transactional messages', () => {
  it('keeps half messages from an ali-ons consumer until commit; a rollback never arrives', async () => {
    // Default check interval (60 s): nothing but END_TRANSACTION resolves these.
    const broker = await startBroker({ label: 'rocket-tx-visibility' });
    const topic = 'tx-visibility';
    const group = 'pg-tx-visibility';
    await createTopic(broker.bootstrap, topic);
    const consumer = await aliConsumer(broker.nameSrv, 'cg-tx-visibility', topic);
    const c = await RemotingClient.open(broker.host, broker.remotingPort);
    try {
      const tx = { TRAN_MSG: 'true', PGROUP: group };
      const commitMe = await sendV2(c, group, topic, 0, 'commit-me', { ...tx, UNIQ_KEY: 'u1' });
      const rollMe = await sendV2(c, group, topic, 0, 'roll-me-back', { ...tx, UNIQ_KEY: 'u2' });
      const later = await sendV2(c, group, topic, 0, 'commit-later', { ...tx, UNIQ_KEY: 'u3' });
      await sendV2(c, group, topic, 0, 'plain', {});
      await consumer.waitFor(1);
      await sleep(2000);
      expect(consumer.messages.map((m) => m.body.toString())).toEqual(['plain']);
      endTransaction(c, group, commitMe, 8);
      endTransaction(c, group, rollMe, 12);
      await consumer.waitFor(2);
      await sleep(2000);
      expect(consumer.messages.map((m) => m.body.toString())).toEqual(['plain', 'commit-me']);
      endTransaction(c, group, later, 8);
      // A second commit of the same transaction is not delivered twice.
      endTransaction(c, group, commitMe, 8);
      await consumer.waitFor(3);
      await sleep(1500);
      const bodies = consumer.messages.map((m) => m.body.toString());
      expect(bodies).toEqual(['plain', 'commit-me', 'commit-later']);
      const committed = consumer.messages[1];
      expect(committed?.properties['TRAN_MSG']).toBeUndefined();
      expect(committed?.properties['REAL_TOPIC']).toBeUndefined();
      expect(committed?.properties['PGROUP']).toBe(group);
      expect(consumer.errors).toEqual([]);
    } finally {
      c.close();
      await consumer.close();
    }
  });

  it('asks a live producer of the group with CHECK_TRANSACTION_STATE and commits on its answer', async () => {
    const broker = await startBroker({ label: 'rocket-tx-check', extraArgs: FAST_CHECKS(15) });
    const topic = 'tx-check';
    const group = 'pg-tx-check';
    await createTopic(broker.bootstrap, topic, 2);
    const producer = await CheckedProducer.open(broker.host, broker.remotingPort, group, '10.1.1.1@check');
    const c = await RemotingClient.open(broker.host, broker.remotingPort);
    try {
      const started = Date.now();
      // The sender "crashes" before END_TRANSACTION: only the check can resolve it.
      await sendV2(c, group, topic, 1, 'forgotten', { TRAN_MSG: 'true', PGROUP: group, UNIQ_KEY: 'uk-f' });
      expect(await pullAll(c, 'reader', topic, 1)).toEqual([]);
      await producer.waitForChecks(1);
      const check = producer.checks[0];
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
      expect(check?.extFields['msgId']).toBe('uk-f');
      expect(check?.message?.topic).toBe(topic);
      expect(check?.message?.queueId).toBe(1);
      expect(check?.message?.body.toString()).toBe('forgotten');
      expect(check?.message?.properties['TRANSACTION_CHECK_TIMES']).toBe('1');
      producer.answer(check ?? { extFields: {} }, 8);
      const delivered = await pullUntilAny(c, 'reader', topic, 1, 50);
      expect(delivered.map((m) => m.body.toString())).toEqual(['forgotten']);
      expect((delivered[0]?.sysFlag ?? 0) & 0xc).toBe(0x8);
      // Resolved: no further checks.
      const seen = producer.checks.length;
      await sleep(1500);
      expect(producer.checks.length).toBe(seen);
    } finally {
      c.close();
      producer.close();
    }
  });

  it('moves a half message nobody resolves to TRANS_CHECK_MAX_TIME_TOPIC after transactionCheckMax checks', async () => {
    const broker = await startBroker({ label: 'rocket-tx-checkmax', extraArgs: FAST_CHECKS(2) });
    const topic = 'tx-checkmax';
    const group = 'pg-tx-checkmax';
    await createTopic(broker.bootstrap, topic);
    const producer = await CheckedProducer.open(broker.host, broker.remotingPort, group, '10.1.1.2@silent');
    const c = await RemotingClient.open(broker.host, broker.remotingPort);
    try {
      await sendV2(c, group, topic, 0, 'undecided', { TRAN_MSG: 'true', PGROUP: group });
      const discarded = await pullUntilAny(c, 'admin', 'TRANS_CHECK_MAX_TIME_TOPIC', 0, 100);
      expect(discarded.map((m) => m.body.toString())).toEqual(['undecided']);
      expect(discarded[0]?.properties['REAL_TOPIC']).toBe(topic);
      // Checked exactly transactionCheckMax times, answered "unknown" each time.
      expect(producer.checks.map((k) => k.message?.properties['TRANSACTION_CHECK_TIMES'])).toEqual([
        '1',
        '2',
      ]);
      for (const k of producer.checks) producer.answer(k, 0);
      await sleep(1500);
      expect(producer.checks).toHaveLength(2);
      expect(await pullAll(c, 'reader', topic, 0)).toEqual([]);
    } finally {
      c.close();
      producer.close();
    }
  });

  it('keeps a half message across kill -9 and checks it after the restart', async () => {
    const broker: BrokerProcess = await startBroker({
      label: 'rocket-tx-crash',
      flushMode: 'sync',
      extraArgs: FAST_CHECKS(15),
    });
    const topic = 'tx-crash';
    const group = 'pg-tx-crash';
    await createTopic(broker.bootstrap, topic);
    let c = await RemotingClient.open(broker.host, broker.remotingPort);
    await sendV2(c, group, topic, 0, 'survivor', { TRAN_MSG: 'true', PGROUP: group, UNIQ_KEY: 'uk-s' });
    c.close();
    await broker.kill();
    await broker.start();
    const producer = await CheckedProducer.open(broker.host, broker.remotingPort, group, '10.1.1.3@after');
    c = await RemotingClient.open(broker.host, broker.remotingPort);
    try {
      expect(await pullAll(c, 'reader', topic, 0)).toEqual([]);
      await producer.waitForChecks(1);
      const check = producer.checks[0];
      expect(check?.message?.body.toString()).toBe('survivor');
      expect(check?.extFields['transactionId']).toBe('uk-s');
      producer.answer(check ?? { extFields: {} }, 8);
      const delivered = await pullUntilAny(c, 'reader', topic, 0, 50);
      expect(delivered.map((m) => m.body.toString())).toEqual(['survivor']);
    } finally {
      c.close();
      producer.close();
    }
  });
});
