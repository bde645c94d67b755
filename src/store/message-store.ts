import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { BrokerError } from '../errors.js';
import { CommitLog } from './commit-log/commit-log.js';
import {
  BATCH_MIN_BYTES,
  FORMAT_RECORD_BATCH_V2,
  HEADER_FIXED_BYTES,
  encodeEntry,
  encodeEntryHeader,
  entrySize,
} from './commit-log/entry-format.js';
import { readQueueEntries } from './entry-reader.js';
import { BufferPool } from '../model/buffer-pool.js';
import { removeCleanShutdownMarker, writeCleanShutdownMarker } from './checkpoint.js';
import { Checkpointer } from './checkpointer.js';
import { ConsumerOffsets } from './consumer-offsets.js';
import { GroupCommit } from './group-commit.js';
import type { QueueState } from './queue-state.js';
import { type RecoveryStats, recoverStore } from './recovery.js';
import { RetentionRunner, type RetentionRunResult } from './retention.js';
import { type ResolvedStoreOptions, type StoreOptions, resolveStoreOptions } from './store-options.js';
import { TopicAdmin, copyInfo } from './topic-admin.js';
import { topicConfigDefaults } from './topic-config.js';
import { type TopicRecord, TopicTable } from './topic-table.js';
import type {
  AppendListener,
  AppendRequest,
  AppendResult,
  DeleteRecordsResult,
  MessageStore,
  QueueBounds,
  ReadOptions,
  ReadResult,
  StoredEntry,
  StoreRuntimeStats,
  TopicInfo,
  TopicResult,
} from './types.js';
import { startPeriodicTask } from './periodic-task.js';
import { writeInt64 } from './int64.js';
import { entryKeys } from './key-index/entry-keys.js';
import { DEFAULT_KEY_INDEX_OPTIONS, KeyIndex, type KeyIndexRecoveryStats } from './key-index/key-index.js';
import type { KeyQuery, KeyQueryResult, ReadAtResult } from './types.js';

/** Payloads at least this large are written from the caller's buffer instead of being copied. */
const REFERENCE_PAYLOAD_BYTES = 8 * 1024;

/** The store: one CommitLog shared by every topic, per-queue indexes, recovery, retention. */
export class DiskMessageStore implements MessageStore {
  private readonly options: ResolvedStoreOptions;
  private readonly log: Logger;
  private readonly topics: TopicTable;
  private readonly admin: TopicAdmin;
  private readonly commitLog: CommitLog;
  private readonly groupCommit: GroupCommit;
  private readonly checkpointer: Checkpointer;
  private readonly retention: RetentionRunner;
  private readonly listeners = new Set<AppendListener>();
  /** Recycled memory for reads whose caller holds a ReadLease: 16 KiB-16 MiB reads, at most 64 MiB kept free. */
  private readonly readBuffers = new BufferPool(16 * 1024, 16 * 1024 * 1024, 64 * 1024 * 1024);
  private state: 'new' | 'open' | 'closing' | 'closed' = 'new';
  private timers: NodeJS.Timeout[] = [];
  private retentionRun: Promise<RetentionRunResult> | null = null;
  /** Committed consumer offsets (both protocols); opened and closed with the store. */
  readonly consumerOffsets: ConsumerOffsets;
  /** What the last open() had to do (tests and diagnostics). */
  recovery: RecoveryStats | undefined;
  /** Key index (topic, key) -> commit-log positions (docs/formats/key-index.md). */
  readonly keyIndex: KeyIndex;
  /** What the last open() did to the key index. */
  keyIndexRecovery: KeyIndexRecoveryStats | undefined;
  /** Admin counters: one increment per append or read call (runtimeStats()). */
  private readonly counters = {
    openedAtMs: 0,
    appendCalls: 0,
    appendedOffsets: 0,
    readCalls: 0,
    readOffsets: 0,
  };

