/**
 * Consumer groups with real clients: kafkajs members sharing a topic and rebalancing when one leaves,
 * librdkafka (python3-confluent-kafka) eager and cooperative-sticky groups, kafka-python groups, static
 * membership without a rebalance, committed offsets across restarts (SIGTERM and kill -9), lag through
 * admin APIs, and the group error codes on a raw socket built with the generated encoders.
 */
import { join } from 'node:path';
import type { Admin, Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reader } from '../../src/protocol/kafka/codec/reader.js';
import { Writer } from '../../src/protocol/kafka/codec/writer.js';
import {
  decodeHeartbeatResponse,
  encodeHeartbeatRequest,
} from '../../src/protocol/kafka/messages/heartbeat.js';
import {
  decodeJoinGroupResponse,
  encodeJoinGroupRequest,
} from '../../src/protocol/kafka/messages/join-group.js';
import {
  decodeOffsetCommitResponse,
  encodeOffsetCommitRequest,
} from '../../src/protocol/kafka/messages/offset-commit.js';
import {
  decodeSyncGroupResponse,
  encodeSyncGroupRequest,
} from '../../src/protocol/kafka/messages/sync-group.js';
import {
  decodeDeleteGroupsResponse,
  encodeDeleteGroupsRequest,
} from '../../src/protocol/kafka/messages/delete-groups.js';
import { REPO_ROOT, startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { createTopic, produceKeyed } from '../harness/group-admin.js';
import { kafkajsAdmin, kafkajsClient } from '../harness/clients/kafkajs.js';
import { PYTHON } from '../harness/clients/python-clients.js';
import { RawConnection, encodeRequest } from '../harness/raw-kafka.js';
import { runProcess, tail } from '../harness/run-process.js';

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({
    label: 'consumer-groups',
    extraArgs: ['--group-initial-rebalance-delay-ms', '200'],
  });
});

