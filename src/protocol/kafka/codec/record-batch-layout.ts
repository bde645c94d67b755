/**
 * Byte layout of a Kafka record batch, magic 2 (big-endian; offsets from the batch start).
 *
 * | offset | field                | type   | note                                            |
 * |--------|----------------------|--------|-------------------------------------------------|
 * | 0      | baseOffset           | int64  | rewritten by the broker                         |
 * | 8      | batchLength          | int32  | bytes after this field                          |
 * | 12     | partitionLeaderEpoch | int32  | rewritten by the broker                         |
 * | 16     | magic                | int8   | 2                                               |
 * | 17     | crc                  | uint32 | CRC-32C of bytes 21..end                        |
 * | 21     | attributes           | int16  | bits 0-2 codec, 3 timestamp type, 4 txn, 5 ctrl |
 * | 23     | lastOffsetDelta      | int32  |                                                 |
 * | 27     | baseTimestamp        | int64  |                                                 |
 * | 35     | maxTimestamp         | int64  |                                                 |
 * | 43     | producerId           | int64  |                                                 |
 * | 51     | producerEpoch        | int16  |                                                 |
 * | 53     | baseSequence         | int32  |                                                 |
 * | 57     | recordCount          | int32  |                                                 |
 * | 61     | records              | bytes  | compressed as a whole when codec != 0           |
 *
 * Each record (varints are zigzag): length varint, attributes int8, timestampDelta varlong,
 * offsetDelta varint, keyLength varint (-1 = null) + key, valueLength varint (-1 = null) + value,
 * headerCount varint, then per header keyLength varint + UTF-8 key, valueLength varint (-1 = null) + value.
 */
export const BatchField = {
  baseOffset: 0,
  batchLength: 8,
  partitionLeaderEpoch: 12,
  magic: 16,
  crc: 17,
  attributes: 21,
  lastOffsetDelta: 23,
  baseTimestamp: 27,
  maxTimestamp: 35,
  producerId: 43,
  producerEpoch: 51,
  baseSequence: 53,
  recordCount: 57,
  records: 61,
} as const;

/** Bytes before batchLength's count starts (baseOffset + batchLength), Kafka's LOG_OVERHEAD. */
export const LOG_OVERHEAD = 12;
/** Size of a record batch with no records. */
export const BATCH_HEADER_BYTES = 61;
/** First byte covered by the CRC. */
export const CRC_START = BatchField.attributes;
export const CURRENT_MAGIC = 2;

export const BatchAttribute = {
  codecMask: 0x07,
  logAppendTime: 0x08,
  transactional: 0x10,
  control: 0x20,
} as const;

export type TimestampType = 'create-time' | 'log-append-time';

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

/** One record read out of a batch. Buffers are views into the batch (or its decompressed body). */
export interface KafkaRecord {
  offset: bigint;
  timestamp: bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}
