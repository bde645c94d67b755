/** SDK message look-ups: QUERY_MESSAGE by a KEYS token and by UNIQ_KEY, VIEW_MESSAGE_BY_ID by offset msgId. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { createTopic } from '../harness/group-admin.js';
import { MessageQuery, RocketClientError, type SendResult } from '../../src/index.js';
import { startProducer } from './sdk-helpers.js';

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({ label: 'rocket-sdk-query' });
});

afterAll(async () => {
  await stopAllBrokers();
});

describe('RocketMQ SDK: message queries', () => {
  it('finds messages by key and by unique key, and views one by its offset msgId', async () => {
    const topic = 'sdk-query';
    await createTopic(broker.bootstrap, topic, 2);
    const producer = await startProducer(broker.nameSrv, 'pg-sdk-query');
    const sent: SendResult[] = [];
    try {
      for (let i = 0; i < 6; i++)
        sent.push(await producer.send({ topic, body: `q${i}`, keys: [`order-${i % 3}`, `item-${i}`] }));
      const query = new MessageQuery(producer.client);
      const order1 = await query.queryByKey(topic, 'order-1');
      expect(order1.map((m) => m.body.toString()).sort()).toEqual(['q1', 'q4']);
      const item5 = await query.queryByKey(topic, 'item-5');
      expect(item5.map((m) => m.body.toString())).toEqual(['q5']);
      expect(await query.queryByKey(topic, 'no-such-key')).toEqual([]);
      const byUniq = await query.queryByKey(topic, sent[2]?.msgId ?? '', { uniqueKey: true });
      expect(byUniq.map((m) => m.body.toString())).toEqual(['q2']);
      const viewed = await query.viewById(sent[3]?.offsetMsgId ?? '');
      expect(viewed.body.toString()).toBe('q3');
      expect(viewed.msgId).toBe(sent[3]?.msgId);
      expect(viewed.keys).toEqual(['order-0', 'item-3']);
      // An offset past the log: the broker answers an error code.
      const bogus = `${(sent[3]?.offsetMsgId ?? '').slice(0, 16)}00000000FFFFFFF0`;
      await expect(query.viewById(bogus)).rejects.toBeInstanceOf(RocketClientError);
    } finally {
      await producer.shutdown();
    }
  });
});
