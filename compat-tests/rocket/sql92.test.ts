/**
 * SQL92 property filters on the real broker: PULL_MESSAGE with expressionType SQL92 serves only matching
 * messages, both RocketMQ-sent ones (properties) and kafkajs records (headers as properties, key as KEYS);
 * a heartbeat's SQL92 subscription filters pulls that carry none; CHECK_CLIENT_CONFIG validates
 * expressions. The requests are raw remoting: ali-ons has no SQL92 support.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { kafkajsClient } from '../harness/clients/kafkajs.js';
import { createTopic } from '../harness/group-admin.js';
import { RemotingClient } from '../harness/remoting-client.js';
import { RequestCode, ResponseCode } from '../harness/rocket-codes.js';
import { decodeMessages, heartbeat, pull, pullAll, sendV2 } from '../harness/rocket-wire.js';

let broker: BrokerProcess;
const TOPIC = 'sql-orders';

beforeAll(async () => {
  broker = await startBroker({ label: 'rocket-sql92' });
  await createTopic(broker.bootstrap, TOPIC);
  const c = await RemotingClient.open(broker.host, broker.remotingPort);
  try {
    await sendV2(c, 'pg-sql', TOPIC, 0, 'r-eu-3', { TAGS: 'A', region: 'eu', amount: '3' });
    await sendV2(c, 'pg-sql', TOPIC, 0, 'r-us-50', { TAGS: 'B', region: 'us', amount: '50' });
    await sendV2(c, 'pg-sql', TOPIC, 0, 'r-us-none', { TAGS: 'A', region: 'us' });
  } finally {
    c.close();
  }
  const producer = kafkajsClient(broker.bootstrap).producer();
  await producer.connect();
  try {
    await producer.send({
      topic: TOPIC,
      messages: [
        { partition: 0, key: 'k1', value: 'k-eu-70', headers: { region: 'eu', amount: '70', TAGS: 'K' } },
        { partition: 0, key: 'k2', value: 'k-apac-abc', headers: { region: 'apac', amount: 'abc' } },
      ],
    });
  } finally {
    await producer.disconnect();
  }
});

afterAll(async () => {
  await stopAllBrokers();
});

async function matching(expression: string): Promise<string[]> {
  const c = await RemotingClient.open(broker.host, broker.remotingPort);
  try {
    const got = await pullAll(c, 'cg-sql', TOPIC, 0, expression, 'SQL92');
    return got.map((m) => m.body.toString());
  } finally {
    c.close();
  }
}

describe('SQL92 pulls', () => {
  it.each([
    ["region = 'eu'", ['r-eu-3', 'k-eu-70']],
    ['amount > 10', ['r-us-50', 'k-eu-70']], // 'abc' is not a number: no match
    ['amount BETWEEN 1 AND 60', ['r-eu-3', 'r-us-50']],
    ['amount IS NULL', ['r-us-none']],
    // k-apac-abc has no TAGS: TAGS = 'B' is NULL, NOT NULL is NULL, so it does not match.
    ["region IN ('us', 'apac') AND NOT (TAGS = 'B')", ['r-us-none']],
    ["region IN ('us', 'apac') AND (TAGS IS NULL OR TAGS <> 'B')", ['r-us-none', 'k-apac-abc']],
    ["TAGS = 'K' OR KEYS = 'k2'", ['k-eu-70', 'k-apac-abc']],
    ["region <> 'eu'", ['r-us-50', 'r-us-none', 'k-apac-abc']],
    ['amount > 1000', []],
  ])('%s', async (expression, expected) => {
    expect(await matching(expression)).toEqual(expected);
  });

  it('answers a malformed expression with SUBSCRIPTION_PARSE_FAILED', async () => {
    const c = await RemotingClient.open(broker.host, broker.remotingPort);
    try {
      const r = await pull(c, 'cg-sql', TOPIC, 0, 0, "region = 'eu' AND", 'SQL92');
      expect(r.code).toBe(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
    } finally {
      c.close();
    }
  });

  it("filters by the heartbeat's SQL92 subscription when the pull carries none", async () => {
    const c = await RemotingClient.open(broker.host, broker.remotingPort);
    try {
      const hb = await heartbeat(
        c,
        '10.2.2.2@sql',
        [],
        [{ group: 'cg-sql-hb', topic: TOPIC, subString: "region = 'us'", expressionType: 'SQL92' }],
      );
      expect(hb.code).toBe(0);
      // sysFlag 0: no SUBSCRIPTION flag, so the broker uses the heartbeat's expression (Java's default).
      const reply = await c.request(RequestCode.PULL_MESSAGE, {
        consumerGroup: 'cg-sql-hb',
        topic: TOPIC,
        queueId: '0',
        queueOffset: '0',
        maxMsgNums: '32',
        sysFlag: '0',
        commitOffset: '0',
        suspendTimeoutMillis: '0',
        subVersion: '1',
        expressionType: 'SQL92',
      });
      expect(reply.code).toBe(0);
      expect(decodeMessages(reply.body).map((m) => m.body.toString())).toEqual(['r-us-50', 'r-us-none']);
    } finally {
      c.close();
    }
  });
});

describe('CHECK_CLIENT_CONFIG', () => {
  it('accepts valid SQL92 and tags, refuses a bad expression with SUBSCRIPTION_PARSE_FAILED', async () => {
    const c = await RemotingClient.open(broker.host, broker.remotingPort);
    const check = async (subString: string, expressionType: string): Promise<number> => {
      const body = {
        clientId: 'c',
        group: 'g',
        subscriptionData: { topic: TOPIC, subString, expressionType },
      };
      const reply = await c.request(RequestCode.CHECK_CLIENT_CONFIG, {}, Buffer.from(JSON.stringify(body)));
      return reply.code;
    };
    try {
      expect(await check("a IN ('x', 'y') OR b IS NOT NULL", 'SQL92')).toBe(0);
      expect(await check('TagA || TagB', 'TAG')).toBe(0);
      expect(await check('a = NULL', 'SQL92')).toBe(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
      expect(await check("(((a = 'x')", 'SQL92')).toBe(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
      expect(await check(`${'('.repeat(500)}a = 1${')'.repeat(500)}`, 'SQL92')).toBe(
        ResponseCode.SUBSCRIPTION_PARSE_FAILED,
      );
    } finally {
      c.close();
    }
  });
});
