import { randomUUID } from 'node:crypto';
import type { Logger } from '../../../logger.js';
import type { ConsumerOffsets } from '../../../store/index.js';
import {
  EMPTY,
  Group,
  type GroupError,
  type GroupState,
  type JoinOutcome,
  type Member,
  type SyncOutcome,
  joinError,
  sameProtocols,
  syncError,
  type JoinRequest,
  type MemberRef,
  type SyncRequest,
} from './group.js';
import { Rebalancer } from './rebalancer.js';

export type { JoinRequest, MemberRef, SyncRequest } from './group.js';

export interface GroupCoordinatorOptions {
  /** group.initial.rebalance.delay.ms: how long a new group waits for more members before its first generation. */
  initialRebalanceDelayMs: number;
  /** group.min.session.timeout.ms / group.max.session.timeout.ms. */
  minSessionTimeoutMs?: number;
  maxSessionTimeoutMs?: number;
  /** The committed offsets this coordinator lists and deletes with its groups. */
  offsets: Pick<ConsumerOffsets, 'addActivityCheck' | 'groups' | 'hasGroup' | 'deleteGroup'>;
  log: Logger;
}

export const DEFAULT_MIN_SESSION_TIMEOUT_MS = 6000;
export const DEFAULT_MAX_SESSION_TIMEOUT_MS = 1_800_000;

