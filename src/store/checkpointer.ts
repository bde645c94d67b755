import type { Logger } from 'pino';
import { BrokerError } from '../errors.js';
import type { CommitLog } from './commit-log/commit-log.js';
import { type CheckpointData, writeCheckpoint } from './checkpoint.js';
import { QUEUE_INDEX_ENTRY_BYTES } from './queue-index/queue-index-entry.js';
import type { QueueState } from './queue-state.js';
import type { TopicTable } from './topic-table.js';

/**
 * Makes the store's state durable in order: fdatasync the CommitLog, append the new queue index entries
 * below the synced position to the index files (fdatasync), then write checkpoint.json. Runs on the flush
 * timer, after retention and DeleteRecords, and at close. Concurrent calls share the next run.
 */
export class Checkpointer {
  private readonly dataDir: string;
  private readonly commitLog: CommitLog;
  private readonly topics: TopicTable;
  private readonly log: Logger;
  private readonly nowMs: () => number;
  private running: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  /** Runs completed (tests and diagnostics). */
  runs = 0;

  constructor(dataDir: string, commitLog: CommitLog, topics: TopicTable, log: Logger, nowMs: () => number) {
    this.dataDir = dataDir;
    this.commitLog = commitLog;
    this.topics = topics;
    this.log = log;
    this.nowMs = nowMs;
  }

  run(): Promise<void> {
    if (this.queued !== null) return this.queued;
    const next = this.running.then(() => {
      this.queued = null;
      return this.runOnce();
    });
    this.queued = next;
    this.running = next.catch(() => undefined);
    return next;
  }

  private async runOnce(): Promise<void> {
    // After a failed fsync nothing more becomes durable; the commit log logged it once, so stay quiet.
    if (this.commitLog.syncFailure !== null) return;
    let position: number;
    try {
      position = await this.commitLog.sync();
    } catch (err) {
      if (err instanceof BrokerError && err.code === 'BRK_ERR_STORE_FSYNC_FAILED') return;
      throw err;
    }
    const jobs: Promise<void>[] = [];
    const queues: CheckpointData['queues'] = {};
    for (const topic of this.topics.all()) {
      const offsets: Record<string, [number, number]> = {};
      for (const queue of topic.queues) {
        const job = this.persistIndex(queue, position);
        if (job !== undefined) jobs.push(job);
        offsets[queue.queueId] = [queue.logStartOffset, durableNextOffset(queue, position)];
      }
      queues[topic.idHex] = offsets;
    }
    await Promise.all(jobs);
    const segments: Record<string, number> = {};
    for (const seg of this.commitLog.segments.all) segments[seg.base] = seg.maxStoreTimestampMs;
    await writeCheckpoint(this.dataDir, {
      version: 1,
      commitLogPosition: position,
      writtenAtMs: this.nowMs(),
      segments,
      queues,
    });
    this.runs += 1;
    if (this.log.isLevelEnabled('debug')) this.log.debug({ position }, 'checkpoint written');
  }

  private persistIndex(queue: QueueState, position: number): Promise<void> | undefined {
    const index = queue.index;
    const from = Math.max(queue.persistedOrdinal, index.firstOrdinal);
    const end = index.firstAtOrAfterPosition(position);
    if (end <= from) return undefined;
    const buf = Buffer.allocUnsafe((end - from) * QUEUE_INDEX_ENTRY_BYTES);
    index.encodeEntries(from, end, buf);
    return queue.files.append(buf).then(() => {
      if (end > queue.persistedOrdinal) queue.persistedOrdinal = end;
    });
  }
}

/** The queue's next offset counting only entries before the durable `position`. */
function durableNextOffset(queue: QueueState, position: number): number {
  const index = queue.index;
  const end = index.firstAtOrAfterPosition(position);
  if (end > index.firstOrdinal) {
    const last = end - 1;
    return Math.max(queue.logStartOffset, index.offsetAt(last) + index.countAt(last));
  }
  return index.length === 0 ? queue.nextOffset : queue.logStartOffset;
}
