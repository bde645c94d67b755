/**
 * More consumer-group proofs (issue 3), beside consumer-groups.test.ts: @platformatic/kafka group
 * consumers (three members, one leaves, committed offsets across a restart), `kcat -G` balanced
 * consumers (three processes split a topic, a new one resumes from the commits), and a member killed
 * with SIGKILL whose partitions the others take over after the session timeout.
 */
import { Consumer } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import {
  committedOffsets,
  createTopic,
  describeGroup,
  exactlyOnce,
  groupLag,
  onceReport,
  produceKeyed,
  sleep,
  waitFor,
} from '../harness/group-admin.js';
import { KcatGroupMember } from '../harness/kcat-group-member.js';

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({
    label: 'consumer-groups-more',
    extraArgs: ['--group-initial-rebalance-delay-ms', '200'],
  });
});

afterAll(async () => {
  await stopAllBrokers();
});

const brokerLog = (): string => broker.logTail(20);

async function waitForGroup(
  groupId: string,
  state: string,
  members: number,
  timeoutMs = 30_000,
): Promise<void> {
  await waitFor(
    `group ${groupId} ${state} with ${members} members`,
    async () => {
      const g = await describeGroup(broker.bootstrap, groupId);
      return g.state === state && g.members === members;
    },
    timeoutMs,
    brokerLog,
  );
}

async function waitForZeroLag(groupId: string, topic: string): Promise<void> {
  await waitFor(
    `${groupId}: every offset committed`,
    async () => (await groupLag(broker.bootstrap, groupId, topic)).every((l) => l === 0),
    30_000,
    brokerLog,
  );
}

interface PlatformaticMember {
  consumer: Consumer;
  close: () => Promise<void>;
}

/** A @platformatic/kafka group member that records every key and commits each record after it. */
async function platformaticMember(
  groupId: string,
  topic: string,
  name: string,
  seen: { member: string; key: string }[],
  commitErrors: string[],
): Promise<PlatformaticMember> {
  const consumer = new Consumer({
    clientId: `compat-${name}`,
    groupId,
    bootstrapBrokers: [broker.bootstrap],
    sessionTimeout: 10_000,
    rebalanceTimeout: 10_000,
    heartbeatInterval: 500,
    timeout: 30_000,
    retries: 3,
    retryDelay: 200,
  });
  const stream = await consumer.consume({
    topics: [topic],
    mode: 'committed',
    fallbackMode: 'earliest',
    autocommit: false,
    maxWaitTime: 500,
  });
  stream.on('data', (message) => {
    seen.push({ member: name, key: message.key.toString('utf8') });
    const done = message.commit();
    if (done instanceof Promise) done.catch((e: unknown) => commitErrors.push(`${name}: ${String(e)}`));
  });
  stream.on('error', (e: unknown) => commitErrors.push(`${name} stream: ${String(e)}`));
  const close = (): Promise<void> =>
    new Promise((resolve, reject) => {
      // force: closes the open stream, then LeaveGroup
      consumer.close(true, (error) => {
        if (error) reject(error);
        else resolve();
      });
    });
  return { consumer, close };
}

describe('@platformatic/kafka group consumers', () => {
  it('three members consume each record once, two carry on after one leaves, commits survive a restart', async () => {
    const topic = 'groups-more-platformatic';
    const groupId = 'g-more-platformatic';
    await createTopic(broker.bootstrap, topic, 6);
    const seen: { member: string; key: string }[] = [];
    const commitErrors: string[] = [];
    const members = await Promise.all(
      ['m0', 'm1', 'm2'].map((name) => platformaticMember(groupId, topic, name, seen, commitErrors)),
    );
    const open = new Set(members);
    try {
      await waitForGroup(groupId, 'Stable', 3);
      const first = await produceKeyed(broker.bootstrap, topic, 6, 'pa', 600);
      await waitFor('600 records consumed', () => seen.length >= 600, 30_000, brokerLog);
      await sleep(500);
      expect(
        onceReport(
          first,
          seen.map((s) => s.key),
        ),
        'first 600 records between three members',
      ).toEqual(exactlyOnce(first));
      expect(new Set(seen.map((s) => s.member)), 'every member consumed something').toEqual(
        new Set(['m0', 'm1', 'm2']),
      );
      await waitForZeroLag(groupId, topic);

      const leaving = members[2];
      if (leaving === undefined) throw new Error('no third member');
      await leaving.close(); // LeaveGroup; the other two rebalance
      open.delete(leaving);
      await waitForGroup(groupId, 'Stable', 2);
      // @platformatic/kafka 1.35 delivers what a long-poll Fetch issued under the previous assignment
      // returns, even for a partition it no longer owns (the new owner reads it too). Let such a Fetch
      // (maxWaitTime 500 ms) run out empty before producing, so that exactly-once is well defined.
      await sleep(1_500);
      seen.length = 0;
      const second = await produceKeyed(broker.bootstrap, topic, 6, 'pb', 300);
      await waitFor('300 more records consumed', () => seen.length >= 300, 30_000, brokerLog);
      await sleep(500);
      expect(
        onceReport(
          second,
          seen.map((s) => s.key),
        ),
        'next 300 records between the two remaining members',
      ).toEqual(exactlyOnce(second));
      expect(
        seen.filter((s) => s.member === 'm2'),
        'the member that left consumed nothing',
      ).toEqual([]);
      await waitForZeroLag(groupId, topic);
    } finally {
      for (const m of open) await m.close();
    }
    expect(commitErrors, 'commit errors').toEqual([]);
    await waitForGroup(groupId, 'Empty', 0);

    await broker.restart();
    expect(
      [...(await committedOffsets(broker.bootstrap, groupId, topic))].sort(([a], [b]) => a - b),
      'committed offsets after a clean restart',
    ).toEqual([0, 1, 2, 3, 4, 5].map((p) => [p, '150']));

    seen.length = 0;
    const third = await produceKeyed(broker.bootstrap, topic, 6, 'pc', 60);
    const again = await platformaticMember(groupId, topic, 'm3', seen, commitErrors);
    try {
      await waitFor('60 records after the restart', () => seen.length >= 60, 30_000, brokerLog);
      await sleep(1_000);
      expect(
        onceReport(
          third,
          seen.map((s) => s.key),
        ),
        'a new member resumes after the committed offsets',
      ).toEqual(exactlyOnce(third));
      await waitForZeroLag(groupId, topic);
    } finally {
      await again.close();
    }
    expect(commitErrors, 'commit errors').toEqual([]);
  });
});

