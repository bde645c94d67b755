import type { Logger } from '../../../logger.js';
import {
  EMPTY,
  type Group,
  type JoinOutcome,
  type JoinRequest,
  type Member,
  type SyncOutcome,
  joinError,
  syncError,
} from './group.js';

/**
 * The rebalance machinery of the classic protocol: the join phase (initial delay, rebalance timeout),
 * the next generation with its protocol and leader, the sync deadline, session timers and member removal.
 * The GroupCoordinator validates requests and calls in here.
 */
export class Rebalancer {
  constructor(
    private readonly initialRebalanceDelayMs: number,
    private readonly log: Logger,
    /** Called when a group became Empty, so that the coordinator can forget it. */
    private readonly onEmpty: (group: Group) => void,
  ) {}

  addMemberAndRebalance(group: Group, memberId: string, req: JoinRequest): Promise<JoinOutcome> {
    const member: Member = {
      memberId,
      groupInstanceId: req.groupInstanceId,
      clientId: req.clientId,
      clientHost: req.clientHost,
      sessionTimeoutMs: req.sessionTimeoutMs,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      protocolType: req.protocolType,
      protocols: req.protocols,
      assignment: EMPTY,
      joinWaiter: null,
      syncWaiter: null,
      sessionTimer: null,
    };
    if (group.members.size === 0) group.protocolType = req.protocolType;
    group.members.set(memberId, member);
    if (req.groupInstanceId !== null) group.staticMembers.set(req.groupInstanceId, memberId);
    group.leaderId ??= memberId;
    if (group.initialDelay !== null) group.initialDelay.newMemberAdded = true;
    const outcome = this.waitForJoin(member);
    this.maybePrepareRebalance(group, `member ${memberId} joined`);
    this.tryCompleteJoin(group);
    return outcome;
  }

  updateMemberAndRebalance(group: Group, member: Member, req: JoinRequest): Promise<JoinOutcome> {
    member.protocols = req.protocols;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    member.clientId = req.clientId;
    member.clientHost = req.clientHost;
    this.answerJoin(member, joinError('rebalance-in-progress', member.memberId));
    const outcome = this.waitForJoin(member);
    this.maybePrepareRebalance(group, `member ${member.memberId} rejoined`);
    this.tryCompleteJoin(group);
    return outcome;
  }

  waitForJoin(member: Member): Promise<JoinOutcome> {
    if (member.sessionTimer !== null) clearTimeout(member.sessionTimer);
    member.sessionTimer = null;
    return new Promise((resolve) => {
      member.joinWaiter = resolve;
    });
  }

  maybePrepareRebalance(group: Group, reason: string): void {
    if (group.state === 'Stable' || group.state === 'CompletingRebalance' || group.state === 'Empty') {
      this.prepareRebalance(group, reason);
    }
  }

  prepareRebalance(group: Group, reason: string): void {
    if (group.state === 'CompletingRebalance') {
      for (const m of group.members.values()) this.answerSync(m, syncError('rebalance-in-progress'));
    }
    this.clearGroupTimers(group);
    group.pendingSync.clear();
    const wasEmpty = group.state === 'Empty';
    group.state = 'PreparingRebalance';
    this.log.info({ group: group.groupId, generation: group.generationId, reason }, 'preparing rebalance');
    if (wasEmpty && this.initialRebalanceDelayMs > 0) {
      const delay = Math.min(this.initialRebalanceDelayMs, group.maxRebalanceTimeoutMs());
      group.initialDelay = {
        remainingMs: Math.max(group.maxRebalanceTimeoutMs() - delay, 0),
        newMemberAdded: false,
      };
      this.setJoinTimer(group, delay, () => this.onInitialDelay(group));
    } else {
      this.setJoinTimer(group, group.maxRebalanceTimeoutMs(), () => this.completeJoin(group));
    }
  }

  /** The initial delay extends itself while members keep arriving, up to the rebalance timeout. */
  onInitialDelay(group: Group): void {
    const delay = group.initialDelay;
    if (delay !== null && delay.newMemberAdded && delay.remainingMs > 0) {
      const next = Math.min(this.initialRebalanceDelayMs, delay.remainingMs);
      group.initialDelay = { remainingMs: delay.remainingMs - next, newMemberAdded: false };
      this.setJoinTimer(group, next, () => this.onInitialDelay(group));
      return;
    }
    group.initialDelay = null;
    this.completeJoin(group);
  }

  tryCompleteJoin(group: Group): void {
    if (group.state === 'PreparingRebalance' && group.initialDelay === null && group.allJoined()) {
      this.completeJoin(group);
    }
  }

