import type { ReadLease } from './read-buffers.js';

import type { ConsumerOffsets } from './consumer-offsets.js';

/**
 * The store's public contract: the only surface the protocol layers and the coordinator use.
 * Offsets are JavaScript numbers (safe integers, up to 2^53); protocols convert to bigint at the wire.
 * Expected outcomes are values (discriminated unions), never exceptions.
 */

/** How an append becomes durable. */
export type FlushMode = 'async' | 'sync';

/** What the payload of an entry is. The store treats payloads as opaque bytes except as noted. */
export const enum PayloadFormat {
  /**
   * A Kafka record batch, magic 2. Bytes 0-7 hold the base offset and bytes 12-15 the partition leader
   * epoch; the store writes both on append (base offset = assigned queue offset, epoch = 0).
   * Neither is covered by the batch's own CRC-32C, which therefore stays valid.
   */
  RecordBatchV2 = 1,
  /** A RocketMQ stored message (added by the RocketMQ issue). */
  RocketMessage = 2,
}

export interface TopicConfigValues {
  /** Entries older than this are dropped by whole segments; -1 keeps them forever. */
  retentionMs: number;
  /** Per queue; when the queue holds more than this, its oldest segments go; -1 = no limit. */
  retentionBytes: number;
  /** The largest payload accepted for one append, in bytes. */
  maxMessageBytes: number;
  /** 'CreateTime' keeps the producer's timestamps; 'LogAppendTime' means the broker's. */
  timestampType: 'CreateTime' | 'LogAppendTime';
  flushMode: FlushMode;
}

export interface TopicInfo {
  name: string;
  /** 16 random bytes, stable for the topic's lifetime (Kafka topic id). */
  id: Buffer;
  queueCount: number;
  /** Only the keys set explicitly on this topic (Kafka config names, e.g. "retention.ms"). */
  overrides: Record<string, string>;
  /** The effective values: broker defaults with the overrides applied. */
  config: TopicConfigValues;
  createdAtMs: number;
}

export interface AppendRequest {
  topic: string;
  queueId: number;
  format: PayloadFormat;
  /**
   * The bytes to store. The store may keep a reference until they are written (large payloads are written
   * from this buffer, small ones copied), and writes the broker fields of a format-1 batch into it: the
   * caller hands the buffer over and must not change or reuse it.
   */
  payload: Buffer;
  /** How many queue offsets the entry covers (a record batch's lastOffsetDelta + 1; 1 for a RocketMQ message). */
  count: number;
  /** Largest record timestamp inside the payload (ms), used for retention and offset-by-time lookups. */
  maxTimestampMs: number;
  /** A 64-bit filter code stored in the queue index (RocketMQ tag hash); 0 when unused. */
  tagsCode?: number;
  /**
   * The key-index keys of a RocketMQ message when the writer already parsed its properties
   * (`keysOf`); without them the index derives them from the payload.
   */
  indexKeys?: readonly string[];
  /**
   * When set, the store writes the entry's commit-log offset (int64 big-endian) at this byte offset of
   * the payload before the header CRC is computed (RocketMQ's PHYSICALOFFSET field, payload bytes 28-35).
   */
  commitLogOffsetAt?: number;
}

export type AppendResult =
  | {
      status: 'ok';
      baseOffset: number;
      /** The entry's commit-log offset (physical byte position); readAt(commitLogOffset) reads it back. */
      commitLogOffset: number;
      /** The broker's wall clock when it appended (ms). */
      appendTimeMs: number;
      logStartOffset: number;
      /**
       * Resolves when the entry is durable as promised by the topic's flush mode: immediately for async,
       * after the group-commit fsync that covers it for sync. Rejects with a BrokerError on I/O failure.
       */
      durable: Promise<void>;
    }
  | { status: 'topic-not-found' }
  | { status: 'queue-not-found' }
  | { status: 'message-too-large'; maxBytes: number }
  /**
   * An I/O failure; `diskFull` when it was ENOSPC (the append was rolled back and may be retried);
   * `syncFailed` when an earlier fdatasync of the commit log failed and the store refuses every append
   * until it is restarted (docs/durability.md).
   */
  | { status: 'storage-error'; message: string; diskFull?: boolean; syncFailed?: boolean };

