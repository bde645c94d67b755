import { BatchField, buildBatch, stampBatch } from '../src/protocol/kafka/codec/record-batch.js';

/**
 * The record data a sink serves to consumers: one valid magic-2 batch of `recordsPerBatch` records of
 * `recordBytes` each (no key, no compression), built once. Every fetch answer copies it per batch and
 * stamps the base offset the consumer expects, so no buffer already handed to a socket is ever changed.
 */
export class CannedBatches {
  readonly template: Buffer;
  readonly recordsPerBatch: number;
  /** Records per partition; a multiple of recordsPerBatch. */
  readonly highWatermark: number;

  /** Templates of fewer than recordsPerBatch records, built on first use by readRange. */
  private readonly partial = new Map<number, Buffer>();
  private readonly value: Buffer;

  constructor(recordBytes: number, recordsPerBatch: number, backlogRecords: number) {
    this.value = Buffer.alloc(recordBytes, 'x');
    this.template = this.build(recordsPerBatch);
    this.recordsPerBatch = recordsPerBatch;
    this.highWatermark = Math.ceil(backlogRecords / recordsPerBatch) * recordsPerBatch;
  }

  private build(count: number): Buffer {
    const records = Array.from({ length: count }, () => ({ key: null, value: this.value }));
    return buildBatch(records, { codec: 0, baseOffset: 0, partitionLeaderEpoch: 0 });
  }

  get batchBytes(): number {
    return this.template.length;
  }

  /**
   * The batches answering a fetch at `fetchOffset` within `maxBytes`: from the batch holding that offset
   * up to the high watermark. With `atLeastOne`, one batch is returned even when it exceeds maxBytes
   * (as Kafka does for the first partition of a response, so a consumer always makes progress).
   */
  read(fetchOffset: number, maxBytes: number, atLeastOne: boolean): Buffer[] {
    const out: Buffer[] = [];
    const size = this.template.length;
    let base = fetchOffset - (fetchOffset % this.recordsPerBatch);
    let budget = maxBytes;
    while (base < this.highWatermark && (budget >= size || (atLeastOne && out.length === 0))) {
      const batch = Buffer.allocUnsafe(size);
      this.template.copy(batch);
      stampBatch(batch, base, 0);
      out.push(batch);
      budget -= size;
      base += this.recordsPerBatch;
    }
    return out;
  }

  /**
   * The batches answering a fetch at `fetchOffset` when a partition holds exactly `endOffset` records
   * (the sink's --serve-produced mode, for a tailing consumer): batches start at `fetchOffset` itself and
   * the last one is cut short at `endOffset`, so no offset beyond what was produced is ever served.
   */
  readRange(fetchOffset: number, endOffset: number, maxBytes: number, atLeastOne: boolean): Buffer[] {
    const out: Buffer[] = [];
    let base = fetchOffset;
    let budget = maxBytes;
    while (base < endOffset) {
      const count = Math.min(this.recordsPerBatch, endOffset - base);
      let template = count === this.recordsPerBatch ? this.template : this.partial.get(count);
      if (template === undefined) {
        template = this.build(count);
        this.partial.set(count, template);
      }
      if (budget < template.length && !(atLeastOne && out.length === 0)) break;
      const batch = Buffer.allocUnsafe(template.length);
      template.copy(batch);
      stampBatch(batch, base, 0);
      out.push(batch);
      budget -= template.length;
      base += count;
    }
    return out;
  }
}

/** Number of records in the magic-2 batches of a produce request's records blob, read from batch headers only. */
export function countRecords(records: Buffer): number {
  let count = 0;
  let pos = 0;
  while (pos + BatchField.records <= records.length) {
    count += records.readInt32BE(pos + BatchField.lastOffsetDelta) + 1;
    pos += 12 + records.readInt32BE(pos + BatchField.batchLength);
  }
  return count;
}
