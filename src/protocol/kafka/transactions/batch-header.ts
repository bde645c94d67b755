import { BatchAttribute, BatchField } from '../codec/record-batch-layout.js';
import type { ProducerBatchHeader } from './producer-state.js';

export { BatchAttribute, BatchField };

export type ProducerBatchHeaderFields = ProducerBatchHeader & { isControl: boolean };

/** Reads the producer fields of a stored magic-2 batch header (no CRC check, no decompression). */
export function readProducerHeader(batch: Buffer): ProducerBatchHeaderFields {
  const attributes = batch.readInt16BE(BatchField.attributes);
  return {
    producerId: batch.readBigInt64BE(BatchField.producerId),
    producerEpoch: batch.readInt16BE(BatchField.producerEpoch),
    baseSequence: batch.readInt32BE(BatchField.baseSequence),
    lastOffsetDelta: batch.readInt32BE(BatchField.lastOffsetDelta),
    isTransactional: (attributes & BatchAttribute.transactional) !== 0,
    isControl: (attributes & BatchAttribute.control) !== 0,
  };
}