/** One stored entry, as handed to readers. */
export interface StoredEntry {
  baseOffset: number;
  count: number;
  format: PayloadFormat;
  maxTimestampMs: number;
  tagsCode: number;
  /** A slice of the stored payload (no copy beyond the one read from disk). */
  payload: Buffer;
  /** Where the entry starts in the CommitLog (physical byte position). */
  commitLogOffset: number;
  /** The entry's size in the CommitLog, header included: it covers [commitLogOffset, commitLogOffset + size). */
  size: number;
  /** The broker's clock when the entry was appended (ms). */
  storeTimestampMs: number;
}

/** An entry found by its commit-log position, with the queue that holds it. */
export type ReadAtResult =
  | { status: 'ok'; topic: string; queueId: number; entry: StoredEntry }
  /** No readable entry covers that position (never written, removed by retention, or its topic deleted). */
  | { status: 'not-found' }
  | { status: 'corrupt'; message: string };

export interface KeyQuery {
  /** At most this many entries are returned (newest first). */
  maxCount: number;
  /** Store timestamps (ms), inclusive. */
  beginTimestampMs: number;
  endTimestampMs: number;
}

/** A key lookup's matches and how far the key index is (RocketMQ's indexLastUpdate* reply fields). */
export interface KeyQueryResult {
  /** Matches, newest first; `commitLogOffset` is the indexed position (inside `entry` for a record of a batch). */
  matches: { topic: string; queueId: number; commitLogOffset: number; entry: StoredEntry }[];
  /** Store timestamp of the newest indexed entry (ms), 0 when the index is empty. */
  indexLastUpdateTimestampMs: number;
  /** Commit-log position up to which entries are indexed. */
  indexLastUpdatePosition: number;
}

export type ReadResult =
  | {
      status: 'ok';
      /** Whole entries in offset order; the first one contains or follows the requested offset. */
      entries: StoredEntry[];
      /** Total payload bytes in entries. */
      bytes: number;
      /** The queue offset after the last returned entry. */
      nextOffset: number;
      highWatermark: number;
      logStartOffset: number;
    }
  | { status: 'offset-out-of-range'; logStartOffset: number; highWatermark: number }
  | { status: 'topic-not-found' }
  | { status: 'queue-not-found' }
  | { status: 'corrupt'; message: string };

export interface ReadOptions {
  /** Stop adding entries once this many payload bytes are collected... */
  maxBytes: number;
  /** ...but always return at least one entry if any exists at or after the offset (Kafka semantics). */
  atLeastOne: boolean;
  /** At most this many entries (default: no limit); a RocketMQ pull needs no more than maxMsgNums. */
  maxEntries?: number;
  /**
   * Read into recycled memory held by this lease: the caller releases it once it holds no view of the
   * entries' payloads any more (for a response, once the socket has taken its bytes).
   */
  lease?: ReadLease;
}

export interface QueueBounds {
  logStartOffset: number;
  highWatermark: number;
}

export type TopicResult =
  | { status: 'ok'; topic: TopicInfo }
  | { status: 'topic-exists' }
  | { status: 'topic-not-found' }
  | { status: 'invalid-config'; message: string }
  | { status: 'invalid-queue-count'; message: string }
  /** Kafka topic name rules: 1-249 characters of [a-zA-Z0-9._-], not "." or "..". */
  | { status: 'invalid-topic-name'; message: string };

export type DeleteRecordsResult =
  | { status: 'ok'; logStartOffset: number }
  | { status: 'offset-out-of-range'; logStartOffset: number; highWatermark: number }
  | { status: 'topic-not-found' }
  | { status: 'queue-not-found' };

