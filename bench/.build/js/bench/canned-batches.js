import { BatchField, buildBatch, stampBatch } from '../src/protocol/kafka/codec/record-batch.js';
/**
 * The record data a sink serves to consumers: one valid magic-2 batch of `recordsPerBatch` records of
 * `recordBytes` each (no key, no compression), built once. Every fetch answer copies it per batch and
 * stamps the base offset the consumer expects, so no buffer already handed to a socket is ever changed.
 */
export class CannedBatches {
    template;
    recordsPerBatch;
    /** Records per partition; a multiple of recordsPerBatch. */
    highWatermark;
    constructor(recordBytes, recordsPerBatch, backlogRecords) {
        const value = Buffer.alloc(recordBytes, 'x');
        const records = Array.from({ length: recordsPerBatch }, () => ({ key: null, value }));
        this.template = buildBatch(records, { codec: 0, baseOffset: 0, partitionLeaderEpoch: 0 });
        this.recordsPerBatch = recordsPerBatch;
        this.highWatermark = Math.ceil(backlogRecords / recordsPerBatch) * recordsPerBatch;
    }
    get batchBytes() {
        return this.template.length;
    }
    /**
     * The batches answering a fetch at `fetchOffset` within `maxBytes`: from the batch holding that offset
     * up to the high watermark. With `atLeastOne`, one batch is returned even when it exceeds maxBytes
     * (as Kafka does for the first partition of a response, so a consumer always makes progress).
     */
    read(fetchOffset, maxBytes, atLeastOne) {
        const out = [];
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
}
/** Number of records in the magic-2 batches of a produce request's records blob, read from batch headers only. */
export function countRecords(records) {
    let count = 0;
    let pos = 0;
    while (pos + BatchField.records <= records.length) {
        count += records.readInt32BE(pos + BatchField.lastOffsetDelta) + 1;
        pos += 12 + records.readInt32BE(pos + BatchField.batchLength);
    }
    return count;
}
