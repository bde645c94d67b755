import { ProtocolDecodeError } from '../../../errors.js';
import { crc32c } from './crc32c.js';
import { decompress, isCompressionCodec } from './compression.js';
import { BATCH_HEADER_BYTES, BatchAttribute, BatchField, CRC_START, CURRENT_MAGIC, LOG_OVERHEAD, } from './record-batch-layout.js';
import { RecordCursor } from './record-cursor.js';
export { buildBatch } from './record-batch-builder.js';
export { BatchField, BATCH_HEADER_BYTES, LOG_OVERHEAD } from './record-batch-layout.js';
function fail(error, message) {
    return { ok: false, error, message };
}
/**
 * Splits a produce request's `records` blob into batches without copying or decompressing.
 * `maxBatchBytes` bounds each whole batch (including baseOffset and batchLength), like Kafka's
 * `max.message.bytes`. Problems are returned, never thrown; they map to the Kafka errors
 * CORRUPT_MESSAGE, INVALID_RECORD, UNSUPPORTED_FOR_MESSAGE_FORMAT (or INVALID_RECORD) and
 * MESSAGE_TOO_LARGE.
 */
export function splitBatches(records, maxBatchBytes) {
    const batches = [];
    let pos = 0;
    while (pos < records.length) {
        const remaining = records.length - pos;
        if (remaining <= BatchField.magic) {
            return fail('corrupt-message', `truncated batch header at byte ${pos}: ${remaining} bytes left`);
        }
        const magic = records.readInt8(pos + BatchField.magic);
        if (magic === 0 || magic === 1) {
            return fail('unsupported-magic', `batch at byte ${pos} has magic ${magic}; only magic 2 is accepted`);
        }
        if (magic !== CURRENT_MAGIC)
            return fail('corrupt-message', `batch at byte ${pos} has invalid magic ${magic}`);
        const batchLength = records.readInt32BE(pos + BatchField.batchLength);
        const size = LOG_OVERHEAD + batchLength;
        if (batchLength < BATCH_HEADER_BYTES - LOG_OVERHEAD) {
            return fail('corrupt-message', `batch at byte ${pos} has length ${batchLength}, below the header size`);
        }
        if (size > maxBatchBytes) {
            return fail('message-too-large', `batch at byte ${pos} is ${size} bytes, over the limit of ${maxBatchBytes}`);
        }
        if (size > remaining) {
            return fail('corrupt-message', `batch at byte ${pos} claims ${size} bytes but only ${remaining} remain`);
        }
        const bytes = records.subarray(pos, pos + size);
        const storedCrc = bytes.readUInt32BE(BatchField.crc);
        const actualCrc = crc32c(bytes.subarray(CRC_START));
        if (storedCrc !== actualCrc) {
            return fail('corrupt-message', `batch at byte ${pos}: CRC 0x${hex32(storedCrc)} does not match 0x${hex32(actualCrc)}`);
        }
        const attributes = bytes.readInt16BE(BatchField.attributes);
        const codec = attributes & BatchAttribute.codecMask;
        if (!isCompressionCodec(codec)) {
            return fail('corrupt-message', `batch at byte ${pos} uses unknown compression codec ${codec}`);
        }
        const recordCount = bytes.readInt32BE(BatchField.recordCount);
        const lastOffsetDelta = bytes.readInt32BE(BatchField.lastOffsetDelta);
        if (recordCount < 0)
            return fail('invalid-record', `batch at byte ${pos} has record count ${recordCount}`);
        if (recordCount > 0 && lastOffsetDelta !== recordCount - 1) {
            return fail('invalid-record', `batch at byte ${pos}: lastOffsetDelta ${lastOffsetDelta} does not match record count ${recordCount}`);
        }
        batches.push({
            bytes,
            magic,
            attributes,
            codec,
            timestampType: (attributes & BatchAttribute.logAppendTime) !== 0 ? 'log-append-time' : 'create-time',
            lastOffsetDelta,
            recordCount,
            baseTimestamp: bytes.readBigInt64BE(BatchField.baseTimestamp),
            maxTimestamp: bytes.readBigInt64BE(BatchField.maxTimestamp),
            producerId: bytes.readBigInt64BE(BatchField.producerId),
            producerEpoch: bytes.readInt16BE(BatchField.producerEpoch),
            baseSequence: bytes.readInt32BE(BatchField.baseSequence),
            isTransactional: (attributes & BatchAttribute.transactional) !== 0,
            isControl: (attributes & BatchAttribute.control) !== 0,
        });
        pos += size;
    }
    return { ok: true, batches };
}
function hex32(value) {
    return value.toString(16).padStart(8, '0');
}
/**
 * Assigns a batch its place in the log, in place: base offset and partition leader epoch (neither
 * is covered by the CRC). With `logAppendTimeMs`, switches the batch to LogAppendTime (attribute
 * bit 3) with maxTimestamp = that time and recomputes the CRC, as Kafka does for topics with
 * `message.timestamp.type=LogAppendTime`; consumers then read that time for every record.
 */
