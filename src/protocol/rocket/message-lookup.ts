import type { StoredEntry } from '../../store/index.js';
import { PayloadFormat } from '../../store/index.js';
import { recordAtCommitLogOffset, serveEntry } from './codec/message-codec.js';
import type { RocketServices } from './services.js';

/** One message found by its commit-log offset, in the stored-message layout (REFERENCE §3.1). */
export interface FoundMessage {
  topic: string;
  queueId: number;
  queueOffset: number;
  bytes: Buffer;
}

/**
 * The message of `entry` that `commitLogOffset` names: the entry itself for a RocketMQ message (its
 * start), the record at entry offset + k for a Kafka batch (codec/message-codec.ts recordCommitLogOffset).
 */
export function messageOfEntry(
  services: RocketServices,
  topic: string,
  queueId: number,
  entry: StoredEntry,
  commitLogOffset: number,
): FoundMessage | undefined {
  let queueOffset: number | undefined = entry.baseOffset;
  if (entry.format === PayloadFormat.RocketMessage) {
    if (commitLogOffset !== entry.commitLogOffset) return undefined;
  } else {
    queueOffset = recordAtCommitLogOffset(entry, commitLogOffset);
    if (queueOffset === undefined) return undefined;
  }
  const served = serveEntry(entry, queueOffset, null, {
    topic,
    queueId,
    storeHost: services.broker.storeHost,
    decompressBatch: services.decompressBatch,
    maxDecompressedBytes: services.maxDecompressedBytes,
  }).find((m) => m.queueOffset === queueOffset);
  if (served?.bytes == null) return undefined;
  return { topic, queueId, queueOffset, bytes: served.bytes };
}

/**
 * The message whose PHYSICALOFFSET is `commitLogOffset` (VIEW_MESSAGE_BY_ID, CONSUMER_SEND_MSG_BACK), or
 * undefined when no live entry holds it. Throws nothing for bad offsets; corrupt entries count as missing.
 */
export async function findMessageAt(
  services: RocketServices,
  commitLogOffset: number,
): Promise<FoundMessage | undefined> {
  const found = await services.store.readAt(commitLogOffset);
  if (found.status !== 'ok') return undefined;
  return messageOfEntry(services, found.topic, found.queueId, found.entry, commitLogOffset);
}
