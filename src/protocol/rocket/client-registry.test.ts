import { describe, expect, it } from 'vitest';
import { ClientRegistry, parseSubscription, type HeartbeatConsumer } from './client-registry.js';
import type { RemotingConnection } from './remoting-connection.js';

const sub = (topic: string, expression = '*'): ReturnType<typeof parseSubscription> =>
  parseSubscription(topic, expression, 1);

const consumer = (
  groupName: string,
  topics: string[],
  messageModel: HeartbeatConsumer['messageModel'] = 'CLUSTERING',
): HeartbeatConsumer => ({ groupName, subscriptions: topics.map((t) => sub(t)), messageModel });

/** A registry on a hand-driven clock that records every change report. */
function setup(expireMs = 1000): {
  registry: ClientRegistry;
  clock: { now: number };
  changes: { group: string; connectionIds: string[] }[];
} {
  const clock = { now: 1_000_000 };
  const changes: { group: string; connectionIds: string[] }[] = [];
  const registry = new ClientRegistry({
    nowMs: () => clock.now,
    expireMs,
    onConsumerIdsChanged: (group, connectionIds) => changes.push({ group, connectionIds }),
  });
  return { registry, clock, changes };
}

/** A connection stub that records whether it was closed. */
function fakeConnection(id: string): RemotingConnection & { closedByBroker: boolean } {
  const c = {
    id,
    remoteAddress: '127.0.0.1',
    remotePort: 1,
    closedByBroker: false,
    get isClosed(): boolean {
      return c.closedByBroker;
    },
    sendRequest: (): never => {
      throw new Error('not used');
    },
    close(): void {
      c.closedByBroker = true;
    },
  };
  return c as RemotingConnection & { closedByBroker: boolean };
}

describe('ClientRegistry membership changes', () => {
  it('reports a new member to every connection of the group, the new one included', () => {
    const { registry, changes } = setup();
    registry.heartbeat('c1', 'client-a', [], [consumer('g', ['t'])]);
    expect(changes).toEqual([{ group: 'g', connectionIds: ['c1'] }]);
    registry.heartbeat('c2', 'client-b', [], [consumer('g', ['t'])]);
    expect(changes[1]).toEqual({ group: 'g', connectionIds: ['c1', 'c2'] });
    expect(registry.consumerIds('g')).toEqual(['client-a', 'client-b']);
  });

  it('a repeated heartbeat with the same topics reports nothing', () => {
    const { registry, changes } = setup();
    registry.heartbeat('c1', 'client-a', [], [consumer('g', ['t', '%RETRY%g'])]);
    registry.heartbeat('c1', 'client-a', [], [consumer('g', ['%RETRY%g', 't'])]);
    expect(changes).toHaveLength(1);
  });

  it('a change of the subscribed topics is reported; a new subVersion alone is not', () => {
    const { registry, changes } = setup();
    registry.heartbeat('c1', 'client-a', [], [consumer('g', ['t'])]);
    registry.heartbeat('c1', 'client-a', [], [consumer('g', ['t', 'u'])]);
    expect(changes).toHaveLength(2);
    registry.heartbeat('c1', 'client-a', [], [consumer('g', ['u'])]);
    expect(changes).toHaveLength(3);
    registry.heartbeat(
      'c1',
      'client-a',
      [],
      [{ groupName: 'g', subscriptions: [parseSubscription('u', 'TagA', 7)] }],
    );
    expect(changes).toHaveLength(3);
    expect(registry.subscription('g', 'u')?.subString).toBe('TagA');
  });

  it('a known client on a new connection is a change', () => {
    const { registry, changes } = setup();
    registry.heartbeat('c1', 'client-a', [], [consumer('g', ['t'])]);
    registry.heartbeat('c9', 'client-a', [], [consumer('g', ['t'])]);
    expect(changes.map((c) => c.connectionIds)).toEqual([['c1'], ['c9']]);
    // The old connection closing no longer removes the client.
    registry.connectionClosed('c1');
    expect(registry.consumerIds('g')).toEqual(['client-a']);
    expect(changes).toHaveLength(2);
  });

  it('broadcasting groups are never reported', () => {
    const { registry, changes } = setup();
    registry.heartbeat('c1', 'client-a', [], [consumer('b', ['t'], 'BROADCASTING')]);
    registry.heartbeat('c2', 'client-b', [], [consumer('b', ['t'], 'BROADCASTING')]);
    registry.unregister('client-a', undefined, 'b');
    registry.connectionClosed('c2');
    expect(changes).toEqual([]);
    expect(registry.consumerIds('b')).toEqual([]);
  });

  it('unregister reports the remaining members, and nothing once the group is empty', () => {
    const { registry, changes } = setup();
    registry.heartbeat('c1', 'client-a', [], [consumer('g', ['t'])]);
    registry.heartbeat('c2', 'client-b', [], [consumer('g', ['t'])]);
    changes.length = 0;
    registry.unregister('client-a', undefined, 'g');
    expect(changes).toEqual([{ group: 'g', connectionIds: ['c2'] }]);
    registry.unregister('client-b', undefined, 'g');
    expect(changes).toHaveLength(1);
    expect(registry.consumerIds('g')).toEqual([]);
  });

  it('a closed connection leaves every group it was in; the others are told', () => {
    const { registry, changes } = setup();
    registry.heartbeat('c1', 'client-a', ['pg'], [consumer('g', ['t']), consumer('h', ['t'])]);
    registry.heartbeat('c2', 'client-b', [], [consumer('g', ['t'])]);
    changes.length = 0;
    registry.connectionClosed('c1');
    expect(changes).toEqual([{ group: 'g', connectionIds: ['c2'] }]);
    expect(registry.consumerIds('g')).toEqual(['client-b']);
    expect(registry.consumerIds('h')).toEqual([]);
    expect(registry.producerConnections('pg')).toEqual([]);
  });
});