export function stampBatch(bytes, baseOffset, leaderEpoch, logAppendTimeMs) {
    if (bytes.length < BATCH_HEADER_BYTES) {
        throw new ProtocolDecodeError('recordBatch', 0, `a batch needs ${BATCH_HEADER_BYTES} bytes, got ${bytes.length}`);
    }
    bytes.writeBigInt64BE(BigInt(baseOffset), BatchField.baseOffset);
    bytes.writeInt32BE(leaderEpoch, BatchField.partitionLeaderEpoch);
    if (logAppendTimeMs === undefined)
        return;
    const attributes = bytes.readInt16BE(BatchField.attributes);
    bytes.writeInt16BE(attributes | BatchAttribute.logAppendTime, BatchField.attributes);
    bytes.writeBigInt64BE(BigInt(logAppendTimeMs), BatchField.maxTimestamp);
    bytes.writeUInt32BE(crc32c(bytes.subarray(CRC_START)), BatchField.crc);
}
/**
 * Decodes every record of one magic-2 batch (exactly one: `batch` may be longer only if the
 * extra bytes follow the batch's own length). Checks the CRC, decompresses with at most
 * `maxDecompressedBytes` of output, and bounds every length by the bytes that remain.
 * Throws ProtocolDecodeError for malformed bytes and BrokerError('BRK_ERR_COMPRESSION') for bad
 * compressed data. Keys, values and header values are views into `batch` or its decompressed body.
 */
export function readRecords(batch, maxDecompressedBytes) {
    if (batch.length < BATCH_HEADER_BYTES) {
        throw new ProtocolDecodeError('recordBatch', 0, `a batch needs ${BATCH_HEADER_BYTES} bytes, got ${batch.length}`);
    }
    const magic = batch.readInt8(BatchField.magic);
    if (magic !== CURRENT_MAGIC)
        throw new ProtocolDecodeError('magic', BatchField.magic, `unsupported magic ${magic}`);
    const batchLength = batch.readInt32BE(BatchField.batchLength);
    const end = LOG_OVERHEAD + batchLength;
    if (batchLength < BATCH_HEADER_BYTES - LOG_OVERHEAD || end > batch.length) {
        throw new ProtocolDecodeError('batchLength', BatchField.batchLength, `invalid for ${batch.length} bytes: ${batchLength}`);
    }
    const storedCrc = batch.readUInt32BE(BatchField.crc);
    if (storedCrc !== crc32c(batch.subarray(CRC_START, end))) {
        throw new ProtocolDecodeError('crc', BatchField.crc, 'CRC-32C does not match the batch contents');
    }
    const attributes = batch.readInt16BE(BatchField.attributes);
    const recordCount = batch.readInt32BE(BatchField.recordCount);
    if (recordCount < 0)
        throw new ProtocolDecodeError('recordCount', BatchField.recordCount, `negative: ${recordCount}`);
    const baseOffset = batch.readBigInt64BE(BatchField.baseOffset);
    const baseTimestamp = batch.readBigInt64BE(BatchField.baseTimestamp);
    const maxTimestamp = batch.readBigInt64BE(BatchField.maxTimestamp);
    const logAppendTime = (attributes & BatchAttribute.logAppendTime) !== 0;
    const stored = batch.subarray(BatchField.records, end);
    const body = decompress(attributes & BatchAttribute.codecMask, stored, maxDecompressedBytes);
    // The smallest record takes 7 bytes; refuse absurd counts before allocating anything for them.
    if (recordCount > body.length / 7) {
        throw new ProtocolDecodeError('recordCount', BatchField.recordCount, `${recordCount} records cannot fit in ${body.length} bytes`);
    }
    const cursor = new RecordCursor(body);
    const records = new Array(recordCount);
    for (let i = 0; i < recordCount; i++) {
        const record = readRecord(cursor, `records[${i}]`);
        records[i] = {
            offset: baseOffset + BigInt(record.offsetDelta),
            timestamp: logAppendTime ? maxTimestamp : baseTimestamp + record.timestampDelta,
            key: record.key,
            value: record.value,
            headers: record.headers,
        };
    }
    if (cursor.pos !== body.length) {
        throw new ProtocolDecodeError('records', cursor.pos, `${body.length - cursor.pos} bytes left after ${recordCount} records`);
    }
    return records;
}
function readRecord(cursor, field) {
    const start = cursor.pos;
    const length = cursor.varint(`${field}.length`);
    if (length < 0 || length > cursor.remaining) {
        throw new ProtocolDecodeError(`${field}.length`, start, `${length} does not fit in ${cursor.remaining} bytes`);
    }
    const recordEnd = cursor.pos + length;
    cursor.end = recordEnd;
    cursor.int8(`${field}.attributes`);
    const timestampDelta = cursor.varlong(`${field}.timestampDelta`);
    const offsetDelta = cursor.varint(`${field}.offsetDelta`);
    const key = cursor.nullableBytes(`${field}.key`);
    const value = cursor.nullableBytes(`${field}.value`);
    const headerCount = cursor.varint(`${field}.headers`);
    // Each header takes at least 2 bytes.
    if (headerCount < 0 || headerCount > cursor.remaining / 2) {
        throw new ProtocolDecodeError(`${field}.headers`, cursor.pos, `invalid header count ${headerCount}`);
    }
    const headers = new Array(headerCount);
    for (let h = 0; h < headerCount; h++) {
        const keyBytes = cursor.nullableBytes(`${field}.headers[${h}].key`);
        if (keyBytes === null)
            throw new ProtocolDecodeError(`${field}.headers[${h}].key`, cursor.pos, 'null header key');
        headers[h] = {
            key: keyBytes.toString('utf8'),
            value: cursor.nullableBytes(`${field}.headers[${h}].value`),
        };
    }
    if (cursor.pos !== recordEnd) {
        throw new ProtocolDecodeError(field, start, `record declares ${length} bytes but its fields take ${cursor.pos - start}`);
    }
    cursor.end = cursor.buf.length;
    return { timestampDelta, offsetDelta, key, value, headers };
}
