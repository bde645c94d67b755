import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { CommitLog } from './commit-log/commit-log.js';
import { scanLog } from './commit-log/log-scanner.js';
import { type CheckpointData, hasCleanShutdownMarker, readCheckpointSync } from './checkpoint.js';
import { QUEUE_INDEX_ENTRY_BYTES, decodeQueueIndexEntry } from './queue-index/queue-index-entry.js';
import type { QueueState } from './queue-state.js';
import { topicDirName } from './topic-config.js';
import type { TopicTable } from './topic-table.js';

export interface RecoveryStats {
  /** clean: indexes loaded, no scan; scan: from the checkpoint; full-scan: every segment, indexes rebuilt. */
  mode: 'clean' | 'scan' | 'full-scan';
  scanStart: number;
  scannedEntries: number;
  scannedBytes: number;
  /** Valid entries of deleted topics or unknown queues, left unreachable. */
  skippedEntries: number;
  end: number;
  invalidReason?: string;
}

/**
 * Brings the CommitLog and the queue indexes back to a consistent state (synchronous I/O; runs once in
 * open()). After a clean shutdown it loads the index files and the checkpoint and scans nothing. Otherwise
 * it scans the log from the checkpoint (or from the first segment when there is no usable checkpoint or an
 * index file is inconsistent), cuts the log at the first invalid entry, and adds the missing index entries.
 */
export function recoverStore(
  dataDir: string,
  commitLog: CommitLog,
  topics: TopicTable,
  log: Logger,
): RecoveryStats {
  removeStaleQueueDirs(dataDir, topics, log);
  const checkpoint = readCheckpointSync(dataDir);
  const clean = hasCleanShutdownMarker(dataDir);
  const segments = commitLog.segments;
  segments.loadSync(new Map(Object.entries(checkpoint?.segments ?? {}).map(([k, v]) => [Number(k), v])));
  const firstBase = segments.first?.base ?? 0;
  const lastEnd = segments.last?.end ?? 0;

  const queues: QueueState[] = [];
  for (const topic of topics.all()) queues.push(...topic.queues);
  let indexesConsistent = true;
  for (const queue of queues) if (!loadQueueIndex(queue)) indexesConsistent = false;

  const ckptPosition = checkpoint?.commitLogPosition;
  const usable = ckptPosition !== undefined && ckptPosition <= lastEnd && indexesConsistent;
  const mode: RecoveryStats['mode'] = usable ? (clean ? 'clean' : 'scan') : 'full-scan';
  const scanStart = usable ? Math.max(ckptPosition, firstBase) : firstBase;
  if (!usable && checkpoint !== undefined)
    log.warn('checkpoint or queue index unusable; rebuilding every queue index');

  for (const queue of queues) {
    const keep = mode === 'full-scan' ? 0 : queue.index.firstAtOrAfterPosition(scanStart);
    queue.index.truncateFrom(keep);
    queue.files.truncateEntriesSync(keep);
    queue.persistedOrdinal = keep;
    // Entries whose segment is gone (retention) are not readable any more.
    queue.index.trimBefore(queue.index.firstAtOrAfterPosition(firstBase));
  }

  const stats: RecoveryStats = {
    mode,
    scanStart,
    scannedEntries: 0,
    scannedBytes: 0,
    skippedEntries: 0,
    end: scanStart,
  };
  if (mode !== 'clean') {
    const result = scanLog(segments, scanStart, log, (header, position, segment) => {
      if (header.storeTimestampMs > segment.maxStoreTimestampMs)
        segment.maxStoreTimestampMs = header.storeTimestampMs;
      const queue = topics.getById(header.topicId.toString('hex'))?.queues[header.queueId];
      const lastEnd = queue?.index.lastEnd();
      if (queue === undefined || (lastEnd !== undefined && header.queueOffset < lastEnd)) {
        stats.skippedEntries += 1;
        return;
      }
      queue.index.push({
        queueOffset: header.queueOffset,
        position,
        size: header.totalSize,
        count: header.count,
        maxTimestampMs: header.maxTimestampMs,
        tagsCode: header.tagsCode,
      });
    });
    stats.scannedEntries = result.entries;
    stats.scannedBytes = result.bytes;
    stats.end = result.end;
    if (result.invalidReason !== undefined) stats.invalidReason = result.invalidReason;
  }

  applyCheckpointOffsets(topics, checkpoint);
  commitLog.openAt(stats.end);
  return stats;
}

/** Loads a queue's index files into memory; false when the entries are not in offset and position order. */
function loadQueueIndex(queue: QueueState): boolean {
  const data = queue.files.loadSync();
  let prevEnd = -1;
  let prevPosition = -1;
  for (let at = 0; at < data.length; at += QUEUE_INDEX_ENTRY_BYTES) {
    const e = decodeQueueIndexEntry(data, at);
    if (e.queueOffset < prevEnd || e.position <= prevPosition || e.count < 1 || e.size <= 0) return false;
    queue.index.push(e);
    prevEnd = e.queueOffset + e.count;
    prevPosition = e.position;
  }
  return true;
}

/** next = the larger of the checkpoint's and the index's; logStartOffset never moves backwards. */
function applyCheckpointOffsets(topics: TopicTable, checkpoint: CheckpointData | undefined): void {
  for (const topic of topics.all()) {
    const saved = checkpoint?.queues[topic.idHex];
    for (const queue of topic.queues) {
      const [savedStart, savedNext] = saved?.[queue.queueId] ?? [0, 0];
      const index = queue.index;
      queue.nextOffset = Math.max(savedNext, index.lastEnd() ?? 0);
      const firstOffset = index.length > 0 ? index.offsetAt(index.firstOrdinal) : queue.nextOffset;
      queue.logStartOffset = Math.min(queue.nextOffset, Math.max(savedStart, firstOffset));
      queue.trimToLogStart();
    }
  }
}

/**
 * Queue index directories of topics that no longer exist (deleted before a crash), or that belong to an
 * older topic of the same name (its id differs), are removed before any index is loaded.
 */
function removeStaleQueueDirs(dataDir: string, topics: TopicTable, log: Logger): void {
  const queuesDir = path.join(dataDir, 'queues');
  if (!fs.existsSync(queuesDir)) return;
  const byDir = new Map(Array.from(topics.all(), (t) => [topicDirName(t.info.name), t]));
  for (const name of fs.readdirSync(queuesDir)) {
    const topic = byDir.get(name);
    let id = '';
    try {
      id = fs.readFileSync(path.join(queuesDir, name, 'topic-id'), 'utf8').trim();
    } catch {
      // no id file: stale
    }
    if (topic !== undefined && id === '') {
      fs.writeFileSync(path.join(queuesDir, name, 'topic-id'), `${topic.idHex}\n`);
    } else if (topic === undefined || topic.idHex !== id) {
      log.info({ dir: name }, 'removing the queue index of a deleted topic');
      fs.rmSync(path.join(queuesDir, name), { recursive: true, force: true });
    }
  }
}
