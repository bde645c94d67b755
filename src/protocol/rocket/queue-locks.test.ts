import { describe, expect, it } from 'vitest';
import { ProtocolDecodeError } from '../../errors.js';
import { ClientRegistry } from './client-registry.js';
import { decodeLockBatchBody, MAX_LOCK_BATCH_QUEUES } from './processors/lock-batch-mq.js';
import { QueueLocks, type MessageQueueRef } from './queue-locks.js';

const q = (queueId: number, topic = 't'): MessageQueueRef => ({ topic, brokerName: 'b', queueId });

describe('QueueLocks', () => {
  it('gives each queue of a group to one client at a time and returns only what it got', () => {
    const locks = new QueueLocks(60_000, () => 0);
    expect(locks.tryLockBatch('g', 'c1', 'conn1', [q(0), q(1)])).toEqual([q(0), q(1)]);
    expect(locks.tryLockBatch('g', 'c2', 'conn2', [q(1), q(2)])).toEqual([q(2)]);
    expect(locks.owner('g', q(1))).toBe('c1');
    expect(locks.owner('g', q(2))).toBe('c2');
    // Another group locks independently; the same queue of another broker is another queue.
    expect(locks.tryLockBatch('g2', 'c2', 'conn2', [q(0)])).toEqual([q(0)]);
    expect(locks.tryLockBatch('g', 'c2', 'conn2', [{ ...q(0), brokerName: 'other' }])).toHaveLength(1);
    // The owner renews; duplicates in a request count once.
    expect(locks.tryLockBatch('g', 'c1', 'conn1', [q(0), q(0)])).toEqual([q(0)]);
  });

  it('expires a lock expireMs after its last renewal, then another client may take it', () => {
    const clock = { now: 0 };
    const locks = new QueueLocks(60_000, () => clock.now);
    locks.tryLockBatch('g', 'c1', 'conn1', [q(0)]);
    clock.now = 50_000;
    expect(locks.tryLockBatch('g', 'c1', 'conn1', [q(0)])).toEqual([q(0)]); // renewed at 50 s
    clock.now = 100_000;
    expect(locks.tryLockBatch('g', 'c2', 'conn2', [q(0)])).toEqual([]);
    clock.now = 110_001;
    expect(locks.owner('g', q(0))).toBeUndefined();
    expect(locks.tryLockBatch('g', 'c2', 'conn2', [q(0)])).toEqual([q(0)]);
    expect(locks.tryLockBatch('g', 'c1', 'conn1', [q(0)])).toEqual([]);
  });

  it('unlocks only the queues the client holds', () => {
    const locks = new QueueLocks(60_000, () => 0);
    locks.tryLockBatch('g', 'c1', 'conn1', [q(0), q(1)]);
    locks.unlockBatch('g', 'c2', [q(0)]);
    expect(locks.owner('g', q(0))).toBe('c1');
    locks.unlockBatch('g', 'c1', [q(0)]);
    expect(locks.owner('g', q(0))).toBeUndefined();
    expect(locks.tryLockBatch('g', 'c2', 'conn2', [q(0), q(1)])).toEqual([q(0)]);
  });

  it('releases locks when their connection closes or the client unregisters, and sweeps expired ones', () => {
    const clock = { now: 0 };
    const locks = new QueueLocks(1000, () => clock.now);
    const clients = new ClientRegistry();
    clients.onConnectionClosed((id) => locks.releaseConnection(id));
    clients.onConsumerUnregistered((g, c) => locks.releaseClient(g, c));
    locks.tryLockBatch('g', 'c1', 'conn1', [q(0)]);
    locks.tryLockBatch('g', 'c2', 'conn2', [q(1)]);
    locks.tryLockBatch('g3', 'c3', 'conn3', [q(2)]);
    clients.connectionClosed('conn1');
    expect(locks.owner('g', q(0))).toBeUndefined();
    expect(locks.owner('g', q(1))).toBe('c2');
    clients.unregister('c2', undefined, 'g');
    expect(locks.owner('g', q(1))).toBeUndefined();
    expect(locks.size).toBe(1);
    clock.now = 5000;
    locks.sweep();
    expect(locks.size).toBe(0);
  });
});

describe('LockBatchRequestBody', () => {
  it('decodes the JSON a Java client sends', () => {
    const body = Buffer.from(
      JSON.stringify({
        consumerGroup: 'g',
        clientId: '10.0.0.1@1',
        onlyThisBroker: true,
        mqSet: [{ brokerName: 'b', queueId: 3, topic: 't' }],
      }),
    );
    expect(decodeLockBatchBody(body)).toEqual({
      consumerGroup: 'g',
      clientId: '10.0.0.1@1',
      onlyThisBroker: true,
      mqSet: [q(3)],
    });
  });

  it('refuses a missing body, bad JSON, missing fields and too many queues with a decode error', () => {
    const bad = [
      null,
      Buffer.from('{'),
      Buffer.from('[]'),
      Buffer.from(JSON.stringify({ clientId: 'c', mqSet: [] })),
      Buffer.from(JSON.stringify({ consumerGroup: 'g', clientId: 'c', mqSet: [{ topic: 't' }] })),
      Buffer.from(JSON.stringify({ consumerGroup: 'g', clientId: 'c', mqSet: {} })),
      Buffer.from(
        JSON.stringify({
          consumerGroup: 'g',
          clientId: 'c',
          mqSet: Array.from({ length: MAX_LOCK_BATCH_QUEUES + 1 }, (_, i) => q(i)),
        }),
      ),
    ];
    for (const b of bad) expect(() => decodeLockBatchBody(b)).toThrow(ProtocolDecodeError);
  });
});
