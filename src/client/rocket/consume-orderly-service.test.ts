import { describe, expect, it } from 'vitest';
import type { BrokerApi } from './broker-api.js';
import { silentLogger } from './client-logger.js';
import { ConsumeOrderlyService, type MessageListenerOrderly } from './consume-orderly-service.js';
import type { MessageExt } from './message.js';
import type { OffsetStore } from './offset-store.js';
import { ProcessQueue } from './process-queue.js';
import { mqKey, type MessageQueue } from './topic-route.js';

const mq: MessageQueue = { topic: 't', brokerName: 'b', queueId: 0 };

function msg(offset: number): MessageExt {
  return {
    topic: 't',
    brokerName: 'b',
    queueId: 0,
    queueOffset: offset,
    commitLogOffset: BigInt(offset * 100),
    msgId: `m${offset}`,
    offsetMsgId: '',
    body: Buffer.from(`m${offset}`),
    tags: undefined,
    keys: [],
    properties: {},
    flag: 0,
    sysFlag: 0,
    bornTimestamp: 0,
    storeTimestamp: 0,
    bornHost: '',
    storeHost: '',
    reconsumeTimes: 0,
    preparedTransactionOffset: 0n,
  };
}

/** A fake consumer: the broker grants locks while `grant` is true and records the calls. */
function fixture(listener: MessageListenerOrderly, maxReconsumeTimes?: number) {
  const calls: string[] = [];
  const offsets = new Map<string, number>();
  const state = { grant: true };
  const api = {
    lockBatch: async (_b: string, _g: string, mqs: readonly MessageQueue[]) => {
      calls.push(`lock ${mqs.length}`);
      return state.grant ? [...mqs] : [];
    },
    unlockBatch: async (_b: string, _g: string, mqs: readonly MessageQueue[]) => {
      calls.push(`unlock ${mqs.length}`);
    },
    sendMessageBack: async (_g: string, m: MessageExt, delayLevel: number) => {
      calls.push(`back ${m.msgId} ${delayLevel}`);
    },
  } as unknown as BrokerApi;
  const offsetStore: OffsetStore = {
    load: async () => undefined,
    read: async () => -1,
    update: (q, o) => void offsets.set(mqKey(q), o),
    current: (q) => offsets.get(mqKey(q)) ?? -1,
    persist: async (qs) => void calls.push(`persist ${qs.map((q) => offsets.get(mqKey(q))).join(',')}`),
    remove: () => undefined,
  };
  const service = new ConsumeOrderlyService(
    {
      api,
      group: 'g',
      messageModel: 'CLUSTERING',
      offsetStore,
      client: { log: silentLogger },
      options: maxReconsumeTimes === undefined ? {} : { maxReconsumeTimes },
    },
    listener,
    { suspendCurrentQueueTimeMillis: 5, lockIntervalMs: 60_000 },
  );
  return { service, calls, offsets, state };
}

describe('ConsumeOrderlyService', () => {
  it('pulls only a locked queue and commits after each successful message', async () => {
    const seen: number[] = [];
    const f = fixture((msgs) => {
      seen.push(...msgs.map((m) => m.queueOffset));
    });
    const pq = new ProcessQueue(mq);
    expect(await f.service.canPull(pq)).toBe(false); // not assigned
    await f.service.onAssigned([mq]);
    expect(await f.service.canPull(pq)).toBe(true);
    expect(pq.locked).toBe(true);
    await f.service.consume(pq, [msg(0), msg(1), msg(2)]);
    expect(seen).toEqual([0, 1, 2]);
    expect(f.offsets.get(mqKey(mq))).toBe(3);
    expect(pq.resumeOffset).toBeNull();
    await f.service.onRevoked([mq]);
    expect(f.calls).toEqual(['lock 1', 'persist 3', 'unlock 1']);
    f.service.shutdown();
  });

  it('stops inside a batch when the lock is lost and says where to resume', async () => {
    const pq = new ProcessQueue(mq);
    const ref: { f?: ReturnType<typeof fixture> } = {};
    const f = fixture(async (msgs) => {
      const self = ref.f;
      if (msgs[0]?.queueOffset === 1 && self !== undefined) {
        // The renewal fails while message 1 is consumed: message 2 must not be consumed.
        self.state.grant = false;
        await (self.service as unknown as { lockAll(): Promise<void> }).lockAll();
      }
    });
    ref.f = f;
    await f.service.onAssigned([mq]);
    await f.service.consume(pq, [msg(0), msg(1), msg(2), msg(3)]);
    expect(f.offsets.get(mqKey(mq))).toBe(2);
    expect(pq.resumeOffset).toBe(2);
    expect(await f.service.canPull(pq)).toBe(false);
    f.service.shutdown();
  });

  it('SUSPEND redelivers the same message, then sends it to the DLQ past maxReconsumeTimes', async () => {
    const seen: string[] = [];
    const f = fixture((msgs) => {
      const m = msgs[0] as MessageExt;
      seen.push(`${m.queueOffset}/${m.reconsumeTimes}`);
      return m.queueOffset === 1 ? 'SUSPEND_CURRENT_QUEUE_A_MOMENT' : 'SUCCESS';
    }, 2);
    const pq = new ProcessQueue(mq);
    await f.service.onAssigned([mq]);
    await f.service.consume(pq, [msg(0), msg(1), msg(2)]);
    expect(seen).toEqual(['0/0', '1/0', '1/1', '1/2', '2/0']);
    expect(f.calls).toContain('back m1 -1');
    expect(f.offsets.get(mqKey(mq))).toBe(3);
    f.service.shutdown();
  });
});
