export {
  GroupCoordinator,
  type GroupCoordinatorOptions,
  type JoinRequest,
  type MemberRef,
  type SyncRequest,
} from './group-coordinator.js';
export { subscribedTopics } from './consumer-protocol.js';
export type { Group, GroupError, GroupState, JoinOutcome, Member, SyncOutcome } from './group.js';
