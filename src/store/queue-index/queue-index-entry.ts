import { readInt64, writeInt64 } from '../int64.js';

/** One fixed-width queue index entry on disk; see docs/formats/queue-index.md. */
export const QUEUE_INDEX_ENTRY_BYTES = 40;

export interface QueueIndexEntry {
  queueOffset: number;
  position: number;
  size: number;
  count: number;
  maxTimestampMs: number;
  tagsCode: number;
}

export function encodeQueueIndexEntry(buf: Buffer, at: number, e: QueueIndexEntry): void {
  writeInt64(buf, at, e.queueOffset);
  writeInt64(buf, at + 8, e.position);
  buf.writeInt32BE(e.size, at + 16);
  buf.writeInt32BE(e.count, at + 20);
  writeInt64(buf, at + 24, e.maxTimestampMs);
  writeInt64(buf, at + 32, e.tagsCode);
}

export function decodeQueueIndexEntry(buf: Buffer, at: number): QueueIndexEntry {
  return {
    queueOffset: readInt64(buf, at),
    position: readInt64(buf, at + 8),
    size: buf.readInt32BE(at + 16),
    count: buf.readInt32BE(at + 20),
    maxTimestampMs: readInt64(buf, at + 24),
    tagsCode: readInt64(buf, at + 32),
  };
}