  constructor(options: StoreOptions, logger: Logger) {
    this.options = resolveStoreOptions(options);
    this.log = logger.child({ component: 'store' });
    const dataDir = this.options.dataDir;
    this.topics = new TopicTable(dataDir, this.options.topicDefaults);
    this.admin = new TopicAdmin(
      this.topics,
      dataDir,
      this.options.queueIndexEntriesPerFile,
      this.options.nowMs,
    );
    this.commitLog = new CommitLog({
      dir: path.join(dataDir, 'commitlog'),
      segmentBytes: this.options.segmentBytes,
      writeBufferBytes: this.options.writeBufferBytes,
      preallocate: this.options.preallocateSegments,
      log: this.log,
      ...(this.options.writeSync !== undefined ? { writeSync: this.options.writeSync } : {}),
      ...(this.options.fdatasync !== undefined ? { fdatasync: this.options.fdatasync } : {}),
    });
    this.groupCommit = new GroupCommit(() => this.commitLog.sync(), this.log);
    this.checkpointer = new Checkpointer(dataDir, this.commitLog, this.topics, this.log, this.options.nowMs);
    this.retention = new RetentionRunner(
      this.topics,
      this.commitLog,
      this.checkpointer,
      this.log,
      this.options.nowMs,
    );
    this.commitLog.onWriteFailure((position, error) => this.rollBackTo(position, error));
    this.keyIndex = new KeyIndex(
      dataDir,
      { ...DEFAULT_KEY_INDEX_OPTIONS, ...options.keyIndex },
      () => this.commitLog.flushedPosition,
      this.log,
    );
    this.consumerOffsets = new ConsumerOffsets({
      dataDir,
      flushMode: this.options.topicDefaults.flushMode,
      flushIntervalMs: this.options.flushIntervalMs,
      expiryCheckIntervalMs: this.options.retentionCheckIntervalMs,
      retentionMs: this.options.offsetsRetentionMs,
      nowMs: this.options.nowMs,
      log: this.log,
    });
  }

  /** Completed checkpoints since open (tests). */
  get checkpointRuns(): number {
    return this.checkpointer.runs;
  }

  async open(): Promise<void> {
    if (this.state !== 'new') throw new BrokerError('BRK_ERR_INVARIANT', 'a store opens once');
    const dataDir = this.options.dataDir;
    fs.mkdirSync(dataDir, { recursive: true });
    for (const record of this.topics.loadSync()) {
      this.admin.attachQueues(record, record.info.queueCount);
      this.topics.add(record);
    }
    this.recovery = recoverStore(dataDir, this.commitLog, this.topics, this.log);
    this.keyIndexRecovery = this.keyIndex.open(this.commitLog.segments, this.commitLog.endPosition);
    await this.checkpointer.run();
    await removeCleanShutdownMarker(dataDir);
    await this.consumerOffsets.open();
    this.state = 'open';
    this.counters.openedAtMs = this.options.nowMs();
    this.log.info({ recovery: this.recovery, keyIndex: this.keyIndexRecovery }, 'store open');
    this.startTimer(
      this.options.flushIntervalMs,
      () => this.checkpointer.run(),
      'periodic checkpoint failed',
    );
    this.startTimer(this.options.retentionCheckIntervalMs, () => this.runRetention(), 'retention failed');
    this.startTimer(this.options.flushIntervalMs, () => this.keyIndex.persist(), 'key index persist failed');
  }

