/**
 * Producer state of one partition: for each producer id its epoch, the last few batches it appended
 * (for duplicate detection), and its open transaction; plus the partition's aborted transactions.
 * Pure data and rules, no I/O. The rules follow Kafka 3.x's ProducerAppendInfo (client appends).
 */

/** How many of a producer's latest batches are remembered for duplicate detection (Kafka's 5). */
export const RETAINED_BATCHES = 5;
const INT32_MAX = 0x7fffffff;
export const NO_PRODUCER_ID = -1n;

/** The header fields of a magic-2 batch that producer state reads. */
export interface ProducerBatchHeader {
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  lastOffsetDelta: number;
  isTransactional: boolean;
}

export interface RetainedBatch {
  firstSeq: number;
  lastSeq: number;
  baseOffset: number;
  lastOffset: number;
}

export interface ProducerEntry {
  epoch: number;
  /** Oldest first, at most RETAINED_BATCHES, all of `epoch`. */
  batches: RetainedBatch[];
  /** First offset of the producer's open transaction in this partition, or -1. */
  txnFirstOffset: number;
}

export interface AbortedTxn {
  producerId: bigint;
  firstOffset: number;
  /** Offset of the abort marker. */
  lastOffset: number;
}

export type SequenceError = 'out-of-order-sequence' | 'invalid-producer-epoch';

export type SequenceCheck =
  | { kind: 'append' }
  /** The batches were appended before: answer with the original base offset, append nothing. */
  | { kind: 'duplicate'; baseOffset: number }
  | { kind: 'error'; error: SequenceError; message: string };

/** Kafka's DefaultRecordBatch.incrementSequence: sequences wrap from INT32_MAX to 0. */
export function incrementSequence(sequence: number, increment: number): number {
  if (sequence > INT32_MAX - increment) return increment - (INT32_MAX - sequence) - 1;
  return sequence + increment;
}

function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === INT32_MAX);
}

export class PartitionProducerState {
  readonly producers = new Map<bigint, ProducerEntry>();
  /** Producer id -> first offset of its open transaction, in insertion order. */
  private readonly openTxns = new Map<bigint, number>();
  /** Sorted by lastOffset (markers are appended in offset order). */
  private aborted: AbortedTxn[] = [];

  /**
   * Checks the batches one producer sends to this partition in one request (same producer id), without
   * changing anything. A duplicate of a retained batch is reported with its original base offset.
   */
  check(batches: readonly ProducerBatchHeader[]): SequenceCheck {
    const first = batches[0];
    if (first === undefined) return { kind: 'append' };
    const entry = this.producers.get(first.producerId);
    if (entry !== undefined && first.producerEpoch === entry.epoch) {
      const lastSeq = incrementSequence(first.baseSequence, first.lastOffsetDelta);
      const dup = entry.batches.find((b) => b.firstSeq === first.baseSequence && b.lastSeq === lastSeq);
      if (dup !== undefined) return { kind: 'duplicate', baseOffset: dup.baseOffset };
    }
    // Validate the batches in turn against a running copy of the entry.
    let epoch = entry?.epoch;
    let lastSeq = entry === undefined ? -1 : (entry.batches[entry.batches.length - 1]?.lastSeq ?? -1);
    for (const b of batches) {
      if (b.producerId !== first.producerId) {
        return {
          kind: 'error',
          error: 'out-of-order-sequence',
          message: 'mixed producer ids in one request',
        };
      }
      if (epoch !== undefined && b.producerEpoch < epoch) {
        return {
          kind: 'error',
          error: 'invalid-producer-epoch',
          message: `producer ${b.producerId} epoch ${b.producerEpoch} is older than ${epoch}`,
        };
      }
      if (epoch === undefined) {
        // No state for this producer (never seen, or its batches left by retention): Kafka 3.x accepts
        // any sequence number here.
      } else if (b.producerEpoch !== epoch) {
        if (b.baseSequence !== 0) {
          return {
            kind: 'error',
            error: 'out-of-order-sequence',
            message: `new epoch ${b.producerEpoch} of producer ${b.producerId} must start at sequence 0, got ${b.baseSequence}`,
          };
        }
      } else if (!inSequence(lastSeq, b.baseSequence)) {
        return {
          kind: 'error',
          error: 'out-of-order-sequence',
          message: `producer ${b.producerId}: sequence ${b.baseSequence} does not follow ${lastSeq}`,
        };
      }
      epoch = b.producerEpoch;
      lastSeq = incrementSequence(b.baseSequence, b.lastOffsetDelta);
    }
    return { kind: 'append' };
  }