async function stopAll(members: readonly KcatGroupMember[], signal: 'SIGINT' | 'SIGKILL'): Promise<void> {
  await Promise.all(members.map((m) => m.stop(signal)));
}

describe('kcat -G (librdkafka 2.0.2 balanced consumer)', () => {
  it('three kcat -G processes split a topic once, two carry on after one leaves, commits survive a restart', async () => {
    const topic = 'groups-more-kcat';
    const groupId = 'g-more-kcat';
    await createTopic(broker.bootstrap, topic, 6);
    const options = { bootstrap: broker.bootstrap, groupId, topic };
    const members = [0, 1, 2].map(() => new KcatGroupMember(options));
    const stderrs = (): string => members.map((m) => m.errors()).join('\n');
    const [m0, m1, leaving] = members;
    if (m0 === undefined || m1 === undefined || leaving === undefined) throw new Error('three members');
    try {
      await waitForGroup(groupId, 'Stable', 3);
      const first = await produceKeyed(broker.bootstrap, topic, 6, 'ka', 600);
      const allKeys = (): string[] => members.flatMap((m) => m.keys());
      await waitFor('600 records consumed', () => allKeys().length >= 600, 30_000, stderrs);
      await waitForZeroLag(groupId, topic);
      expect(onceReport(first, allKeys()), 'kcat -G: 600 records between three members').toEqual(
        exactlyOnce(first),
      );
      const partitionsOf = members.map((m) => [...new Set(m.records.map((r) => r.partition))]);
      expect(
        partitionsOf.map((p) => p.length),
        'two partitions per member (range or roundrobin over 6)',
      ).toEqual([2, 2, 2]);
      expect(partitionsOf.flat().sort(), 'each partition read by exactly one member').toEqual([
        0, 1, 2, 3, 4, 5,
      ]);

      expect(await leaving.stop('SIGINT'), 'kcat exit code after SIGINT').toBe(0); // commit + LeaveGroup
      await waitForGroup(groupId, 'Stable', 2);
      const survivors = [m0, m1];
      const before = survivors.map((m) => m.records.length);
      const newKeys = (): string[] => survivors.flatMap((m, i) => m.keys().slice(before[i]));
      const second = await produceKeyed(broker.bootstrap, topic, 6, 'kb', 300);
      await waitFor('300 more records consumed', () => newKeys().length >= 300, 30_000, stderrs);
      await sleep(1_000);
      expect(onceReport(second, newKeys()), 'next 300 records between the two remaining members').toEqual(
        exactlyOnce(second),
      );
      await waitForZeroLag(groupId, topic);
    } finally {
      const codes = await Promise.all(members.map((m) => m.stop('SIGINT')));
      expect(codes, 'kcat exit codes after SIGINT').toEqual([0, 0, 0]);
    }
    await waitForGroup(groupId, 'Empty', 0);
    expect(await groupLag(broker.bootstrap, groupId, topic), 'lag after SIGINT').toEqual([0, 0, 0, 0, 0, 0]);

    await broker.restart();
    expect(
      [...(await committedOffsets(broker.bootstrap, groupId, topic))].sort(([a], [b]) => a - b),
      'committed offsets after a clean restart',
    ).toEqual([0, 1, 2, 3, 4, 5].map((p) => [p, '150']));
    const third = await produceKeyed(broker.bootstrap, topic, 6, 'kc', 120);
    const again = new KcatGroupMember({ ...options, bootstrap: broker.bootstrap });
    try {
      await waitFor(
        '120 records after the restart',
        () => again.records.length >= 120,
        30_000,
        () => again.errors(),
      );
      await sleep(1_000);
      expect(onceReport(third, again.keys()), 'a new kcat -G resumes after the committed offsets').toEqual(
        exactlyOnce(third),
      );
    } finally {
      expect(await again.stop('SIGINT')).toBe(0);
    }
    expect(await groupLag(broker.bootstrap, groupId, topic)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('a member killed with SIGKILL', () => {
  it('kcat -G: the others take over its partitions after the session timeout', async () => {
    const topic = 'groups-more-kill';
    const groupId = 'g-more-kill';
    const sessionTimeoutMs = 6_000;
    await createTopic(broker.bootstrap, topic, 6);
    const options = {
      bootstrap: broker.bootstrap,
      groupId,
      topic,
      config: { 'session.timeout.ms': String(sessionTimeoutMs) },
    };
    const members = [0, 1, 2].map(() => new KcatGroupMember(options));
    const [m0, m1, victim] = members;
    if (m0 === undefined || m1 === undefined || victim === undefined) throw new Error('three members');
    const survivors = [m0, m1];
    const stderrs = (): string => members.map((m) => m.errors()).join('\n');
    try {
      await waitForGroup(groupId, 'Stable', 3);
      const first = await produceKeyed(broker.bootstrap, topic, 6, 'xa', 600);
      await waitFor(
        '600 records consumed',
        () => members.flatMap((m) => m.keys()).length >= 600,
        30_000,
        stderrs,
      );
      await waitForZeroLag(groupId, topic);
      expect(
        onceReport(
          first,
          members.flatMap((m) => m.keys()),
        ),
      ).toEqual(exactlyOnce(first));
      const victimPartitions = [...new Set(victim.records.map((r) => r.partition))].sort();
      expect(victimPartitions.length, 'the victim owned partitions').toBeGreaterThan(0);

      // Records in flight while the member dies: it may have printed some without committing them.
      const second = await produceKeyed(broker.bootstrap, topic, 6, 'xb', 300);
      const victimBefore = victim.records.length;
      expect(await victim.stop('SIGKILL')).toBe('SIGKILL');
      const killedAt = Date.now();
      const right = await describeGroup(broker.bootstrap, groupId);
      expect(right.members, 'a killed member stays until its session times out').toBe(3);

      await waitForGroup(groupId, 'Stable', 2, 30_000);
      const tookMs = Date.now() - killedAt;
      expect(tookMs, 'the group rebalanced only after the session timeout').toBeGreaterThan(
        sessionTimeoutMs - 2_000,
      );
      const survivorKeys = (): string[] => survivors.flatMap((m) => m.keys());
      const secondSet = new Set(second);
      const secondSeen = (): Set<string> =>
        new Set([...victim.keys(), ...survivorKeys()].filter((k) => secondSet.has(k)));
      await waitFor('every in-flight record consumed', () => secondSeen().size >= 300, 30_000, stderrs);
      await waitForZeroLag(groupId, topic);
      await sleep(500);
      const survivorSecond = survivorKeys().filter((k) => secondSet.has(k));
      expect(
        onceReport(second, [...secondSeen()]),
        'every in-flight record consumed at least once (killed member or survivors)',
      ).toEqual(exactlyOnce(second));
      expect(
        onceReport(second, survivorSecond).twice,
        `the survivors consumed no in-flight record twice (the killed member printed ${
          victim.records.length - victimBefore
        } of them)`,
      ).toEqual([]);

      // After the takeover: exactly once between the two survivors, and the victim's partitions move.
      const before = survivors.map((m) => m.records.length);
      const third = await produceKeyed(broker.bootstrap, topic, 6, 'xc', 300);
      const afterTakeover = (): { partition: number; key: string }[] =>
        survivors.flatMap((m, i) => m.records.slice(before[i]));
      await waitFor('300 records after the takeover', () => afterTakeover().length >= 300, 30_000, stderrs);
      await sleep(1_000);
      expect(
        onceReport(
          third,
          afterTakeover().map((r) => r.key),
        ),
        'records after the takeover: exactly once between the survivors',
      ).toEqual(exactlyOnce(third));
      expect(
        [...new Set(afterTakeover().map((r) => r.partition))].sort(),
        'the survivors now read every partition',
      ).toEqual([0, 1, 2, 3, 4, 5]);
      await waitForZeroLag(groupId, topic);
    } finally {
      await stopAll(survivors, 'SIGINT');
      if (victim.running) await victim.stop('SIGKILL');
    }
  });
});
