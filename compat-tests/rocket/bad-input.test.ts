/** Raw remoting frames: unknown codes keep the connection (code 3); malformed frames close it; oneway gets no reply. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { frameWithHeader, RemotingClient } from '../harness/remoting-client.js';

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({ label: 'rocket-bad-input' });
});

afterAll(async () => {
  await stopAllBrokers();
});

const open = (port: number): Promise<RemotingClient> => RemotingClient.open('127.0.0.1', port);

describe('remoting bad input', () => {
  it('answers an unknown code with REQUEST_CODE_NOT_SUPPORTED and keeps the connection', async () => {
    for (const port of [broker.remotingPort, broker.namesrvPort]) {
      const c = await open(port);
      c.write(
        frameWithHeader({ code: 9999, opaque: 41, flag: 0, language: 'JAVA', version: 121, extFields: {} }),
      );
      const reply = await c.next(3000);
      expect(reply).toMatchObject({ code: 3, opaque: 41, flag: 1 });
      // Still usable: a oneway request gets no reply, the next request does.
      c.write(
        frameWithHeader({
          code: 15,
          opaque: 42,
          flag: 2,
          extFields: { consumerGroup: 'g', topic: 't', queueId: 0, commitOffset: 1 },
        }),
      );
      c.write(frameWithHeader({ code: 30, opaque: 43, flag: 0, extFields: { topic: 'none', queueId: 0 } }));
      const next = await c.next(3000);
      // The oneway request was never answered (the NameServer port does not know code 15 either).
      expect(next).toMatchObject({ opaque: 43, code: port === broker.remotingPort ? 0 : 3 });
      c.close();
    }
  });

  it('answers a missing required header field with SYSTEM_ERROR naming it', async () => {
    const c = await open(broker.remotingPort);
    c.write(frameWithHeader({ code: 14, opaque: 5, flag: 0, extFields: { topic: 't', queueId: 0 } }));
    const reply = await c.next(3000);
    expect(reply?.code).toBe(1);
    expect(String(reply?.remark)).toContain('consumerGroup');
    c.close();
  });

  it('closes the connection on garbage, a header length beyond the frame, or an oversized frame', async () => {
    const garbage = Buffer.from('00000008' + '0000000474657374', 'hex'); // header "test" is not JSON
    const beyond = Buffer.from('00000008' + '000000ff7b7d7b7d', 'hex');
    const huge = Buffer.from('7fffffff00000000', 'hex');
    for (const bytes of [garbage, beyond, huge]) {
      const c = await open(broker.remotingPort);
      c.write(bytes);
      expect(await c.closedWithin(3000)).toBe(true);
    }
    // The broker is still serving.
    const c = await open(broker.namesrvPort);
    c.write(frameWithHeader({ code: 206, opaque: 1, flag: 0, extFields: {} }));
    expect((await c.next(3000))?.code).toBe(0);
    c.close();
  });
});
