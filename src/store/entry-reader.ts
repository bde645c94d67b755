import type { CommitLog } from './commit-log/commit-log.js';
import { HEADER_FIXED_BYTES, checkEntry } from './commit-log/entry-format.js';
import type { QueueState } from './queue-state.js';
import type { BufferPool } from '../model/buffer-pool.js';
import type { ReadLease } from './read-buffers.js';
import type { TopicRecord } from './topic-table.js';
import type { PayloadFormat, StoredEntry } from './types.js';

/** Entries closer than this in the CommitLog are fetched with one read, gap included. */
const MAX_READ_GAP_BYTES = 64 * 1024;

export type EntryReadResult =
  { ok: true; entries: StoredEntry[]; bytes: number } | { ok: false; message: string };

interface Range {
  start: number;
  end: number;
  first: number;
  last: number;
  /** Where the range lands in the read buffer. */
  at: number;
}

/** Where read memory comes from: recycled through `lease` when given, else freshly allocated. */
export interface ReadMemory {
  pool: BufferPool;
  lease: ReadLease | undefined;
}

/**
 * Reads whole entries of one queue from `firstOrdinal` on: as many as fit `maxBytes` of payload (at least
 * one when `atLeastOne`), with one read per contiguous CommitLog range, all into one buffer, returning
 * payload slices of it. Each entry's header (magic, size, topic id, queue offset) is checked; its header
 * CRC and, with `verifyBatchCrc`, the record batch CRC-32C of format-1 payloads too, unless an earlier
 * read of this process checked the same entry (QueueIndex.isVerified; docs/durability.md).
 */
export async function readQueueEntries(
  commitLog: CommitLog,
  topic: TopicRecord,
  queue: QueueState,
  firstOrdinal: number,
  maxBytes: number,
  atLeastOne: boolean,
  maxEntries = Number.MAX_SAFE_INTEGER,
  verifyBatchCrc = false,
  memory?: ReadMemory,
): Promise<EntryReadResult> {
  const index = queue.index;
  const overhead = HEADER_FIXED_BYTES + topic.nameBytes.length;
  let endOrdinal = firstOrdinal;
  let bytes = 0;
  while (endOrdinal < index.endOrdinal && endOrdinal - firstOrdinal < maxEntries) {
    const payloadBytes = index.sizeAt(endOrdinal) - overhead;
    const first = endOrdinal === firstOrdinal;
    if (!(first && atLeastOne) && bytes + payloadBytes > maxBytes) break;
    bytes += payloadBytes;
    endOrdinal += 1;
  }
  if (endOrdinal === firstOrdinal) return { ok: true, entries: [], bytes: 0 };

  const ranges: Range[] = [];
  let current: Range | undefined;
  let currentSegment = -1;
  let total = 0;
  for (let ord = firstOrdinal; ord < endOrdinal; ord++) {
    const position = index.positionAt(ord);
    const end = position + index.sizeAt(ord);
    const segment = commitLog.segments.indexOf(position);
    if (current !== undefined && segment === currentSegment && position - current.end <= MAX_READ_GAP_BYTES) {
      total += end - current.end;
      current.end = end;
      current.last = ord;
    } else {
      current = { start: position, end, first: ord, last: ord, at: total };
      currentSegment = segment;
      ranges.push(current);
      total += end - position;
    }
  }
  const truncations = index.truncations;
  // One buffer for all ranges: recycled memory when the caller leases it, else one allocation.
  const buf = memory?.lease !== undefined ? memory.lease.take(memory.pool, total) : Buffer.allocUnsafe(total);
  await Promise.all(ranges.map((r) => commitLog.readInto(r.start, r.end - r.start, buf, r.at)));

  const entries: StoredEntry[] = [];
  for (let r = 0; r < ranges.length; r++) {
    const range = ranges[r] as Range;
    for (let ord = range.first; ord <= range.last; ord++) {
      const at = index.positionAt(ord) - range.start + range.at;
      const checked = index.isVerified(ord);
      const check = checkEntry(buf, at, verifyBatchCrc && !checked, !checked);
      if (!check.ok) return { ok: false, message: `entry at ${index.positionAt(ord)}: ${check.reason}` };
      const h = check.header;
      if (
        h.totalSize !== index.sizeAt(ord) ||
        h.queueOffset !== index.offsetAt(ord) ||
        !h.topicId.equals(topic.info.id)
      ) {
        return { ok: false, message: `entry at ${index.positionAt(ord)} does not match the queue index` };
      }
      entries.push({
        baseOffset: h.queueOffset,
        count: h.count,
        format: h.format as PayloadFormat,
        maxTimestampMs: h.maxTimestampMs,
        tagsCode: h.tagsCode,
        payload: buf.subarray(at + h.payloadStart, at + h.totalSize),
        commitLogOffset: index.positionAt(ord),
        size: h.totalSize,
        storeTimestampMs: h.storeTimestampMs,
      });
    }
  }
  // Skipping the batch CRC later is only right when it was checked now.
  if (verifyBatchCrc && index.truncations === truncations) index.markVerified(firstOrdinal, endOrdinal);
  return { ok: true, entries, bytes };
}
