import { inflateSync } from 'node:zlib';
import { decodeRocketMessage, MessageSysFlag, parseProperties } from '../../../model/index.js';
import { buildBatch } from './record-batch-builder.js';
import { CompressionCodec } from './compression.js';
import type { RecordHeader } from './record-batch-layout.js';

/**
 * A message stored by the RocketMQ front end (PayloadFormat.RocketMessage), served to a Kafka fetch as a
 * one-record batch at its queue offset: KEYS -> key, body -> value (zlib bodies inflated), every other
 * property -> a header, born timestamp -> timestamp. See README.md "Protocol mapping".
 */
export function rocketMessageAsBatch(payload: Buffer, queueOffset: number, maxInflatedBytes: number): Buffer {
  const { message } = decodeRocketMessage(payload);
  const properties = parseProperties(message.properties);
  const keys = properties.get('KEYS');
  const headers: RecordHeader[] = [];
  for (const [k, v] of properties) if (k !== 'KEYS') headers.push({ key: k, value: Buffer.from(v, 'utf8') });
  const body =
    (message.sysFlag & MessageSysFlag.compressed) !== 0
      ? inflateSync(message.body, { maxOutputLength: maxInflatedBytes })
      : message.body;
  return buildBatch(
    [
      {
        key: keys === undefined ? null : Buffer.from(keys, 'utf8'),
        value: body,
        headers,
        timestamp: message.bornTimestampMs,
      },
    ],
    { codec: CompressionCodec.None, baseOffset: queueOffset },
  );
}
