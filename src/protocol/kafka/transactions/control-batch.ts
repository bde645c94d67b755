import { buildBatch, readRecords } from '../codec/record-batch.js';
import { CompressionCodec } from '../codec/compression.js';
import { BatchAttribute, BatchField } from './batch-header.js';

/** Kafka ControlRecordType: the key's type field. */
export const ControlType = { abort: 0, commit: 1 } as const;

/**
 * A transaction marker: one control record in a transactional control batch. Key = version int16 0 +
 * type int16 (0 abort, 1 commit); value = version int16 0 + coordinator epoch int32.
 */
export function buildControlBatch(
  producerId: bigint,
  producerEpoch: number,
  commit: boolean,
  coordinatorEpoch: number,
  timestampMs: number,
): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(commit ? ControlType.commit : ControlType.abort, 2);
  const value = Buffer.alloc(6);
  value.writeInt16BE(0, 0);
  value.writeInt32BE(coordinatorEpoch, 2);
  return buildBatch([{ key, value, timestamp: timestampMs }], {
    codec: CompressionCodec.None,
    producerId,
    producerEpoch,
    baseSequence: -1,
    isTransactional: true,
    isControl: true,
  });
}

/** 'commit' or 'abort' for a transaction marker batch; undefined for any other control record. */
export function readControlType(batch: Buffer): 'commit' | 'abort' | undefined {
  const attributes = batch.readInt16BE(BatchField.attributes);
  if ((attributes & BatchAttribute.control) === 0) return undefined;
  const record = readRecords(batch, 1024 * 1024)[0];
  const key = record?.key;
  if (key === null || key === undefined || key.length < 4) return undefined;
  const type = key.readInt16BE(2);
  if (type === ControlType.commit) return 'commit';
  if (type === ControlType.abort) return 'abort';
  return undefined;
}