/**
 * The classic Kafka group membership protocol (JoinGroup / SyncGroup / Heartbeat / LeaveGroup) for every
 * group of this node. Groups live in memory; a restart starts every group afresh (members rejoin), while
 * committed offsets persist in the store's ConsumerOffsets.
 */ export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private readonly opts: GroupCoordinatorOptions;
  private readonly log: Logger;
  private readonly minSession: number;
  private readonly maxSession: number;
  private readonly unregisterActivity: () => void;
  private readonly rebalance: Rebalancer;
  private closed = false;

  constructor(opts: GroupCoordinatorOptions) {
    this.opts = opts;
    this.log = opts.log.child({ component: 'groups' });
    this.minSession = opts.minSessionTimeoutMs ?? DEFAULT_MIN_SESSION_TIMEOUT_MS;
    this.maxSession = opts.maxSessionTimeoutMs ?? DEFAULT_MAX_SESSION_TIMEOUT_MS;
    this.rebalance = new Rebalancer(opts.initialRebalanceDelayMs, this.log, (group) =>
      this.forgetIfUnused(group),
    );
    this.unregisterActivity = opts.offsets.addActivityCheck(
      (g) => (this.groups.get(g)?.members.size ?? 0) > 0,
    );
  }

  /** Ends every wait (REBALANCE_IN_PROGRESS / COORDINATOR_NOT_AVAILABLE) and clears every timer. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unregisterActivity();
    for (const group of this.groups.values()) {
      this.rebalance.clearGroupTimers(group);
      for (const t of group.pendingMembers.values()) clearTimeout(t);
      for (const m of group.members.values()) {
        if (m.sessionTimer !== null) clearTimeout(m.sessionTimer);
        m.sessionTimer = null;
        this.rebalance.answerJoin(m, joinError('coordinator-not-available', m.memberId));
        this.rebalance.answerSync(m, syncError('coordinator-not-available'));
      }
    }
    this.groups.clear();
  }

  /** The group, if it has membership state (groups known only by committed offsets have none). */
  getGroup(groupId: string): Group | undefined {
    return this.groups.get(groupId);
  }

  /** Every group with membership state or committed offsets, with its state and protocol type. */
  listGroups(): { groupId: string; protocolType: string; state: GroupState }[] {
    const out = new Map<string, { groupId: string; protocolType: string; state: GroupState }>();
    for (const g of this.opts.offsets.groups()) out.set(g, { groupId: g, protocolType: '', state: 'Empty' });
    for (const g of this.groups.values()) {
      if (g.members.size === 0 && g.pendingMembers.size === 0 && !this.opts.offsets.hasGroup(g.groupId)) {
        continue;
      }
      out.set(g.groupId, { groupId: g.groupId, protocolType: g.protocolType ?? '', state: g.state });
    }
    return [...out.values()];
  }

  /** DeleteGroups: only groups without members; removes membership state and committed offsets. */
  deleteGroup(groupId: string): GroupError | 'storage-error' | null {
    const group = this.groups.get(groupId);
    if (group !== undefined && (group.members.size > 0 || group.state !== 'Empty')) return 'non-empty-group';
    const known = group !== undefined || this.opts.offsets.hasGroup(groupId);
    if (!known) return 'group-id-not-found';
    const deleted = this.opts.offsets.deleteGroup(groupId);
    if (deleted.status !== 'ok') return 'storage-error';
    if (group !== undefined) {
      this.rebalance.clearGroupTimers(group);
      group.state = 'Dead';
      this.groups.delete(groupId);
    }
    return null;
  }

  async join(req: JoinRequest): Promise<JoinOutcome> {
    if (this.closed) return joinError('coordinator-not-available', req.memberId);
    if (req.groupId === '') return joinError('invalid-group-id', req.memberId);
    if (req.sessionTimeoutMs < this.minSession || req.sessionTimeoutMs > this.maxSession) {
      return joinError('invalid-session-timeout', req.memberId);
    }
    let group = this.groups.get(req.groupId);
    if (group === undefined) {
      if (req.memberId !== '') return joinError('unknown-member-id', req.memberId);
      group = new Group(req.groupId);
      this.groups.set(req.groupId, group);
    }
    if (!group.supportsProtocols(req.protocolType, req.protocols)) {
      this.forgetIfUnused(group);
      return joinError('inconsistent-group-protocol', req.memberId);
    }
    return req.memberId === '' ? this.joinUnknownMember(group, req) : this.joinKnownMember(group, req);
  }

  private joinUnknownMember(group: Group, req: JoinRequest): Promise<JoinOutcome> | JoinOutcome {
    if (req.groupInstanceId !== null) {
      const existing = group.staticMembers.get(req.groupInstanceId);
      const newId = `${req.groupInstanceId}-${randomUUID()}`;
      if (existing !== undefined && group.members.has(existing))
        return this.replaceStaticMember(group, existing, newId, req);
      return this.rebalance.addMemberAndRebalance(group, newId, req);
    }
    const memberId = `${req.clientId}-${randomUUID()}`;
    if (req.requireKnownMemberId) {
      // KIP-394: hand out the id first; the client rejoins with it.
      const timer = setTimeout(() => this.expirePending(group, memberId), req.sessionTimeoutMs);
      timer.unref();
      group.pendingMembers.set(memberId, timer);
      return joinError('member-id-required', memberId);
    }
    return this.rebalance.addMemberAndRebalance(group, memberId, req);
  }

  private joinKnownMember(group: Group, req: JoinRequest): Promise<JoinOutcome> | JoinOutcome {
    const pending = group.pendingMembers.get(req.memberId);
    if (pending !== undefined) {
      clearTimeout(pending);
      group.pendingMembers.delete(req.memberId);
      return this.rebalance.addMemberAndRebalance(group, req.memberId, req);
    }
    if (group.isStaticMemberFenced(req.memberId, req.groupInstanceId)) {
      return joinError('fenced-instance-id', req.memberId);
    }
    const member = group.members.get(req.memberId);
    if (member === undefined || group.state === 'Empty' || group.state === 'Dead') {
      return joinError('unknown-member-id', req.memberId);
    }
    switch (group.state) {
      case 'PreparingRebalance':
        return this.rebalance.updateMemberAndRebalance(group, member, req);
      case 'CompletingRebalance':
        // A repeated join (a lost response) gets the current generation again.
        if (sameProtocols(member.protocols, req.protocols)) return this.currentGeneration(group, member);
        return this.rebalance.updateMemberAndRebalance(group, member, req);
      case 'Stable':
        if (group.leaderId === member.memberId || !sameProtocols(member.protocols, req.protocols)) {
          return this.rebalance.updateMemberAndRebalance(group, member, req);
        }
        return this.currentGeneration(group, member);
    }
  }

  /** A known group.instance.id rejoined with no member id: it gets a new id, and the old one is fenced. */
  private replaceStaticMember(
    group: Group,
    oldId: string,
    newId: string,
    req: JoinRequest,
  ): Promise<JoinOutcome> | JoinOutcome {
    const old = group.members.get(oldId) as Member;
    this.rebalance.answerJoin(old, joinError('fenced-instance-id', oldId));
    this.rebalance.answerSync(old, syncError('fenced-instance-id'));
    group.members.delete(oldId);
    const member: Member = { ...old, memberId: newId, joinWaiter: null, syncWaiter: null };
    group.members.set(newId, member);
    group.staticMembers.set(req.groupInstanceId as string, newId);
    if (group.leaderId === oldId) group.leaderId = newId;
    if (group.pendingSync.delete(oldId)) group.pendingSync.add(newId);
    member.clientId = req.clientId;
    member.clientHost = req.clientHost;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    this.log.info({ group: group.groupId, oldId, newId }, 'static member rejoined');
    if (group.state === 'Stable' && sameProtocols(old.protocols, req.protocols)) {
      // Nothing changed: no rebalance; the member keeps its assignment under the new id.
      this.rebalance.touchSession(group, member);
      return this.currentGeneration(group, member);
    }
    return this.rebalance.updateMemberAndRebalance(group, member, req);
  }

  private currentGeneration(group: Group, member: Member): JoinOutcome {
    this.rebalance.touchSession(group, member);
    const isLeader = group.leaderId === member.memberId;
    return {
      error: null,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leaderId: group.leaderId ?? '',
      memberId: member.memberId,
      members: isLeader && group.state === 'CompletingRebalance' ? this.rebalance.memberList(group) : [],
      skipAssignment: false,
    };
  }

  async sync(req: SyncRequest): Promise<SyncOutcome> {
    const group = this.groups.get(req.groupId);
    if (this.closed) return syncError('coordinator-not-available');
    if (group === undefined) return syncError('unknown-member-id');
    if (group.isStaticMemberFenced(req.memberId, req.groupInstanceId)) return syncError('fenced-instance-id');
    const member = group.members.get(req.memberId);
    if (member === undefined) return syncError('unknown-member-id');
    if (req.generationId !== group.generationId) return syncError('illegal-generation');
    if (
      (req.protocolType !== null && req.protocolType !== group.protocolType) ||
      (req.protocolName !== null && req.protocolName !== group.protocolName)
    ) {
      return syncError('inconsistent-group-protocol');
    }
    switch (group.state) {
      case 'Empty':
      case 'Dead':
        return syncError('unknown-member-id');
      case 'PreparingRebalance':
        return syncError('rebalance-in-progress');
      case 'Stable':
        this.rebalance.touchSession(group, member);
        return this.syncAnswer(group, member);
      case 'CompletingRebalance': {
        group.pendingSync.delete(member.memberId);
        this.rebalance.touchSession(group, member);
        const outcome = new Promise<SyncOutcome>((resolve) => {
          this.rebalance.answerSync(member, syncError('rebalance-in-progress'));
          member.syncWaiter = resolve;
        });
        if (member.memberId === group.leaderId) {
          const given = new Map(req.assignments.map((a) => [a.memberId, a.assignment]));
          for (const m of group.members.values()) m.assignment = given.get(m.memberId) ?? EMPTY;
          group.state = 'Stable';
          if (group.syncTimer !== null) clearTimeout(group.syncTimer);
          group.syncTimer = null;
          group.pendingSync.clear();
          this.log.info({ group: group.groupId, generation: group.generationId }, 'group is stable');
          for (const m of group.members.values()) this.rebalance.answerSync(m, this.syncAnswer(group, m));
        }
        return outcome;
      }
    }
  }

  private syncAnswer(group: Group, member: Member): SyncOutcome {
    return {
      error: null,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      assignment: member.assignment,
    };
  }

  heartbeat(
    groupId: string,
    generationId: number,
    memberId: string,
    groupInstanceId: string | null,
  ): GroupError | null {
    if (this.closed) return 'coordinator-not-available';
    const group = this.groups.get(groupId);
    if (group === undefined) return 'unknown-member-id';
    if (group.isStaticMemberFenced(memberId, groupInstanceId)) return 'fenced-instance-id';
    const member = group.members.get(memberId);
    if (member === undefined) return 'unknown-member-id';
    if (generationId !== group.generationId) return 'illegal-generation';
    switch (group.state) {
      case 'Empty':
      case 'Dead':
        return 'unknown-member-id';
      case 'PreparingRebalance':
        this.rebalance.touchSession(group, member);
        return 'rebalance-in-progress';
      case 'CompletingRebalance':
      case 'Stable':
        this.rebalance.touchSession(group, member);
        return null;
    }
  }

  /** LeaveGroup: one outcome per member; the group rebalances when anyone left. */
  leave(groupId: string, members: readonly MemberRef[]): (GroupError | null)[] {
    const group = this.groups.get(groupId);
    if (this.closed) return members.map(() => 'coordinator-not-available');
    if (group === undefined) return members.map(() => 'unknown-member-id');
    let left = 0;
    const results = members.map((ref): GroupError | null => {
      let memberId = ref.memberId;
      if (ref.groupInstanceId !== null) {
        const current = group.staticMembers.get(ref.groupInstanceId);
        if (current === undefined) return 'unknown-member-id';
        if (memberId !== '' && memberId !== current) return 'fenced-instance-id';
        memberId = current;
      }
      const pending = group.pendingMembers.get(memberId);
      if (pending !== undefined) {
        clearTimeout(pending);
        group.pendingMembers.delete(memberId);
        left += 1;
        return null;
      }
      const member = group.members.get(memberId);
      if (member === undefined) return 'unknown-member-id';
      this.rebalance.removeMember(group, member, 'left the group');
      left += 1;
      return null;
    });
    if (left > 0) this.rebalance.afterMemberRemoved(group, 'members left');
    return results;
  }

  /** OffsetCommit's membership check. generationId < 0 with no member id commits for a group without members. */
  validateCommit(
    groupId: string,
    generationId: number,
    memberId: string,
    groupInstanceId: string | null,
  ): GroupError | null {
    if (this.closed) return 'coordinator-not-available';
    const group = this.groups.get(groupId);
    if (group === undefined) return generationId < 0 ? null : 'illegal-generation';
    if (group.isStaticMemberFenced(memberId, groupInstanceId)) return 'fenced-instance-id';
    if (generationId < 0 && group.state === 'Empty') return null;
    if (group.state === 'CompletingRebalance') return 'rebalance-in-progress';
    const member = group.members.get(memberId);
    if (member === undefined) return 'unknown-member-id';
    if (generationId !== group.generationId) return 'illegal-generation';
    this.rebalance.touchSession(group, member);
    return null;
  }

  private expirePending(group: Group, memberId: string): void {
    if (!group.pendingMembers.delete(memberId)) return;
    this.rebalance.tryCompleteJoin(group);
    if (group.state === 'Empty') this.forgetIfUnused(group);
  }

  /** An Empty group without pending members or committed offsets has nothing left to remember. */
  private forgetIfUnused(group: Group): void {
    if (group.state !== 'Empty' || group.members.size > 0 || group.pendingMembers.size > 0) return;
    if (this.opts.offsets.hasGroup(group.groupId) || this.groups.get(group.groupId) !== group) return;
    this.rebalance.clearGroupTimers(group);
    group.state = 'Dead';
    this.groups.delete(group.groupId);
  }
}
