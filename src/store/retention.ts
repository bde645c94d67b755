import type { SegmentList } from './commit-log/segment-list.js';
import type { QueueState } from './queue-state.js';
import type { TopicConfigValues } from './types.js';

/**
 * The log start offset that retention allows for one queue, by whole CommitLog segments: walking the
 * queue's entries grouped by segment, oldest first, a group goes while its segment is sealed and either
 * expired for this topic (`now - segment's largest store timestamp > retention.ms`) or the queue would
 * still hold at least `retention.bytes` without it. Returns the current log start offset when nothing goes.
 */
export function retentionLogStart(
  queue: QueueState,
  config: TopicConfigValues,
  segments: SegmentList,
  activeBase: number,
  nowMs: number,
): number {
  const index = queue.index;
  const first = queue.firstReadableOrdinal();
  if (first < 0 || (config.retentionMs < 0 && config.retentionBytes < 0)) return queue.logStartOffset;
  const end = index.endOrdinal;
  let remainingBytes = 0;
  if (config.retentionBytes >= 0) for (let ord = first; ord < end; ord++) remainingBytes += index.sizeAt(ord);

  let logStart = queue.logStartOffset;
  let ord = first;
  while (ord < end) {
    const segment = segments.find(index.positionAt(ord));
    if (segment === undefined || segment.base >= activeBase) break;
    const groupEnd = index.firstAtOrAfterPosition(segment.end);
    let groupBytes = 0;
    if (config.retentionBytes >= 0) for (let o = ord; o < groupEnd; o++) groupBytes += index.sizeAt(o);
    const expired = config.retentionMs >= 0 && nowMs - segment.maxStoreTimestampMs > config.retentionMs;
    const oversize = config.retentionBytes >= 0 && remainingBytes - groupBytes >= config.retentionBytes;
    if (!expired && !oversize) break;
    remainingBytes -= groupBytes;
    const last = groupEnd - 1;
    logStart = Math.max(logStart, index.offsetAt(last) + index.countAt(last));
    ord = groupEnd;
  }
  return logStart;
}