export type AppendListener = (topic: string, queueId: number, highWatermark: number) => void;

/** Counters since open and CommitLog bounds, for RocketMQ GET_BROKER_RUNTIME_INFO (cheap to read). */
export interface StoreRuntimeStats {
  openedAtMs: number;
  /** Successful append calls, and the queue offsets they took (messages / Kafka records). */
  appendCalls: number;
  appendedOffsets: number;
  /** Read calls that returned entries, and the queue offsets they covered. */
  readCalls: number;
  readOffsets: number;
  /** CommitLog byte positions: start of the oldest segment kept, and the end of the log. */
  commitLogMinPosition: number;
  commitLogMaxPosition: number;
}

export interface MessageStore {
  /** Recovers the data directory (fast after a clean stop, a CRC scan after a crash). */
  open(): Promise<void>;
  /** Flushes, fsyncs, closes every file and marks a clean shutdown. */
  close(): Promise<void>;

  listTopics(): TopicInfo[];
  getTopic(name: string): TopicInfo | undefined;
  /** Validates overrides against the known config keys; validateOnly checks without creating. */
  createTopic(
    name: string,
    queueCount: number,
    overrides: Record<string, string>,
    validateOnly?: boolean,
  ): Promise<TopicResult>;
  deleteTopic(name: string): Promise<TopicResult>;
  /** Grows a topic to newQueueCount queues (never shrinks). */
  setQueueCount(name: string, newQueueCount: number, validateOnly?: boolean): Promise<TopicResult>;
  /** Replaces (mode 'set') or edits (mode 'incremental', null value = delete) a topic's overrides. */
  alterTopicConfig(
    name: string,
    changes: Record<string, string | null>,
    mode: 'set' | 'incremental',
    validateOnly?: boolean,
  ): Promise<TopicResult>;
  /** Effective broker-wide defaults, as Kafka config strings (for DescribeConfigs). */
  defaultTopicConfig(): Record<string, string>;

  /** Synchronous: assigns offsets and queues the bytes for writing before it returns. */
  append(request: AppendRequest): AppendResult;
  read(topic: string, queueId: number, offset: number, options: ReadOptions): Promise<ReadResult>;
  queueBounds(topic: string, queueId: number): QueueBounds | undefined;
  /** The first entry whose maxTimestampMs >= timestampMs, or undefined when none. */
  findByTimestamp(topic: string, queueId: number, timestampMs: number): Promise<StoredEntry | undefined>;
  /** The entry holding the queue's largest timestamp (the latest such on ties), or undefined when empty. */
  findMaxTimestamp(topic: string, queueId: number): Promise<StoredEntry | undefined>;
  /**
   * The entry whose bytes contain `commitLogOffset` (its start, or a position inside it), read with one
   * bounded read and checked (header CRC, queue index), when a live queue still holds it.
   */
  readAt(commitLogOffset: number): Promise<ReadAtResult>;
  /**
   * Entries of `topic` indexed under `key` (RocketMQ KEYS tokens and UNIQ_KEY; docs/formats/key-index.md),
   * each read back and checked to carry the key.
   */
  queryByKey(topic: string, key: string, query: KeyQuery): Promise<KeyQueryResult>;
  /** Moves the log start offset forward (DeleteRecords); -1 means the high watermark. */
  deleteRecords(topic: string, queueId: number, beforeOffset: number): Promise<DeleteRecordsResult>;

  /** Called after every append, synchronously, once the entry is readable. */
  onAppend(listener: AppendListener): () => void;

  /** Put/get counters and CommitLog bounds (admin statistics). */
  runtimeStats(): StoreRuntimeStats;

  /** Committed consumer offsets, (group, topic, queueId) -> offset; shared by both protocols. */
  readonly consumerOffsets: ConsumerOffsets;
}