  /** Records a batch appended at `baseOffset` (after check(), or while replaying the log). */
  applyBatch(b: ProducerBatchHeader, baseOffset: number): void {
    let entry = this.producers.get(b.producerId);
    if (entry === undefined) {
      entry = { epoch: b.producerEpoch, batches: [], txnFirstOffset: -1 };
      this.producers.set(b.producerId, entry);
    } else if (entry.epoch !== b.producerEpoch) {
      entry.epoch = b.producerEpoch;
      entry.batches = [];
    }
    entry.batches.push({
      firstSeq: b.baseSequence,
      lastSeq: incrementSequence(b.baseSequence, b.lastOffsetDelta),
      baseOffset,
      lastOffset: baseOffset + b.lastOffsetDelta,
    });
    if (entry.batches.length > RETAINED_BATCHES) entry.batches.shift();
    if (b.isTransactional && entry.txnFirstOffset < 0) {
      entry.txnFirstOffset = baseOffset;
      this.openTxns.set(b.producerId, baseOffset);
    }
  }

  /** Records a transaction marker (control batch) written at `offset`. */
  applyMarker(producerId: bigint, producerEpoch: number, commit: boolean, offset: number): void {
    let entry = this.producers.get(producerId);
    if (entry === undefined) {
      entry = { epoch: producerEpoch, batches: [], txnFirstOffset: -1 };
      this.producers.set(producerId, entry);
    } else if (producerEpoch > entry.epoch) {
      entry.epoch = producerEpoch;
      entry.batches = [];
    }
    if (entry.txnFirstOffset >= 0) {
      if (!commit) this.aborted.push({ producerId, firstOffset: entry.txnFirstOffset, lastOffset: offset });
      entry.txnFirstOffset = -1;
      this.openTxns.delete(producerId);
    }
  }

  /** The producer's current epoch in this partition, or undefined when unknown. */
  epochOf(producerId: bigint): number | undefined {
    return this.producers.get(producerId)?.epoch;
  }

  /** First offset of the oldest open transaction, or the high watermark when none is open. */
  lastStableOffset(highWatermark: number): number {
    let lso = highWatermark;
    for (const first of this.openTxns.values()) if (first < lso) lso = first;
    return lso;
  }

  get openTransactionCount(): number {
    return this.openTxns.size;
  }

  /** Aborted transactions overlapping [fromOffset, toOffset): lastOffset >= from and firstOffset < to. */
  abortedIn(fromOffset: number, toOffset: number): AbortedTxn[] {
    let lo = 0;
    let hi = this.aborted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.aborted[mid] as AbortedTxn).lastOffset < fromOffset) lo = mid + 1;
      else hi = mid;
    }
    const out: AbortedTxn[] = [];
    for (let i = lo; i < this.aborted.length; i++) {
      const a = this.aborted[i] as AbortedTxn;
      if (a.firstOffset < toOffset) out.push(a);
    }
    return out;
  }

  /** Forgets aborted transactions that end before the log start offset. */
  trimAborted(logStartOffset: number): void {
    const keep = this.aborted.findIndex((a) => a.lastOffset >= logStartOffset);
    if (keep === -1) this.aborted = [];
    else if (keep > 0) this.aborted = this.aborted.slice(keep);
  }
}