  async close(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closing';
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.retentionRun !== null) await this.retentionRun.catch(() => undefined);
    await this.checkpointer.run();
    await this.keyIndex.close();
    await this.groupCommit.whenIdle();
    await this.commitLog.close();
    await this.consumerOffsets.close();
    // After a failed fsync the next start must scan the log by CRC: no clean-shutdown marker.
    if (this.commitLog.syncFailure === null) await writeCleanShutdownMarker(this.options.dataDir);
    this.state = 'closed';
    this.log.info('store closed');
  }

  listTopics(): TopicInfo[] {
    return [...this.topics.all()].map((r) => copyInfo(r.info));
  }

  getTopic(name: string): TopicInfo | undefined {
    const record = this.topics.get(name);
    return record === undefined ? undefined : copyInfo(record.info);
  }

  createTopic(
    name: string,
    queueCount: number,
    overrides: Record<string, string>,
    validateOnly = false,
  ): Promise<TopicResult> {
    return this.admin.create(name, queueCount, overrides, validateOnly);
  }

  async deleteTopic(name: string): Promise<TopicResult> {
    const result = await this.admin.delete(name);
    if (result.status === 'ok') this.consumerOffsets.deleteTopic(name);
    return result;
  }

  setQueueCount(name: string, newQueueCount: number, validateOnly = false): Promise<TopicResult> {
    return this.admin.setQueueCount(name, newQueueCount, validateOnly);
  }

  alterTopicConfig(
    name: string,
    changes: Record<string, string | null>,
    mode: 'set' | 'incremental',
    validateOnly = false,
  ): Promise<TopicResult> {
    return this.admin.alterConfig(name, changes, mode, validateOnly);
  }

  defaultTopicConfig(): Record<string, string> {
    return topicConfigDefaults(this.options.topicDefaults, this.options.segmentBytes);
  }

  append(request: AppendRequest): AppendResult {
    if (this.state !== 'open') return { status: 'storage-error', message: 'the store is not open' };
    if (this.commitLog.syncFailure !== null) return storageError(this.commitLog.syncFailure);
    const topic = this.topics.get(request.topic);
    if (topic === undefined) return { status: 'topic-not-found' };
    const queue = topic.queues[request.queueId];
    if (queue === undefined) return { status: 'queue-not-found' };
    const { payload, format, count } = request;
    const config = topic.info.config;
    if (payload.length > config.maxMessageBytes)
      return { status: 'message-too-large', maxBytes: config.maxMessageBytes };
    const size = entrySize(topic.nameBytes.length, payload.length);
    if (size > this.commitLog.maxEntryBytes) {
      return {
        status: 'message-too-large',
        maxBytes: this.commitLog.maxEntryBytes - HEADER_FIXED_BYTES - topic.nameBytes.length,
      };
    }
    if (
      !Number.isInteger(count) ||
      count < 1 ||
      (format === FORMAT_RECORD_BATCH_V2 && payload.length < BATCH_MIN_BYTES)
    ) {
      throw new BrokerError(
        'BRK_ERR_INVARIANT',
        `bad append: format ${format}, ${payload.length} bytes, count ${count}`,
      );
    }
    const stampAt = request.commitLogOffsetAt;
    const stampFits =
      stampAt === undefined || (Number.isInteger(stampAt) && stampAt >= 0 && stampAt + 8 <= payload.length);
    if (!stampFits) throw new BrokerError('BRK_ERR_INVARIANT', `bad commitLogOffsetAt ${stampAt}`);
    const nowMs = this.options.nowMs();
    const queueOffset = queue.nextOffset;
    const maxTimestampMs = config.timestampType === 'LogAppendTime' ? nowMs : request.maxTimestampMs;
    const tagsCode = request.tagsCode ?? 0;
    let position: number;
    try {
      const fields = {
        format,
        topicId: topic.info.id,
        topicBytes: topic.nameBytes,
        queueId: queue.queueId,
        queueOffset,
        count,
        storeTimestampMs: nowMs,
        maxTimestampMs,
        tagsCode,
      };
      // Large payloads are written from the caller's buffer by the same writev (no copy); small ones are
      // copied into the arena, where one copy is cheaper than one more iovec.
      // The entry's own position goes into the payload first when asked (RocketMQ's PHYSICALOFFSET).
      position =
        payload.length >= REFERENCE_PAYLOAD_BYTES
          ? this.commitLog.appendReferenced(size - payload.length, payload, nowMs, (buf, at, pos) => {
              if (stampAt !== undefined) writeInt64(payload, stampAt, pos);
              encodeEntryHeader(buf, at, fields, payload);
            })
          : this.commitLog.append(size, nowMs, (buf, at, pos) => {
              if (stampAt !== undefined) writeInt64(payload, stampAt, pos);
              encodeEntry(buf, at, fields, payload);
            });
    } catch (err) {
      return storageError(err);
    }
    queue.index.push({ queueOffset, position, size, count, maxTimestampMs, tagsCode });
    queue.nextOffset = queueOffset + count;
    if (KeyIndex.indexes(format))
      this.keyIndex.enqueue(topic.info.name, position, size, nowMs, payload, request.indexKeys);
    if (!this.commitLog.flushIfFull())
      return storageError(this.commitLog.lastWriteError ?? 'commit log write failed');
    const end = position + size;
    const durable =
      config.flushMode === 'sync' ? this.groupCommit.waitDurable(end) : this.commitLog.whenWritten(end);
    for (const listener of this.listeners) listener(topic.info.name, queue.queueId, queue.nextOffset);
    this.counters.appendCalls += 1;
    this.counters.appendedOffsets += count;
    return {
      status: 'ok',
      baseOffset: queueOffset,
      commitLogOffset: position,
      appendTimeMs: nowMs,
      logStartOffset: queue.logStartOffset,
      durable,
    };
  }

  async read(topicName: string, queueId: number, offset: number, options: ReadOptions): Promise<ReadResult> {
    const found = this.findQueue(topicName, queueId);
    if ('status' in found) return found;
    const { topic, queue } = found;
    if (offset < queue.logStartOffset || offset > queue.nextOffset) {
      return {
        status: 'offset-out-of-range',
        logStartOffset: queue.logStartOffset,
        highWatermark: queue.nextOffset,
      };
    }
    const ordinal = offset === queue.nextOffset ? -1 : queue.index.findContaining(offset);
    let entries: StoredEntry[] = [];
    let bytes = 0;
    if (ordinal >= 0) {
      const result = await readQueueEntries(
        this.commitLog,
        topic,
        queue,
        ordinal,
        options.maxBytes,
        options.atLeastOne,
        options.maxEntries ?? Number.MAX_SAFE_INTEGER,
        this.options.verifyReadCrc,
        { pool: this.readBuffers, lease: options.lease },
      );
      if (!result.ok) {
        this.log.error(
          { topic: topicName, queueId, offset, reason: result.message },
          'corrupt entry on read',
        );
        return { status: 'corrupt', message: result.message };
      }
      entries = result.entries;
      bytes = result.bytes;
    }
    const last = entries[entries.length - 1];
    if (last !== undefined) {
      this.counters.readCalls += 1;
      this.counters.readOffsets += last.baseOffset + last.count - offset;
    }
    return {
      status: 'ok',
      entries,
      bytes,
      nextOffset: last === undefined ? offset : last.baseOffset + last.count,
      highWatermark: queue.nextOffset,
      logStartOffset: queue.logStartOffset,
    };
  }

  queueBounds(topicName: string, queueId: number): QueueBounds | undefined {
    const queue = this.topics.get(topicName)?.queues[queueId];
    if (queue === undefined) return undefined;
    return { logStartOffset: queue.logStartOffset, highWatermark: queue.nextOffset };
  }

  async findByTimestamp(
    topicName: string,
    queueId: number,
    timestampMs: number,
  ): Promise<StoredEntry | undefined> {
    const found = this.findQueue(topicName, queueId);
    if ('status' in found) return undefined;
    const index = found.queue.index;
    const first = found.queue.firstReadableOrdinal();
    if (first < 0) return undefined;
    for (let ord = first; ord < index.endOrdinal; ord++) {
      if (index.maxTimestampAt(ord) >= timestampMs) return this.readOne(found.topic, found.queue, ord);
    }
    return undefined;
  }

  async findMaxTimestamp(topicName: string, queueId: number): Promise<StoredEntry | undefined> {
    const found = this.findQueue(topicName, queueId);
    if ('status' in found) return undefined;
    const index = found.queue.index;
    const first = found.queue.firstReadableOrdinal();
    if (first < 0) return undefined;
    let best = first;
    for (let ord = first + 1; ord < index.endOrdinal; ord++) {
      if (index.maxTimestampAt(ord) >= index.maxTimestampAt(best)) best = ord;
    }
    return this.readOne(found.topic, found.queue, best);
  }

  async deleteRecords(
    topicName: string,
    queueId: number,
    beforeOffset: number,
  ): Promise<DeleteRecordsResult> {
    const found = this.findQueue(topicName, queueId);
    if ('status' in found) return found;
    const queue = found.queue;
    const target = beforeOffset === -1 ? queue.nextOffset : beforeOffset;
    if (!Number.isInteger(target) || target < 0 || target > queue.nextOffset) {
      return {
        status: 'offset-out-of-range',
        logStartOffset: queue.logStartOffset,
        highWatermark: queue.nextOffset,
      };
    }
    if (target > queue.logStartOffset) {
      queue.logStartOffset = target;
      queue.trimToLogStart();
      await this.checkpointer.run();
      await queue.dropIndexFilesBeforeLogStart();
    }
    return { status: 'ok', logStartOffset: queue.logStartOffset };
  }

  onAppend(listener: AppendListener): () => void {
    const wrapped: AppendListener = (t, q, hw) => listener(t, q, hw);
    this.listeners.add(wrapped);
    return () => this.listeners.delete(wrapped);
  }

  runtimeStats(): StoreRuntimeStats {
    return {
      ...this.counters,
      commitLogMinPosition: this.commitLog.segments.first?.base ?? 0,
      commitLogMaxPosition: this.commitLog.endPosition,
    };
  }

  async readAt(commitLogOffset: number): Promise<ReadAtResult> {
    if (!Number.isSafeInteger(commitLogOffset) || commitLogOffset < 0) return { status: 'not-found' };
    for (const topic of this.topics.all()) {
      for (const queue of topic.queues) {
        const index = queue.index;
        const ord = index.firstAtOrAfterPosition(commitLogOffset + 1) - 1;
        if (ord < index.firstOrdinal || ord >= index.endOrdinal) continue;
        const start = index.positionAt(ord);
        if (commitLogOffset >= start + index.sizeAt(ord)) continue;
        // Entries never overlap: this is the only candidate. Readable while its queue still holds it.
        if (index.offsetAt(ord) + index.countAt(ord) <= queue.logStartOffset) return { status: 'not-found' };
        const result = await readQueueEntries(
          this.commitLog,
          topic,
          queue,
          ord,
          0,
          true,
          1,
          this.options.verifyReadCrc,
        );
        if (!result.ok) return { status: 'corrupt', message: result.message };
        const entry = result.entries[0];
        if (entry === undefined) return { status: 'not-found' };
        return { status: 'ok', topic: topic.info.name, queueId: queue.queueId, entry };
      }
    }
    return { status: 'not-found' };
  }

  async queryByKey(topicName: string, key: string, query: KeyQuery): Promise<KeyQueryResult> {
    const last = this.keyIndex.lastUpdate();
    const result: KeyQueryResult = {
      matches: [],
      indexLastUpdateTimestampMs: last.timestampMs,
      indexLastUpdatePosition: last.position,
    };
    const topic = this.topics.get(topicName);
    if (topic === undefined || query.maxCount < 1) return result;
    const { beginTimestampMs: begin, endTimestampMs: end } = query;
    // Hash collisions and stale entries are dropped below, so look at a few more candidates than asked.
    const candidates = this.keyIndex.lookup(topicName, key, begin, end, query.maxCount * 4 + 16);
    for (const position of candidates) {
      if (result.matches.length >= query.maxCount) break;
      const found = await this.readAt(position);
      if (found.status !== 'ok' || found.topic !== topicName) continue;
      const { entry } = found;
      if (entry.storeTimestampMs < begin || entry.storeTimestampMs > end) continue;
      if (!entryKeys(entry.format, entry.payload).includes(key)) continue;
      result.matches.push({ topic: topicName, queueId: found.queueId, commitLogOffset: position, entry });
    }
    return result;
  }

  /** Applies retention now (the timer calls this every retentionCheckIntervalMs). */
  runRetention(): Promise<RetentionRunResult> {
    if (this.retentionRun !== null) return this.retentionRun;
    const run = this.retention
      .run()
      .then((result) => {
        this.keyIndex.deleteFilesBefore(this.commitLog.segments.first?.base ?? 0);
        return result;
      })
      .finally(() => {
        this.retentionRun = null;
      });
    this.retentionRun = run;
    return run;
  }

  private async readOne(topic: TopicRecord, queue: QueueState, ordinal: number): Promise<StoredEntry> {
    const result = await readQueueEntries(this.commitLog, topic, queue, ordinal, 0, true, 1);
    if (!result.ok) throw new BrokerError('BRK_ERR_STORE_SEGMENT_CORRUPT', result.message);
    const entry = result.entries[0];
    if (entry === undefined) throw new BrokerError('BRK_ERR_INVARIANT', 'an indexed entry could not be read');
    return entry;
  }

  private findQueue(
    topicName: string,
    queueId: number,
  ):
    | { topic: TopicRecord; queue: QueueState }
    | { status: 'topic-not-found' }
    | { status: 'queue-not-found' } {
    const topic = this.topics.get(topicName);
    if (topic === undefined) return { status: 'topic-not-found' };
    const queue = topic.queues[queueId];
    if (queue === undefined) return { status: 'queue-not-found' };
    return { topic, queue };
  }

  /** A failed write dropped everything from `position`: forget those entries and fail their waiters. */
  private rollBackTo(position: number, error: BrokerError): void {
    for (const topic of this.topics.all()) {
      for (const queue of topic.queues) {
        const ord = queue.index.firstAtOrAfterPosition(position);
        if (ord >= queue.index.endOrdinal) continue;
        queue.nextOffset = queue.index.offsetAt(ord);
        queue.index.truncateFrom(ord);
        if (queue.logStartOffset > queue.nextOffset) queue.logStartOffset = queue.nextOffset;
      }
    }
    this.keyIndex.rollBackTo(position);
    this.groupCommit.rejectFrom(position, error);
  }

  private startTimer(intervalMs: number, task: () => Promise<unknown>, failure: string): void {
    this.timers.push(startPeriodicTask(intervalMs, task, this.log, failure));
  }
}

/**
 * An append's I/O failure as a value; ENOSPC (BRK_ERR_STORE_DISK_FULL) and the fail-stop after a failed
 * fsync (BRK_ERR_STORE_FSYNC_FAILED) are flagged for the protocols.
 */
function storageError(err: unknown): AppendResult {
  const code = err instanceof BrokerError ? err.code : undefined;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'BRK_ERR_STORE_FSYNC_FAILED') return { status: 'storage-error', message, syncFailed: true };
  return { status: 'storage-error', message, diskFull: code === 'BRK_ERR_STORE_DISK_FULL' };
}

/** The store factory used by the broker. */
export function createMessageStore(options: StoreOptions, logger: Logger): DiskMessageStore {
  return new DiskMessageStore(options, logger);
}
