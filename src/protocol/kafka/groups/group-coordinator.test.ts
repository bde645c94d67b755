import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GroupCoordinatorOptions, JoinRequest } from './group-coordinator.js';
import { GroupCoordinator } from './group-coordinator.js';
import { subscribedTopics } from './consumer-protocol.js';

const log = pino({ level: 'silent' });

function fakeOffsets(
  groups: string[] = [],
): GroupCoordinatorOptions['offsets'] & { checks: ((g: string) => boolean)[] } {
  const checks: ((g: string) => boolean)[] = [];
  const known = new Set(groups);
  return {
    checks,
    addActivityCheck: (c) => {
      checks.push(c);
      return () => undefined;
    },
    groups: () => [...known],
    hasGroup: (g) => known.has(g),
    deleteGroup: (g) => ({ status: 'ok', found: known.delete(g) }),
  };
}

const meta = (s: string): Buffer => Buffer.from(s);

function req(extra: Partial<JoinRequest> = {}): JoinRequest {
  return {
    groupId: 'g',
    memberId: '',
    groupInstanceId: null,
    clientId: 'client',
    clientHost: '/127.0.0.1',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 5_000,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: meta('m') }],
    requireKnownMemberId: false,
    ...extra,
  };
}

let coordinator: GroupCoordinator;
let offsets: ReturnType<typeof fakeOffsets>;

beforeEach(() => {
  vi.useFakeTimers();
  offsets = fakeOffsets(['committed-only']);
  coordinator = new GroupCoordinator({ initialRebalanceDelayMs: 300, offsets, log });
});

afterEach(() => {
  coordinator.close();
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
});

/** Two members join a new group and sync; returns their ids and the generation. */
async function stableGroupOfTwo(): Promise<{ a: string; b: string; gen: number }> {
  const ja = coordinator.join(req({ protocols: [{ name: 'range', metadata: meta('A') }] }));
  const jb = coordinator.join(req({ protocols: [{ name: 'range', metadata: meta('B') }] }));
  // The initial delay (300 ms) runs twice: a member arrived during the first.
  await vi.advanceTimersByTimeAsync(600);
  const [ra, rb] = await Promise.all([ja, jb]);
  expect(ra.error).toBeNull();
  expect(rb.error).toBeNull();
  const leader = ra.leaderId === ra.memberId ? ra : rb;
  const follower = leader === ra ? rb : ra;
  const fs = coordinator.sync({
    groupId: 'g',
    generationId: follower.generationId,
    memberId: follower.memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    protocolName: 'range',
    assignments: [],
  });
  const ls = await coordinator.sync({
    groupId: 'g',
    generationId: leader.generationId,
    memberId: leader.memberId,
    groupInstanceId: null,
    protocolType: null,
    protocolName: null,
    assignments: [
      { memberId: leader.memberId, assignment: meta('for-leader') },
      { memberId: follower.memberId, assignment: meta('for-follower') },
    ],
  });
  expect(ls.assignment.toString()).toBe('for-leader');
  expect((await fs).assignment.toString()).toBe('for-follower');
  expect(coordinator.getGroup('g')?.state).toBe('Stable');
  return { a: ra.memberId, b: rb.memberId, gen: ra.generationId };
}