afterAll(async () => {
  await stopAllBrokers();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function withAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = await kafkajsAdmin(broker.bootstrap);
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

async function waitFor(
  what: string,
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${broker.logTail(20)}`);
    await sleep(100);
  }
}

async function describeGroup(groupId: string): Promise<{ state: string; members: number }> {
  return withAdmin(async (admin) => {
    const { groups } = await admin.describeGroups([groupId]);
    const g = groups[0];
    return { state: g?.state ?? 'missing', members: g?.members.length ?? 0 };
  });
}

/** The committed offset of every partition of a topic (kafkajs admin.fetchOffsets: OffsetFetch). */
async function committed(groupId: string, topic: string): Promise<Map<number, string>> {
  return withAdmin(async (admin) => {
    const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((t?.partitions ?? []).map((p) => [p.partition, p.offset]));
  });
}

/** Per-partition lag = high watermark (ListOffsets) - committed offset (OffsetFetch). */
async function lag(groupId: string, topic: string): Promise<number[]> {
  const offsets = await committed(groupId, topic);
  const ends = await withAdmin((admin) => admin.fetchTopicOffsets(topic));
  return ends
    .sort((a, b) => a.partition - b.partition)
    .map((e) => Number(e.high) - Number(offsets.get(e.partition) ?? '-1'));
}

interface PyGroupAnswer {
  ok: boolean;
  error?: string;
  records?: [number, number, number, string][];
  assigned?: number[][];
  [k: string]: unknown;
}

async function pyGroup(command: Record<string, unknown>): Promise<PyGroupAnswer> {
  const script = join(REPO_ROOT, 'compat-tests', 'clients-py', 'group-consumer.py');
  const r = await runProcess(PYTHON, [script], {
    input: JSON.stringify({ bootstrap: broker.bootstrap, ...command }),
    timeoutMs: 90_000,
  });
  if (r.code !== 0)
    throw new Error(`group-consumer.py exited ${String(r.code ?? r.signal)}\n${tail(r.stderr)}`);
  const answer = JSON.parse(r.stdout.toString('utf8')) as PyGroupAnswer;
  if (!answer.ok)
    throw new Error(`group-consumer.py: ${answer.error ?? JSON.stringify(answer)}\n${tail(r.stderr)}`);
  return answer;
}

function expectEachOnce(keys: readonly string[], seen: readonly string[], what: string): void {
  const counts = new Map<string, number>();
  for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
  const missing = keys.filter((k) => !counts.has(k));
  const twice = [...counts].filter(([, n]) => n > 1).map(([k]) => k);
  expect({ missing: missing.slice(0, 5), twice: twice.slice(0, 5), total: seen.length }, what).toEqual({
    missing: [],
    twice: [],
    total: keys.length,
  });
}

describe('consumer groups', () => {
  it('kafkajs: three members share a 6-partition topic, then two carry on after one leaves', async () => {
    const topic = 'groups-kafkajs';
    const groupId = 'g-kafkajs';
    await createTopic(broker.bootstrap, topic, 6);
    const seen: { member: number; key: string }[] = [];
    const consumers: Consumer[] = [];
    for (let i = 0; i < 3; i++) {
      const consumer = kafkajsClient(broker.bootstrap, `member-${i}`).consumer({
        groupId,
        sessionTimeout: 10_000,
        heartbeatInterval: 300,
        rebalanceTimeout: 10_000,
        maxWaitTimeInMs: 500,
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommitThreshold: 1,
        eachMessage: async ({ message }) => {
          seen.push({ member: i, key: message.key?.toString() ?? '' });
        },
      });
      consumers.push(consumer);
    }
    try {
      await waitFor('a stable group of three', async () => {
        const g = await describeGroup(groupId);
        return g.state === 'Stable' && g.members === 3;
      });
      const first = await produceKeyed(broker.bootstrap, topic, 6, 'a', 600);
      await waitFor('600 records consumed', () => seen.length >= 600);
      expectEachOnce(
        first,
        seen.map((s) => s.key),
        'first 600 records between three members',
      );
      expect(new Set(seen.map((s) => s.member)).size, 'every member consumed something').toBe(3);
      await waitFor('every offset committed', async () => (await lag(groupId, topic)).every((l) => l === 0));

      await consumers[2]?.disconnect(); // LeaveGroup, the other two rebalance
      await waitFor('a stable group of two', async () => {
        const g = await describeGroup(groupId);
        return g.state === 'Stable' && g.members === 2;
      });
      seen.length = 0;
      const second = await produceKeyed(broker.bootstrap, topic, 6, 'b', 300);
      await waitFor('300 more records consumed', () => seen.length >= 300);
      await sleep(500);
      expectEachOnce(
        second,
        seen.map((s) => s.key),
        'next 300 records between the two remaining members',
      );
      expect(
        seen.some((s) => s.member === 2),
        'the member that left consumed nothing',
      ).toBe(false);
      await waitFor('lag back to 0', async () => (await lag(groupId, topic)).every((l) => l === 0));
    } finally {
      for (const c of consumers.slice(0, 2)) await c.disconnect();
    }
    await waitFor('an empty group', async () => (await describeGroup(groupId)).state === 'Empty');
  });

  it('librdkafka (confluent_kafka): eager and cooperative-sticky groups consume each record once and commit', async () => {
    const topic = 'groups-librdkafka';
    await createTopic(broker.bootstrap, topic, 4);
    const keys = await produceKeyed(broker.bootstrap, topic, 4, 'c', 200);
    for (const [groupId, config] of [
      ['g-librdkafka-eager', {}],
      ['g-librdkafka-coop', { 'partition.assignment.strategy': 'cooperative-sticky' }],
    ] as const) {
      const answer = await pyGroup({
        op: 'consume',
        lib: 'confluent',
        topic,
        groupId,
        count: 200,
        members: 2,
        config,
      });
      expectEachOnce(
        keys,
        (answer.records ?? []).map((r) => r[3]),
        `${groupId}: records between two librdkafka members`,
      );
      expect(answer.assigned?.flat().sort(), `${groupId}: assignments cover every partition`).toEqual([
        0, 1, 2, 3,
      ]);
      expect(await lag(groupId, topic), `${groupId}: lag after the commits`).toEqual([0, 0, 0, 0]);
    }
  });

  it('kafka-python: a group resumes from its committed offsets, also after a restart and a kill -9', async () => {
    const topic = 'groups-kafka-python';
    const groupId = 'g-kafka-python';
    await createTopic(broker.bootstrap, topic, 3);
    const first = await produceKeyed(broker.bootstrap, topic, 3, 'd', 150);
    const a = await pyGroup({ op: 'consume', lib: 'kafka-python', topic, groupId, count: 150, members: 2 });
    expectEachOnce(
      first,
      (a.records ?? []).map((r) => r[3]),
      'kafka-python: two members',
    );
    expect(await lag(groupId, topic)).toEqual([0, 0, 0]);

    expect(await broker.stop(), 'clean stop').toBe(0);
    await broker.start();
    expect(
      [...(await committed(groupId, topic)).values()],
      'committed offsets after a clean restart',
    ).toEqual(['50', '50', '50']);

    const second = await produceKeyed(broker.bootstrap, topic, 3, 'e', 30);
    const b = await pyGroup({ op: 'consume', lib: 'kafka-python', topic, groupId, count: 30 });
    expectEachOnce(
      second,
      (b.records ?? []).map((r) => r[3]),
      'kafka-python: only the records after the committed offsets',
    );
    await broker.kill();
    await broker.start();
    expect([...(await committed(groupId, topic)).values()], 'committed offsets after kill -9').toEqual([
      '60',
      '60',
      '60',
    ]);
    // librdkafka reads the same committed offsets: nothing left to consume for this group.
    const third = await produceKeyed(broker.bootstrap, topic, 3, 'f', 3);
    const c = await pyGroup({ op: 'consume', lib: 'confluent', topic, groupId, count: 3, timeoutMs: 30_000 });
    expectEachOnce(
      third,
      (c.records ?? []).map((r) => r[3]),
      'librdkafka continues where kafka-python committed',
    );
  });

  it('librdkafka static members: a restarted group.instance.id gets its partitions back without a rebalance', async () => {
    const topic = 'groups-static';
    await createTopic(broker.bootstrap, topic, 6);
    const answer = await pyGroup({ op: 'static', topic, groupId: 'g-static', timeoutMs: 60_000 });
    expect(answer['after'], 'the other member was neither revoked nor reassigned').toEqual(answer['before']);
    expect(answer['againAssignment'], 'the restarted member has its old partitions').toEqual(
      answer['firstAssignment'],
    );
    expect(
      [...(answer['againAssignment'] as number[]), ...(answer['secondAssignment'] as number[])].sort(),
    ).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('answers with the group error codes (raw requests built with the generated encoders)', async () => {
    await createTopic(broker.bootstrap, 'groups-raw', 1);
    const conn = await RawConnection.open(broker.host, broker.port);
    let correlationId = 0;
    const call = async <T>(
      apiKey: number,
      version: number,
      encode: (w: Writer) => void,
      decode: (r: Reader) => T,
    ): Promise<T> => {
      const w = new Writer();
      encode(w);
      correlationId += 1;
      conn.write(encodeRequest(apiKey, version, correlationId, w.toBuffer()));
      const frame = await conn.readFrame();
      if (frame === null) throw new Error('connection closed');
      expect(frame.readInt32BE(0)).toBe(correlationId);
      return decode(new Reader(frame, 4));
    };
    try {
      const join = (memberId: string, version: number) =>
        call(
          11,
          version,
          (w) =>
            encodeJoinGroupRequest(w, version, {
              groupId: 'g-raw',
              sessionTimeoutMs: 10_000,
              rebalanceTimeoutMs: 10_000,
              memberId,
              groupInstanceId: null,
              protocolType: 'consumer',
              protocols: [{ name: 'range', metadata: Buffer.from([0, 0, 0, 0, 0, 0]) }],
              reason: null,
            }),
          (r) => decodeJoinGroupResponse(r, version),
        );
      const required = await join('', 4);
      expect(required.errorCode, 'JoinGroup v4 without a member id').toBe(79);
      const joined = await join(required.memberId, 4);
      expect(joined.errorCode).toBe(0);
      expect(joined.leader).toBe(required.memberId);
      const generationId = joined.generationId;
      const synced = await call(
        14,
        3,
        (w) =>
          encodeSyncGroupRequest(w, 3, {
            groupId: 'g-raw',
            generationId,
            memberId: joined.memberId,
            groupInstanceId: null,
            protocolType: null,
            protocolName: null,
            assignments: [{ memberId: joined.memberId, assignment: Buffer.from('mine') }],
          }),
        (r) => decodeSyncGroupResponse(r, 3),
      );
      expect(synced.errorCode).toBe(0);
      expect(synced.assignment.toString()).toBe('mine');

      const heartbeat = (memberId: string, generation: number) =>
        call(
          12,
          3,
          (w) =>
            encodeHeartbeatRequest(w, 3, {
              groupId: 'g-raw',
              generationId: generation,
              memberId,
              groupInstanceId: null,
            }),
          (r) => decodeHeartbeatResponse(r, 3).errorCode,
        );
      expect(await heartbeat(joined.memberId, generationId), 'heartbeat of the member').toBe(0);
      expect(await heartbeat('somebody-else', generationId), 'heartbeat from an unknown member').toBe(25);
      expect(await heartbeat(joined.memberId, generationId + 1), 'heartbeat with a wrong generation').toBe(
        22,
      );

      const commit = (memberId: string, generation: number) =>
        call(
          8,
          5,
          (w) =>
            encodeOffsetCommitRequest(w, 5, {
              groupId: 'g-raw',
              generationIdOrMemberEpoch: generation,
              memberId,
              groupInstanceId: null,
              retentionTimeMs: -1n,
              topics: [
                {
                  name: 'groups-raw',
                  partitions: [
                    {
                      partitionIndex: 0,
                      committedOffset: 0n,
                      committedLeaderEpoch: -1,
                      commitTimestamp: -1n,
                      committedMetadata: null,
                    },
                  ],
                },
              ],
            }),
          (r) => decodeOffsetCommitResponse(r, 5).topics[0]?.partitions[0]?.errorCode,
        );
      expect(await commit(joined.memberId, generationId - 1), 'commit with a stale generation').toBe(22);
      expect(await commit('somebody-else', generationId), 'commit from an unknown member').toBe(25);
      expect(await commit('', -1), 'group-less commit into a group with members').toBe(25);
      expect(await commit(joined.memberId, generationId), 'commit of the member').toBe(0);

      const deleteGroups = () =>
        call(
          42,
          1,
          (w) => encodeDeleteGroupsRequest(w, 1, { groupsNames: ['g-raw', 'g-none'] }),
          (r) => decodeDeleteGroupsResponse(r, 1).results.map((x) => x.errorCode),
        );
      expect(await deleteGroups(), 'DeleteGroups: non-empty group, unknown group').toEqual([68, 69]);
    } finally {
      conn.close();
    }
  });
});
