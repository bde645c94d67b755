/** One classic consumer group's membership: its state, members and generation (no logic beyond bookkeeping). */

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** Expected failures of group operations; map-store-error.ts turns them into Kafka error codes. */
export type GroupError =
  | 'invalid-group-id'
  | 'invalid-session-timeout'
  | 'inconsistent-group-protocol'
  | 'unknown-member-id'
  | 'member-id-required'
  | 'illegal-generation'
  | 'rebalance-in-progress'
  | 'fenced-instance-id'
  | 'coordinator-not-available'
  | 'non-empty-group'
  | 'group-id-not-found'
  | 'group-subscribed-to-topic';

export interface GroupProtocol {
  name: string;
  metadata: Buffer;
}

export interface JoinRequest {
  groupId: string;
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: GroupProtocol[];
  /** JoinGroup v4+: an unknown member first gets MEMBER_ID_REQUIRED with its id. */
  requireKnownMemberId: boolean;
}

export interface SyncRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string | null;
  protocolName: string | null;
  assignments: { memberId: string; assignment: Buffer }[];
}

export interface MemberRef {
  memberId: string;
  groupInstanceId: string | null;
}

export interface JoinOutcome {
  error: GroupError | null;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leaderId: string;
  memberId: string;
  /** Filled for the leader only: every member's metadata for the chosen protocol. */
  members: { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
  skipAssignment: boolean;
}

export interface SyncOutcome {
  error: GroupError | null;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Buffer;
}

export interface Member {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: GroupProtocol[];
  assignment: Buffer;
  /** Set while the member's JoinGroup waits for the rebalance to complete. */
  joinWaiter: ((outcome: JoinOutcome) => void) | null;
  /** Set while the member's SyncGroup waits for the leader's assignment. */
  syncWaiter: ((outcome: SyncOutcome) => void) | null;
  sessionTimer: NodeJS.Timeout | null;
}

export const EMPTY = Buffer.alloc(0);

export function joinError(error: GroupError, memberId = ''): JoinOutcome {
  return {
    error,
    generationId: -1,
    protocolType: null,
    protocolName: null,
    leaderId: '',
    memberId,
    members: [],
    skipAssignment: false,
  };
}

export function syncError(error: GroupError): SyncOutcome {
  return { error, protocolType: null, protocolName: null, assignment: EMPTY };
}

export class Group {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, Member>();
  /** group.instance.id -> current member id. */
  readonly staticMembers = new Map<string, string>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, not yet joined; each with its expiry timer. */
  readonly pendingMembers = new Map<string, NodeJS.Timeout>();
  /** Members that have not sent SyncGroup since the last join completed. */
  readonly pendingSync = new Set<string>();
  /** The rebalance deadline (or the initial delay's next step) while PreparingRebalance. */
  joinTimer: NodeJS.Timeout | null = null;
  /** The deadline for SyncGroup while CompletingRebalance. */
  syncTimer: NodeJS.Timeout | null = null;
  /** Set while a new group waits group.initial.rebalance.delay.ms for more members. */
  initialDelay: { remainingMs: number; newMemberAdded: boolean } | null = null;

  constructor(readonly groupId: string) {}

  /** Protocols every member supports, in the order of the first member's preference. */
  candidateProtocols(): string[] {
    let candidates: string[] | null = null;
    for (const m of this.members.values()) {
      const names = m.protocols.map((p) => p.name);
      candidates = candidates === null ? names : candidates.filter((c) => names.includes(c));
    }
    return candidates ?? [];
  }

  /** Whether a joining member's protocols are compatible with the group's. */
  supportsProtocols(protocolType: string, protocols: readonly GroupProtocol[]): boolean {
    if (this.members.size === 0) return protocolType !== '' && protocols.length > 0;
    if (this.protocolType !== protocolType) return false;
    const candidates = this.candidateProtocols();
    return protocols.some((p) => candidates.includes(p.name));
  }

  /** Each member votes for its most preferred protocol among the candidates; the most votes wins. */
  selectProtocol(): string | null {
    const candidates = this.candidateProtocols();
    if (candidates.length === 0) return null;
    const votes = new Map<string, number>();
    for (const m of this.members.values()) {
      const choice = m.protocols.find((p) => candidates.includes(p.name))?.name;
      if (choice !== undefined) votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    let best = candidates[0] as string;
    for (const c of candidates) if ((votes.get(c) ?? 0) > (votes.get(best) ?? 0)) best = c;
    return best;
  }

  metadataFor(member: Member, protocol: string | null): Buffer {
    return member.protocols.find((p) => p.name === protocol)?.metadata ?? EMPTY;
  }

  maxRebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  allJoined(): boolean {
    if (this.pendingMembers.size > 0) return false;
    for (const m of this.members.values()) if (m.joinWaiter === null) return false;
    return true;
  }

  /** True when group.instance.id is known with another member id (the caller is a fenced zombie). */
  isStaticMemberFenced(memberId: string, groupInstanceId: string | null): boolean {
    if (groupInstanceId === null) return false;
    const current = this.staticMembers.get(groupInstanceId);
    return current !== undefined && current !== memberId;
  }
}

/** Byte-equal protocol lists (same names, same order, same metadata). */
export function sameProtocols(a: readonly GroupProtocol[], b: readonly GroupProtocol[]): boolean {
  return (
    a.length === b.length && a.every((p, i) => p.name === b[i]?.name && p.metadata.equals(b[i].metadata))
  );
}
