import type { OffsetCommitEntry } from '../../../store/index.js';

/** Kafka's TransactionState names (as DescribeTransactions and ListTransactions show them). */
export type TxnState =
  'Empty' | 'Ongoing' | 'PrepareCommit' | 'PrepareAbort' | 'CompleteCommit' | 'CompleteAbort';

export const TXN_STATES: readonly TxnState[] = [
  'Empty',
  'Ongoing',
  'PrepareCommit',
  'PrepareAbort',
  'CompleteCommit',
  'CompleteAbort',
];

export interface TxnPartition {
  topic: string;
  partition: number;
}

/** Everything the coordinator keeps about one transactional id (persisted whole on every change). */
export interface TransactionMetadata {
  transactionalId: string;
  producerId: bigint;
  producerEpoch: number;
  timeoutMs: number;
  state: TxnState;
  /** Partitions in the current transaction, keyed `topic\u0000partition`. */
  partitions: Map<string, TxnPartition>;
  /** Consumer groups added with AddOffsetsToTxn. */
  groups: Set<string>;
  /** TxnOffsetCommit offsets by group, applied to the committed offsets on commit. */
  pendingOffsets: Map<string, Map<string, OffsetCommitEntry>>;
  /** When the current transaction started (first AddPartitions/AddOffsets), or -1. */
  startTimeMs: number;
  updateTimeMs: number;
}

export const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

export function newTransaction(
  transactionalId: string,
  producerId: bigint,
  timeoutMs: number,
  nowMs: number,
): TransactionMetadata {
  return {
    transactionalId,
    producerId,
    producerEpoch: 0,
    timeoutMs,
    state: 'Empty',
    partitions: new Map(),
    groups: new Set(),
    pendingOffsets: new Map(),
    startTimeMs: -1,
    updateTimeMs: nowMs,
  };
}

interface SerializedOffset {
  topic: string;
  partition: number;
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
  commitTimestampMs: number;
}

/** The JSON body of a Transaction journal record. */
export function serializeTransaction(t: TransactionMetadata): Record<string, unknown> {
  return {
    id: t.transactionalId,
    pid: t.producerId.toString(),
    epoch: t.producerEpoch,
    timeoutMs: t.timeoutMs,
    state: t.state,
    partitions: [...t.partitions.values()].map((p) => [p.topic, p.partition]),
    groups: [...t.groups],
    offsets: [...t.pendingOffsets].map(([group, entries]) => ({
      group,
      entries: [...entries.values()].map((e): SerializedOffset => ({
        topic: e.topic,
        partition: e.queueId,
        offset: e.offset,
        leaderEpoch: e.leaderEpoch,
        metadata: e.metadata,
        commitTimestampMs: e.commitTimestampMs,
      })),
    })),
    startTimeMs: t.startTimeMs,
    updateTimeMs: t.updateTimeMs,
  };
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Parses a Transaction record body; undefined when it is malformed. */
export function deserializeTransaction(body: Record<string, unknown>): TransactionMetadata | undefined {
  const { id, pid, epoch, timeoutMs, state, partitions, groups, offsets, startTimeMs, updateTimeMs } = body;
  if (!isString(id) || !isString(pid) || !/^-?\d+$/.test(pid) || !isNumber(epoch) || !isNumber(timeoutMs)) {
    return undefined;
  }
  if (!isString(state) || !(TXN_STATES as readonly string[]).includes(state)) return undefined;
  if (!Array.isArray(partitions) || !Array.isArray(groups) || !Array.isArray(offsets)) return undefined;
  if (!isNumber(startTimeMs) || !isNumber(updateTimeMs)) return undefined;
  const t = newTransaction(id, BigInt(pid), timeoutMs, updateTimeMs);
  t.producerEpoch = epoch;
  t.state = state as TxnState;
  t.startTimeMs = startTimeMs;
  for (const p of partitions as unknown[]) {
    if (!Array.isArray(p) || !isString(p[0]) || !isNumber(p[1])) return undefined;
    t.partitions.set(partitionKey(p[0], p[1]), { topic: p[0], partition: p[1] });
  }
  for (const g of groups as unknown[]) if (isString(g)) t.groups.add(g);
  for (const o of offsets as unknown[]) {
    if (typeof o !== 'object' || o === null) return undefined;
    const { group, entries } = o as { group?: unknown; entries?: unknown };
    if (!isString(group) || !Array.isArray(entries)) return undefined;
    const map = new Map<string, OffsetCommitEntry>();
    for (const e of entries as SerializedOffset[]) {
      if (!isString(e.topic) || !isNumber(e.partition) || !isNumber(e.offset)) return undefined;
      map.set(partitionKey(e.topic, e.partition), {
        topic: e.topic,
        queueId: e.partition,
        offset: e.offset,
        leaderEpoch: isNumber(e.leaderEpoch) ? e.leaderEpoch : -1,
        metadata: isString(e.metadata) ? e.metadata : null,
        commitTimestampMs: isNumber(e.commitTimestampMs) ? e.commitTimestampMs : updateTimeMs,
      });
    }
    t.pendingOffsets.set(group, map);
  }
  return t;
}
