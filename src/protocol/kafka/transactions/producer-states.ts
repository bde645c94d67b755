import { BrokerError } from '../../../errors.js';
import type { Logger } from '../../../logger.js';
import {
  PayloadFormat,
  ReadLease,
  type AppendResult,
  type MessageStore,
  type TopicInfo,
} from '../../../store/index.js';
import { readProducerHeader } from './batch-header.js';
import { buildControlBatch, readControlType } from './control-batch.js';
import { NO_PRODUCER_ID, PartitionProducerState } from './producer-state.js';

/** Payload bytes read per step while rebuilding a partition's producer state from the log. */
const SCAN_READ_BYTES = 4 * 1024 * 1024;

export interface PartitionRef {
  topic: TopicInfo;
  queueId: number;
}

/**
 * Producer state of every partition, keyed by topic id and partition. A partition's state is rebuilt
 * from its log the first time an idempotent or transactional produce, a read_committed fetch or an
 * LSO query needs it (after any restart, kill -9 included); from then on appends keep it current.
 * Partitions nobody asks about cost nothing, and non-idempotent traffic never touches this class.
 */
export class ProducerStates {
  private readonly tables = new Map<string, PartitionProducerState>();
  private readonly loading = new Map<string, Promise<PartitionProducerState>>();
  /** Produce requests that had to wait for a load, chained so they continue in arrival order. */
  private gate: Promise<void> = Promise.resolve();
  private gateDepth = 0;

  constructor(
    private readonly store: MessageStore,
    private readonly log: Logger,
  ) {}

  private static key(topic: TopicInfo, queueId: number): string {
    return `${topic.id.toString('hex')}/${queueId}`;
  }

  /** The loaded state of a partition, or undefined when it has not been loaded yet. */
  loaded(topic: TopicInfo, queueId: number): PartitionProducerState | undefined {
    return this.tables.get(ProducerStates.key(topic, queueId));
  }

  /** The state of a partition, loading it from the log first when needed. */
  load(topic: TopicInfo, queueId: number): PartitionProducerState | Promise<PartitionProducerState> {
    const key = ProducerStates.key(topic, queueId);
    const table = this.tables.get(key);
    if (table !== undefined) return table;
    let pending = this.loading.get(key);
    if (pending === undefined) {
      pending = this.scan(topic, queueId, key).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  /**
   * Lets a produce request through. Returns null when it may go on synchronously (every partition it
   * needs is loaded and no earlier request is waiting), else a promise that resolves, in arrival order,
   * once the partitions are loaded. Requests that need no state still queue behind waiting ones so
   * that pipelined requests keep their order.
   */
  admit(needed: readonly PartitionRef[]): Promise<void> | null {
    const missing = needed.filter((n) => !this.tables.has(ProducerStates.key(n.topic, n.queueId)));
    if (missing.length === 0 && this.gateDepth === 0) return null;
    this.gateDepth += 1;
    const link = this.gate
      .then(() => Promise.all(missing.map((m) => this.load(m.topic, m.queueId))))
      .then(
        () => {
          this.gateDepth -= 1;
        },
        (err: unknown) => {
          this.gateDepth -= 1;
          throw err;
        },
      );
    this.gate = link.catch(() => undefined);
    return link;
  }

  /**
   * Appends a transaction marker to a partition and records it in the partition's state when loaded
   * (an unloaded partition reads it from the log when it loads).
   */
  appendMarker(
    topicName: string,
    queueId: number,
    producerId: bigint,
    producerEpoch: number,
    commit: boolean,
    coordinatorEpoch: number,
  ): AppendResult {
    const topic = this.store.getTopic(topicName);
    if (topic === undefined) return { status: 'topic-not-found' };
    const now = Date.now();
    const payload = buildControlBatch(producerId, producerEpoch, commit, coordinatorEpoch, now);
    const result = this.store.append({
      topic: topicName,
      queueId,
      format: PayloadFormat.RecordBatchV2,
      payload,
      count: 1,
      maxTimestampMs: now,
    });
    if (result.status === 'ok') {
      this.loaded(topic, queueId)?.applyMarker(producerId, producerEpoch, commit, result.baseOffset);
    }
    return result;
  }

  /** Reads the partition's log from its start to the high watermark, then installs the state. */
  private async scan(topic: TopicInfo, queueId: number, key: string): Promise<PartitionProducerState> {
    const table = new PartitionProducerState();
    const started = Date.now();
    let offset = 0;
    let batches = 0;
    // Each step reads into the memory the previous one used (only header fields are kept).
    const lease = new ReadLease();
    for (;;) {
      lease.release();
      const bounds = this.store.queueBounds(topic.name, queueId);
      if (bounds === undefined) break;
      if (offset < bounds.logStartOffset) offset = bounds.logStartOffset;
      // Checked synchronously right before installing: no append can slip in between.
      if (offset >= bounds.highWatermark) break;
      const read = await this.store.read(topic.name, queueId, offset, {
        maxBytes: SCAN_READ_BYTES,
        atLeastOne: true,
        lease,
      });
      if (read.status === 'offset-out-of-range') {
        offset = read.logStartOffset;
        continue;
      }
      if (read.status !== 'ok') {
        throw new BrokerError(
          'BRK_ERR_STORE_IO',
          `producer state of ${topic.name}-${queueId}: read failed (${read.status})`,
        );
      }
      if (read.entries.length === 0) break;
      for (const e of read.entries) {
        if (e.format !== PayloadFormat.RecordBatchV2) continue;
        const h = readProducerHeader(e.payload);
        if (h.producerId === NO_PRODUCER_ID) continue;
        batches += 1;
        if (h.isControl) {
          const type = readControlType(e.payload);
          if (type !== undefined)
            table.applyMarker(h.producerId, h.producerEpoch, type === 'commit', e.baseOffset);
        } else {
          table.applyBatch(h, e.baseOffset);
        }
      }
      offset = read.nextOffset;
    }
    lease.release();
    this.tables.set(key, table);
    this.log.debug(
      {
        topic: topic.name,
        partition: queueId,
        batches,
        producers: table.producers.size,
        ms: Date.now() - started,
      },
      'producer state loaded from the log',
    );
    return table;
  }
}
