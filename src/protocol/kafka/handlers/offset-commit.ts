import type { OffsetCommitEntry, TopicInfo } from '../../../store/index.js';
import { ErrorCode, type ErrorCodeValue } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import { groupErrorCode } from '../map-store-error.js';
import {
  OffsetCommitApi,
  decodeOffsetCommitRequest,
  encodeOffsetCommitResponse,
  type OffsetCommitRequest,
  type OffsetCommitResponse,
  type OffsetCommitResponseOffsetCommitResponsePartition,
} from '../messages/offset-commit.js';

/** Kafka offset.metadata.max.bytes. */
export const MAX_OFFSET_METADATA_BYTES = 4096;

/** The per-partition checks shared by OffsetCommit and TxnOffsetCommit: the partition exists, the metadata fits. */
export function partitionCommitError(
  topic: TopicInfo | undefined,
  partitionIndex: number,
  metadata: string | null,
): ErrorCodeValue {
  if (topic === undefined || partitionIndex < 0 || partitionIndex >= topic.queueCount) {
    return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
  }
  if (metadata !== null && Buffer.byteLength(metadata) > MAX_OFFSET_METADATA_BYTES) {
    return ErrorCode.OFFSET_METADATA_TOO_LARGE;
  }
  return ErrorCode.NONE;
}

type PartitionResult = OffsetCommitResponseOffsetCommitResponsePartition;

/**
 * Stores the offsets of one request with one journal write. v1+ commits are checked against the group's
 * membership (generation, member id, group.instance.id); generation -1 with no member id commits for a
 * group without members. v0 (ZooKeeper-era) commits skip the check and land in the same place.
 */
async function handleOffsetCommit(
  ctx: RequestContext,
  request: OffsetCommitRequest,
): Promise<OffsetCommitResponse> {
  const { store, groups } = ctx.services;
  const v = ctx.apiVersion;
  const response: OffsetCommitResponse = { throttleTimeMs: 0, topics: [] };
  let groupError: ErrorCodeValue = ErrorCode.NONE;
  if (request.groupId === '') groupError = ErrorCode.INVALID_GROUP_ID;
  else if (v >= 1) {
    groupError = groupErrorCode(
      groups.validateCommit(
        request.groupId,
        request.generationIdOrMemberEpoch,
        request.memberId,
        v >= 7 ? request.groupInstanceId : null,
      ),
    );
  }
  const now = Date.now();
  const retentionMs = v >= 2 && v <= 4 ? Number(request.retentionTimeMs) : -1;
  const entries: OffsetCommitEntry[] = [];
  const pending: PartitionResult[] = [];
  for (const t of request.topics) {
    const partitions: PartitionResult[] = [];
    response.topics.push({ name: t.name, partitions });
    const info = store.getTopic(t.name);
    for (const p of t.partitions) {
      const result: PartitionResult = { partitionIndex: p.partitionIndex, errorCode: groupError };
      partitions.push(result);
      if (groupError !== ErrorCode.NONE) continue;
      result.errorCode = partitionCommitError(info, p.partitionIndex, p.committedMetadata);
      if (result.errorCode !== ErrorCode.NONE) continue;
      const commitTimestampMs = v === 1 && p.commitTimestamp >= 0n ? Number(p.commitTimestamp) : now;
      const entry: OffsetCommitEntry = {
        topic: t.name,
        queueId: p.partitionIndex,
        offset: Number(p.committedOffset),
        leaderEpoch: v >= 6 ? p.committedLeaderEpoch : -1,
        metadata: p.committedMetadata,
        commitTimestampMs,
      };
      if (retentionMs >= 0) entry.expireTimestampMs = now + retentionMs;
      entries.push(entry);
      pending.push(result);
    }
  }
  if (entries.length > 0) {
    const outcome = store.consumerOffsets.commit(request.groupId, entries);
    let failed = outcome.status !== 'ok';
    if (outcome.status === 'ok') {
      try {
        await outcome.durable;
      } catch (err) {
        ctx.log.error({ err, group: request.groupId }, 'offset commit fsync failed');
        failed = true;
      }
    }
    if (failed) for (const r of pending) r.errorCode = ErrorCode.KAFKA_STORAGE_ERROR;
  }
  return response;
}

export const offsetCommitHandler = defineKafkaHandler({
  api: OffsetCommitApi,
  name: 'OffsetCommit',
  minVersion: 0,
  maxVersion: 9,
  decode: decodeOffsetCommitRequest,
  encode: encodeOffsetCommitResponse,
  handle: handleOffsetCommit,
});