  /** Ends the join phase: members that did not rejoin leave, and the next generation starts. */
  completeJoin(group: Group): void {
    if (group.state !== 'PreparingRebalance') return;
    this.clearGroupTimers(group);
    group.initialDelay = null;
    for (const m of [...group.members.values()]) {
      if (m.joinWaiter === null) this.removeMember(group, m, 'did not rejoin in time');
    }
    group.generationId += 1;
    if (group.members.size === 0) {
      group.protocolName = null;
      group.protocolType = null;
      group.leaderId = null;
      group.state = 'Empty';
      this.log.info({ group: group.groupId, generation: group.generationId }, 'group is empty');
      this.onEmpty(group);
      return;
    }
    group.protocolName = group.selectProtocol();
    if (group.leaderId === null || !group.members.has(group.leaderId)) {
      group.leaderId = group.members.keys().next().value ?? null;
    }
    group.state = 'CompletingRebalance';
    this.log.info(
      {
        group: group.groupId,
        generation: group.generationId,
        protocol: group.protocolName,
        members: group.members.size,
      },
      'join complete',
    );
    const members = this.memberList(group);
    for (const m of group.members.values()) {
      group.pendingSync.add(m.memberId);
      const isLeader = m.memberId === group.leaderId;
      this.answerJoin(m, {
        error: null,
        generationId: group.generationId,
        protocolType: group.protocolType,
        protocolName: group.protocolName,
        leaderId: group.leaderId ?? '',
        memberId: m.memberId,
        members: isLeader ? members : [],
        skipAssignment: false,
      });
      this.touchSession(group, m);
    }
    const generation = group.generationId;
    group.syncTimer = setTimeout(() => this.onSyncTimeout(group, generation), group.maxRebalanceTimeoutMs());
    group.syncTimer.unref();
  }

  memberList(group: Group): JoinOutcome['members'] {
    return [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: group.metadataFor(m, group.protocolName),
    }));
  }

  /** Members that never sent SyncGroup after the join leave, and the group rebalances. */
  onSyncTimeout(group: Group, generation: number): void {
    group.syncTimer = null;
    if (group.state !== 'CompletingRebalance' || group.generationId !== generation) return;
    for (const id of [...group.pendingSync]) {
      const m = group.members.get(id);
      if (m !== undefined) this.removeMember(group, m, 'no SyncGroup in time');
    }
    this.afterMemberRemoved(group, 'members did not sync');
  }

  /** (Re)starts the member's session timer; expiry removes it unless it is waiting in a join or sync. */
  touchSession(group: Group, member: Member): void {
    if (member.sessionTimer !== null) clearTimeout(member.sessionTimer);
    member.sessionTimer = setTimeout(() => {
      member.sessionTimer = null;
      if (group.members.get(member.memberId) !== member) return;
      if (member.joinWaiter !== null || member.syncWaiter !== null) {
        this.touchSession(group, member);
        return;
      }
      this.removeMember(group, member, 'session timed out');
      this.afterMemberRemoved(group, `member ${member.memberId} session timed out`);
    }, member.sessionTimeoutMs);
    member.sessionTimer.unref();
  }

  removeMember(group: Group, member: Member, why: string): void {
    if (member.sessionTimer !== null) clearTimeout(member.sessionTimer);
    member.sessionTimer = null;
    this.answerJoin(member, joinError('unknown-member-id', member.memberId));
    this.answerSync(member, syncError('unknown-member-id'));
    group.members.delete(member.memberId);
    group.pendingSync.delete(member.memberId);
    if (
      member.groupInstanceId !== null &&
      group.staticMembers.get(member.groupInstanceId) === member.memberId
    ) {
      group.staticMembers.delete(member.groupInstanceId);
    }
    if (group.leaderId === member.memberId) group.leaderId = group.members.keys().next().value ?? null;
    this.log.info({ group: group.groupId, member: member.memberId, why }, 'member removed');
  }

  afterMemberRemoved(group: Group, reason: string): void {
    switch (group.state) {
      case 'Stable':
      case 'CompletingRebalance':
        if (group.members.size === 0) {
          this.clearGroupTimers(group);
          group.pendingSync.clear();
          group.state = 'Empty';
          group.generationId += 1;
          group.protocolName = null;
          group.protocolType = null;
          group.leaderId = null;
          this.onEmpty(group);
        } else {
          this.prepareRebalance(group, reason);
        }
        return;
      case 'PreparingRebalance':
        this.tryCompleteJoin(group);
        return;
      case 'Empty':
      case 'Dead':
        return;
    }
  }

  setJoinTimer(group: Group, ms: number, fire: () => void): void {
    if (group.joinTimer !== null) clearTimeout(group.joinTimer);
    group.joinTimer = setTimeout(() => {
      group.joinTimer = null;
      fire();
    }, ms);
    group.joinTimer.unref();
  }

  clearGroupTimers(group: Group): void {
    if (group.joinTimer !== null) clearTimeout(group.joinTimer);
    if (group.syncTimer !== null) clearTimeout(group.syncTimer);
    group.joinTimer = null;
    group.syncTimer = null;
  }

  answerJoin(member: Member, outcome: JoinOutcome): void {
    const waiter = member.joinWaiter;
    member.joinWaiter = null;
    waiter?.(outcome);
  }

  answerSync(member: Member, outcome: SyncOutcome): void {
    const waiter = member.syncWaiter;
    member.syncWaiter = null;
    waiter?.(outcome);
  }
}