describe('group coordinator', () => {
  it('requires a member id on JoinGroup v4+, waits the initial delay, and gives the leader every member', async () => {
    const first = await coordinator.join(req({ requireKnownMemberId: true, clientId: 'c1' }));
    expect(first.error).toBe('member-id-required');
    expect(first.memberId).toMatch(/^c1-[0-9a-f-]{36}$/);
    const ja = coordinator.join(req({ requireKnownMemberId: true, memberId: first.memberId }));
    await vi.advanceTimersByTimeAsync(200);
    expect(coordinator.getGroup('g')?.state).toBe('PreparingRebalance');
    const jb = coordinator.join(req({ protocols: [{ name: 'range', metadata: meta('B') }] }));
    // The delay restarts once because a member arrived during it.
    await vi.advanceTimersByTimeAsync(100);
    expect(coordinator.getGroup('g')?.state).toBe('PreparingRebalance');
    await vi.advanceTimersByTimeAsync(300);
    const [ra, rb] = await Promise.all([ja, jb]);
    expect(ra.generationId).toBe(1);
    expect(ra.leaderId).toBe(first.memberId);
    expect(ra.members.map((m) => m.metadata.toString()).sort()).toEqual(['B', 'm']);
    expect(rb.members).toEqual([]);
    expect(rb.leaderId).toBe(first.memberId);
    expect(coordinator.getGroup('g')?.state).toBe('CompletingRebalance');
  });

  it('syncs the assignment, heartbeats, and reports heartbeat errors', async () => {
    const { a, b, gen } = await stableGroupOfTwo();
    expect(coordinator.heartbeat('g', gen, a, null)).toBeNull();
    expect(coordinator.heartbeat('g', gen, 'nobody', null)).toBe('unknown-member-id');
    expect(coordinator.heartbeat('other', gen, a, null)).toBe('unknown-member-id');
    expect(coordinator.heartbeat('g', gen - 1, a, null)).toBe('illegal-generation');
    // A third member starts a rebalance: the others learn it from their heartbeats.
    const jc = coordinator.join(req());
    expect(coordinator.getGroup('g')?.state).toBe('PreparingRebalance');
    expect(coordinator.heartbeat('g', gen, b, null)).toBe('rebalance-in-progress');
    // Commits of the current generation are still accepted while preparing.
    expect(coordinator.validateCommit('g', gen, a, null)).toBeNull();
    const ja = coordinator.join(req({ memberId: a, protocols: [{ name: 'range', metadata: meta('A') }] }));
    const jb = coordinator.join(req({ memberId: b, protocols: [{ name: 'range', metadata: meta('B') }] }));
    const [rc, ra, rb] = await Promise.all([jc, ja, jb]);
    expect(new Set([ra.generationId, rb.generationId, rc.generationId])).toEqual(new Set([gen + 1]));
    expect(coordinator.validateCommit('g', gen + 1, a, null)).toBe('rebalance-in-progress');
    expect(coordinator.getGroup('g')?.members.size).toBe(3);
  });

  it('removes members whose session times out and rebalances the rest', async () => {
    const { a, b, gen } = await stableGroupOfTwo();
    await vi.advanceTimersByTimeAsync(6_000);
    expect(coordinator.heartbeat('g', gen, a, null)).toBeNull();
    await vi.advanceTimersByTimeAsync(6_000);
    // b never heartbeated: gone after 10 s; a must rejoin.
    expect(coordinator.heartbeat('g', gen, b, null)).toBe('unknown-member-id');
    expect(coordinator.heartbeat('g', gen, a, null)).toBe('rebalance-in-progress');
    const ra = await coordinator.join(req({ memberId: a }));
    expect(ra.generationId).toBe(gen + 1);
    expect(ra.leaderId).toBe(a);
  });

  it('drops members that do not rejoin within the rebalance timeout', async () => {
    const { a, b, gen } = await stableGroupOfTwo();
    const ja = coordinator.join(req({ memberId: a, protocols: [{ name: 'range', metadata: meta('A2') }] }));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(coordinator.getGroup('g')?.state).toBe('PreparingRebalance');
    await vi.advanceTimersByTimeAsync(1);
    const ra = await ja;
    expect(ra.generationId).toBe(gen + 1);
    expect(ra.members.map((m) => m.memberId)).toEqual([a]);
    expect(coordinator.getGroup('g')?.members.has(b)).toBe(false);
  });

  it('checks the protocol type and picks the protocol most members prefer', async () => {
    const j1 = coordinator.join(
      req({
        protocols: [
          { name: 'range', metadata: meta('1') },
          { name: 'roundrobin', metadata: meta('1') },
        ],
      }),
    );
    const j2 = coordinator.join(
      req({
        protocols: [
          { name: 'roundrobin', metadata: meta('2') },
          { name: 'range', metadata: meta('2') },
        ],
      }),
    );
    const j3 = coordinator.join(req({ protocols: [{ name: 'roundrobin', metadata: meta('3') }] }));
    expect((await coordinator.join(req({ protocolType: 'connect' }))).error).toBe(
      'inconsistent-group-protocol',
    );
    expect((await coordinator.join(req({ protocols: [{ name: 'sticky', metadata: meta('') }] }))).error).toBe(
      'inconsistent-group-protocol',
    );
    expect((await coordinator.join(req({ groupId: 'x', protocolType: '' }))).error).toBe(
      'inconsistent-group-protocol',
    );
    await vi.advanceTimersByTimeAsync(600);
    const results = await Promise.all([j1, j2, j3]);
    expect(results.map((r) => r.protocolName)).toEqual(['roundrobin', 'roundrobin', 'roundrobin']);
    const leader = results.find((r) => r.members.length > 0);
    expect(leader?.members.map((m) => m.metadata.toString())).toEqual(['1', '2', '3']);
  });

  it('validates JoinGroup input', async () => {
    expect((await coordinator.join(req({ groupId: '' }))).error).toBe('invalid-group-id');
    expect((await coordinator.join(req({ sessionTimeoutMs: 10 }))).error).toBe('invalid-session-timeout');
    expect((await coordinator.join(req({ memberId: 'ghost' }))).error).toBe('unknown-member-id');
  });

  it('handles LeaveGroup by member id and by instance id', async () => {
    const { a, b, gen } = await stableGroupOfTwo();
    expect(coordinator.leave('g', [{ memberId: 'ghost', groupInstanceId: null }])).toEqual([
      'unknown-member-id',
    ]);
    expect(coordinator.leave('g', [{ memberId: a, groupInstanceId: null }])).toEqual([null]);
    expect(coordinator.getGroup('g')?.state).toBe('PreparingRebalance');
    const rb = await coordinator.join(req({ memberId: b }));
    expect(rb.generationId).toBe(gen + 1);
    expect(coordinator.leave('g', [{ memberId: b, groupInstanceId: null }])).toEqual([null]);
    // Nothing committed: the empty group is forgotten.
    expect(coordinator.getGroup('g')).toBeUndefined();
    expect(coordinator.leave('none', [{ memberId: b, groupInstanceId: null }])).toEqual([
      'unknown-member-id',
    ]);
  });

  it('lets a static member rejoin without a rebalance and fences its old id', async () => {
    const j1 = coordinator.join(req({ groupInstanceId: 'i1' }));
    const j2 = coordinator.join(req({ groupInstanceId: 'i2' }));
    await vi.advanceTimersByTimeAsync(600);
    const [r1, r2] = await Promise.all([j1, j2]);
    expect(r1.memberId).toMatch(/^i1-/);
    const gen = r1.generationId;
    const s2 = coordinator.sync({ ...syncBase(gen), memberId: r2.memberId });
    await coordinator.sync({
      ...syncBase(gen),
      memberId: r1.memberId,
      assignments: [
        { memberId: r1.memberId, assignment: meta('one') },
        { memberId: r2.memberId, assignment: meta('two') },
      ],
    });
    await s2;
    // i2 restarts: no member id, same instance id and protocols.
    const again = await coordinator.join(req({ groupInstanceId: 'i2' }));
    expect(again.error).toBeNull();
    expect(again.generationId).toBe(gen);
    expect(again.memberId).not.toBe(r2.memberId);
    expect(coordinator.getGroup('g')?.state).toBe('Stable');
    const synced = await coordinator.sync({
      ...syncBase(gen),
      memberId: again.memberId,
      groupInstanceId: 'i2',
    });
    expect(synced.assignment.toString()).toBe('two');
    expect(coordinator.heartbeat('g', gen, r2.memberId, 'i2')).toBe('fenced-instance-id');
    expect(coordinator.heartbeat('g', gen, again.memberId, 'i2')).toBeNull();
    expect(coordinator.validateCommit('g', gen, r2.memberId, 'i2')).toBe('fenced-instance-id');
    expect((await coordinator.join(req({ groupInstanceId: 'i2', memberId: r2.memberId }))).error).toBe(
      'fenced-instance-id',
    );
    expect(coordinator.leave('g', [{ memberId: '', groupInstanceId: 'i2' }])).toEqual([null]);
  });

  it('validates commits: simple commits, generations and members', async () => {
    expect(coordinator.validateCommit('new', -1, '', null)).toBeNull();
    expect(coordinator.validateCommit('new', 3, 'm', null)).toBe('illegal-generation');
    const { a, gen } = await stableGroupOfTwo();
    expect(coordinator.validateCommit('g', -1, '', null)).toBe('unknown-member-id');
    expect(coordinator.validateCommit('g', gen, 'ghost', null)).toBe('unknown-member-id');
    expect(coordinator.validateCommit('g', gen + 5, a, null)).toBe('illegal-generation');
    expect(coordinator.validateCommit('g', gen, a, null)).toBeNull();
  });

  it('deletes only empty groups, lists groups with offsets, and reports activity', async () => {
    await stableGroupOfTwo();
    expect(offsets.checks[0]?.('g')).toBe(true);
    expect(offsets.checks[0]?.('committed-only')).toBe(false);
    expect(coordinator.deleteGroup('g')).toBe('non-empty-group');
    expect(coordinator.deleteGroup('nothing')).toBe('group-id-not-found');
    const listed = coordinator.listGroups().sort((x, y) => x.groupId.localeCompare(y.groupId));
    expect(listed).toEqual([
      { groupId: 'committed-only', protocolType: '', state: 'Empty' },
      { groupId: 'g', protocolType: 'consumer', state: 'Stable' },
    ]);
    expect(coordinator.deleteGroup('committed-only')).toBeNull();
    expect(coordinator.listGroups().map((x) => x.groupId)).toEqual(['g']);
  });

  it('keeps an empty group that has committed offsets', async () => {
    const keep = new GroupCoordinator({
      initialRebalanceDelayMs: 0,
      offsets: fakeOffsets(['g']),
      log,
    });
    const r = await keep.join(req());
    expect(keep.leave('g', [{ memberId: r.memberId, groupInstanceId: null }])).toEqual([null]);
    expect(keep.getGroup('g')?.state).toBe('Empty');
    expect(keep.getGroup('g')?.generationId).toBe(2);
    keep.close();
  });

  it('forgets members that never come back after MEMBER_ID_REQUIRED', async () => {
    const first = await coordinator.join(req({ requireKnownMemberId: true }));
    expect(first.error).toBe('member-id-required');
    expect(coordinator.getGroup('g')?.pendingMembers.size).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(coordinator.getGroup('g')).toBeUndefined();
  });

  it('ends pending joins when closed', async () => {
    const j = coordinator.join(req());
    coordinator.close();
    expect((await j).error).toBe('coordinator-not-available');
  });
});

function syncBase(generationId: number) {
  return {
    groupId: 'g',
    generationId,
    memberId: '',
    groupInstanceId: null as string | null,
    protocolType: null,
    protocolName: null,
    assignments: [] as { memberId: string; assignment: Buffer }[],
  };
}

describe('consumer protocol subscription', () => {
  it('reads the topics', () => {
    const b = Buffer.from([0, 1, 0, 0, 0, 2, 0, 1, 0x61, 0, 2, 0x62, 0x63, 0xff, 0xff, 0xff, 0xff]);
    expect(subscribedTopics(b)).toEqual(['a', 'bc']);
    expect(subscribedTopics(Buffer.from([0, 1]))).toBeNull();
  });
});