describe('ClientRegistry expiry', () => {
  it('drops clients silent longer than expireMs, closes their connections and tells the rest', () => {
    const { registry, clock, changes } = setup(1000);
    const c1 = fakeConnection('c1');
    const c2 = fakeConnection('c2');
    registry.connectionOpened(c1);
    registry.connectionOpened(c2);
    registry.heartbeat('c1', 'client-a', ['pg'], [consumer('g', ['t'])]);
    registry.heartbeat('c2', 'client-b', [], [consumer('g', ['t'])]);
    changes.length = 0;
    clock.now += 600;
    registry.heartbeat('c2', 'client-b', [], [consumer('g', ['t'])]);
    clock.now += 400;
    expect(registry.expire()).toEqual([]); // exactly expireMs of silence is still alive
    clock.now += 1;
    expect(registry.expire()).toEqual(['c1']);
    expect(c1.closedByBroker).toBe(true);
    expect(c2.closedByBroker).toBe(false);
    expect(registry.consumerIds('g')).toEqual(['client-b']);
    expect(registry.producerConnections('pg')).toEqual([]);
    expect(changes).toEqual([{ group: 'g', connectionIds: ['c2'] }]);
    clock.now += 1000;
    expect(registry.expire()).toEqual(['c2']);
    expect(registry.consumerIds('g')).toEqual([]);
    expect(changes).toHaveLength(1);
    // The group stays known for its %RETRY% route.
    expect(registry.knownConsumerGroups()).toEqual(['g']);
  });

  it('defaults to RocketMQ’s 120 s', () => {
    const clock = { now: 0 };
    const registry = new ClientRegistry(() => clock.now);
    expect(registry.expireMs).toBe(120_000);
    registry.heartbeat('c1', 'client-a', [], [consumer('g', ['t'])]);
    clock.now = 120_000;
    registry.expire();
    expect(registry.consumerIds('g')).toEqual(['client-a']);
    clock.now = 120_001;
    registry.expire();
    expect(registry.consumerIds('g')).toEqual([]);
  });
});

describe('ClientRegistry connections', () => {
  it('gives the open connections of a group, in client id order, skipping closed ones', () => {
    const { registry } = setup();
    const [c1, c2, c3] = [fakeConnection('c1'), fakeConnection('c2'), fakeConnection('c3')];
    for (const c of [c1, c2, c3]) registry.connectionOpened(c);
    registry.heartbeat('c2', 'client-b', ['pg'], [consumer('g', ['t'])]);
    registry.heartbeat('c1', 'client-a', ['pg'], [consumer('g', ['t'])]);
    registry.heartbeat('c3', 'client-c', ['pg'], []);
    expect(registry.consumerConnections('g').map((c) => c.id)).toEqual(['c1', 'c2']);
    c2.close();
    expect(registry.consumerConnections('g').map((c) => c.id)).toEqual(['c1']);
    expect(registry.producerConnections('pg').map((c) => c.id)).toEqual(['c1', 'c3']);
    registry.connectionClosed('c3');
    expect(registry.connections.get('c3')).toBeUndefined();
    expect(registry.producerConnections('pg').map((c) => c.id)).toEqual(['c1']);
    expect(registry.messageModel('g')).toBe('CLUSTERING');
  });
});
