import type { Logger } from 'pino';
import type { CommitLog } from './commit-log/commit-log.js';
import type { SegmentList } from './commit-log/segment-list.js';
import type { Checkpointer } from './checkpointer.js';
import type { QueueState } from './queue-state.js';
import type { TopicTable } from './topic-table.js';
import type { TopicConfigValues } from './types.js';

export interface RetentionRunResult {
  /** Queues whose log start offset moved. */
  advancedQueues: number;
  /** Base positions of the CommitLog segments deleted. */
  deletedSegments: number[];
}

/**
 * One retention pass over every queue: move log start offsets, persist them (checkpoint), then delete the
 * index files and the CommitLog segments that no queue can read any more.
 */
export class RetentionRunner {
  private readonly topics: TopicTable;
  private readonly commitLog: CommitLog;
  private readonly checkpointer: Checkpointer;
  private readonly log: Logger;
  private readonly nowMs: () => number;

  constructor(
    topics: TopicTable,
    commitLog: CommitLog,
    checkpointer: Checkpointer,
    log: Logger,
    nowMs: () => number,
  ) {
    this.topics = topics;
    this.commitLog = commitLog;
    this.checkpointer = checkpointer;
    this.log = log;
    this.nowMs = nowMs;
  }

  async run(): Promise<RetentionRunResult> {
    const nowMs = this.nowMs();
    const activeBase = this.commitLog.activeSegment.base;
    const advanced: QueueState[] = [];
    for (const topic of this.topics.all()) {
      for (const queue of topic.queues) {
        const start = retentionLogStart(queue, topic.info.config, this.commitLog.segments, activeBase, nowMs);
        if (start > queue.logStartOffset) {
          queue.logStartOffset = start;
          queue.trimToLogStart();
          advanced.push(queue);
        }
      }
    }
    const first = this.commitLog.segments.first;
    const deletable =
      first !== undefined && first.base < activeBase && first.end <= this.firstNeededPosition();
    if (advanced.length === 0 && !deletable) return { advancedQueues: 0, deletedSegments: [] };
    // Persist the new log start offsets (and every index entry) before any data goes.
    await this.checkpointer.run();
    await Promise.all(advanced.map((q) => q.dropIndexFilesBeforeLogStart()));
    const deleted = this.commitLog.deleteSegmentsBefore(this.firstNeededPosition()).map((s) => s.base);
    if (deleted.length > 0) this.log.info({ segments: deleted }, 'retention deleted commit log segments');
    return { advancedQueues: advanced.length, deletedSegments: deleted };
  }

  /** The lowest CommitLog position any live queue can still read. */
  private firstNeededPosition(): number {
    let min = Number.POSITIVE_INFINITY;
    for (const topic of this.topics.all()) {
      for (const queue of topic.queues) {
        const ord = queue.firstReadableOrdinal();
        if (ord >= 0) min = Math.min(min, queue.index.positionAt(ord));
      }
    }
    return min;
  }
}

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
