import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../logger.js';
import { decodeRocketMessage } from '../../model/index.js';
import { parseSubscription } from './client-registry.js';
import { writeRocketMessage } from './message-writer.js';
import type { RocketProcessor, RocketReply } from './processor.js';
import { checkClientConfigProcessor } from './processors/check-client-config.js';
import { pullMessageProcessor } from './processors/pull-message.js';
import { ResponseCode } from './response-codes.js';
import type { RocketServices } from './services.js';
import { TestStores, testMessage, testRequest, testServices } from './test-services.js';

const log = createSilentLogger();
const fixtures = new TestStores(log);

afterEach(() => fixtures.closeAll());

async function world(): Promise<RocketServices> {
  const store = await fixtures.openAt(fixtures.tempDir());
  await store.createTopic('t', 1, {});
  const services = testServices(store);
  const messages: Record<string, string>[] = [
    { TAGS: 'A', a: '1', region: 'eu' },
    { TAGS: 'B', a: '5', region: 'us' },
    { TAGS: 'A', a: '9', region: 'us' },
    { TAGS: 'C', region: 'eu' },
  ];
  for (const [i, p] of messages.entries()) {
    const w = await writeRocketMessage(services, log, testMessage('t', p, `m${i}`));
    expect(w.status).toBe('ok');
  }
  return services;
}

function call(
  services: RocketServices,
  processor: RocketProcessor,
  extFields: Record<string, string>,
  body: Buffer | null = null,
): Promise<RocketReply> {
  return Promise.resolve(processor.process(testRequest(services, log, processor.code, extFields, body)));
}

function pull(services: RocketServices, extra: Record<string, string>, sysFlag = 4): Promise<RocketReply> {
  return call(services, pullMessageProcessor, {
    consumerGroup: 'g',
    topic: 't',
    queueId: '0',
    queueOffset: '0',
    maxMsgNums: '32',
    sysFlag: String(sysFlag),
    commitOffset: '0',
    suspendTimeoutMillis: '0',
    subVersion: '1',
    ...extra,
  });
}

function bodies(r: RocketReply): string[] {
  const out: string[] = [];
  for (const chunk of Array.isArray(r.body) ? r.body : r.body ? [r.body] : [])
    out.push(decodeRocketMessage(chunk as Buffer).message.body.toString());
  return out;
}

describe('SQL92 pulls', () => {
  it('serves only the messages whose properties match the selector in the request', async () => {
    const s = await world();
    const r = await pull(s, { subscription: "region = 'us' AND a > 2", expressionType: 'SQL92' });
    expect(r.code).toBe(ResponseCode.SUCCESS);
    expect(bodies(r)).toEqual(['m1', 'm2']);
    expect(r.extFields?.['nextBeginOffset']).toBe('4');
    expect(bodies(await pull(s, { subscription: "TAGS IN ('A')", expressionType: 'SQL92' }))).toEqual([
      'm0',
      'm2',
    ]);
    expect(bodies(await pull(s, { subscription: 'a IS NULL', expressionType: 'SQL92' }))).toEqual(['m3']);
  });

  it('answers PULL_RETRY_IMMEDIATELY past the scanned messages when none matches', async () => {
    const s = await world();
    const r = await pull(s, { subscription: 'a > 100', expressionType: 'SQL92' });
    expect(r.code).toBe(ResponseCode.PULL_RETRY_IMMEDIATELY);
    expect(r.extFields?.['nextBeginOffset']).toBe('4');
  });

  it('answers SUBSCRIPTION_PARSE_FAILED for a bad expression or type, SYSTEM_ERROR when filtering is off', async () => {
    const s = await world();
    expect((await pull(s, { subscription: 'a >', expressionType: 'SQL92' })).code).toBe(
      ResponseCode.SUBSCRIPTION_PARSE_FAILED,
    );
    expect((await pull(s, { subscription: 'a = 1', expressionType: 'XPATH' })).code).toBe(
      ResponseCode.SUBSCRIPTION_PARSE_FAILED,
    );
    s.enablePropertyFilter = false;
    expect((await pull(s, { subscription: 'a = 1', expressionType: 'SQL92' })).code).toBe(
      ResponseCode.SYSTEM_ERROR,
    );
    // Tags still work with filtering off.
    expect(bodies(await pull(s, { subscription: 'A', expressionType: 'TAG' }))).toEqual(['m0', 'm2']);
  });

  it('uses the SQL92 subscription of the heartbeat when the pull carries none', async () => {
    const s = await world();
    s.clients.heartbeat(
      'conn',
      'c1',
      [],
      [{ groupName: 'g', subscriptions: [parseSubscription('t', "region = 'eu'", 1, 'SQL92')] }],
    );
    expect(bodies(await pull(s, { expressionType: 'SQL92' }, 0))).toEqual(['m0', 'm3']);
    s.clients.heartbeat(
      'conn',
      'c1',
      [],
      [{ groupName: 'g', subscriptions: [parseSubscription('t', 'region =', 1, 'SQL92')] }],
    );
    expect((await pull(s, { expressionType: 'SQL92' }, 0)).code).toBe(ResponseCode.FILTER_DATA_NOT_EXIST);
  });
});

describe('CHECK_CLIENT_CONFIG', () => {
  const body = (subString: string, expressionType?: string): Buffer =>
    Buffer.from(
      JSON.stringify({
        clientId: 'c',
        group: 'g',
        subscriptionData: { topic: 't', subString, expressionType },
      }),
    );

  it('accepts tags and valid SQL92, refuses bad SQL92 and unknown types', async () => {
    const s = await world();
    expect((await call(s, checkClientConfigProcessor, {}, body('A || B', 'TAG'))).code).toBe(
      ResponseCode.SUCCESS,
    );
    expect((await call(s, checkClientConfigProcessor, {}, body('a BETWEEN 1 AND 2', 'SQL92'))).code).toBe(
      ResponseCode.SUCCESS,
    );
    const bad = await call(s, checkClientConfigProcessor, {}, body('a BETWEEN 2 AND 1', 'SQL92'));
    expect(bad.code).toBe(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
    expect(bad.remark).toMatch(/BETWEEN/);
    expect((await call(s, checkClientConfigProcessor, {}, body('x', 'XPATH'))).code).toBe(
      ResponseCode.SUBSCRIPTION_PARSE_FAILED,
    );
    s.enablePropertyFilter = false;
    expect((await call(s, checkClientConfigProcessor, {}, body('a = 1', 'SQL92'))).code).toBe(
      ResponseCode.SYSTEM_ERROR,
    );
  });
});
