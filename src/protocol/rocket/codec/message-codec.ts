import { crc32 } from 'node:zlib';
import { BrokerError, ProtocolDecodeError } from '../../../errors.js';
import {
  type BatchDecompressor,
  type DecodedBatch,
  type HostPort,
  RocketMessageField,
  decodeRecordBatch,
  encodeRocketMessage,
  formatProperties,
  isPropertyText,
  javaStringHash,
} from '../../../model/index.js';
import { PayloadFormat, type StoredEntry } from '../../../store/index.js';

/**
 * RocketMQ messages <-> stored entries. RocketMQ-produced messages are stored as the RocketMQ stored
 * message itself (PayloadFormat.RocketMessage). Kafka record batches are served one record per queue
 * offset in the same layout, mapped as README.md ("Protocol mapping") describes.
 */
export const bodyCrc = (body: Buffer): number => crc32(body) & 0x7fffffff;

export const PROPERTY_KEYS = 'KEYS';
export const PROPERTY_TAGS = 'TAGS';

/** The tag hash kept in the queue index (0 when the message has no tag). */
export function tagsCode(tags: string | undefined): number {
  return tags === undefined || tags === '' ? 0 : javaStringHash(tags);
}

/**
 * The PHYSICALOFFSET of one record of a stored entry: the entry's commit-log offset for a RocketMQ
 * message; for record k (queue offset - base offset) of a Kafka batch, entry offset + k, a byte inside the
 * entry, so that every record gets its own id and store.readAt finds the batch. A batch with more records
 * than bytes (only compressed ones) gives its records from k = size - 1 on that last byte's id
 * (docs/formats/key-index.md, "Message ids").
 */
export function recordCommitLogOffset(entry: StoredEntry, queueOffset: number): number {
  const k = queueOffset - entry.baseOffset;
  return entry.commitLogOffset + Math.max(0, Math.min(k, entry.size - 1));
}

/** The queue offset of the record `recordCommitLogOffset` gave `commitLogOffset`, or undefined. */
export function recordAtCommitLogOffset(entry: StoredEntry, commitLogOffset: number): number | undefined {
  const k = commitLogOffset - entry.commitLogOffset;
  if (k < 0 || k >= entry.size || k >= entry.count) return undefined;
  return entry.baseOffset + k;
}

/**
 * The offset msgId (MessageDecoder.createMessageId): uppercase hex of the store host's address (4 bytes,
 * or 16 for IPv6), port (4) and commit-log offset (8): 32 or 56 characters.
 */
export function offsetMsgId(storeHost: HostPort, physicalOffset: bigint): string {
  const addressBytes = storeHost.address.length === 16 ? 16 : 4;
  const b = Buffer.alloc(addressBytes + 12);
  if (storeHost.address.length === addressBytes) storeHost.address.copy(b, 0);
  b.writeInt32BE(storeHost.port | 0, addressBytes);
  b.writeBigInt64BE(physicalOffset, addressBytes + 4);
  return b.toString('hex').toUpperCase();
}

/** A host:port string -> IPv4 bytes and port (0.0.0.0 when not IPv4). */
export function hostPortOf(address: string, port: number): HostPort {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  const parts = v4.split('.').map(Number);
  const ok = parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255);
  return { address: Buffer.from(ok ? parts : [0, 0, 0, 0]), port };
}

/** Decides whether a message with this tag hash reaches the subscriber; null = everything. */
export type TagFilter = ReadonlySet<number> | null;

const matches = (filter: TagFilter, code: number): boolean =>
  filter === null || filter.size === 0 || filter.has(code);

export interface ServedMessage {
  queueOffset: number;
  /** The stored-message bytes, or null when the tag filter dropped it. */
  bytes: Buffer | null;
}

export interface ServeContext {
  topic: string;
  queueId: number;
  storeHost: HostPort;
  decompressBatch: BatchDecompressor;
  maxDecompressedBytes: number;
  /** Told about a stored Kafka batch that cannot be read (its offsets are skipped, not served). */
  onUnreadable?: (err: BrokerError, baseOffset: number) => void;
}

/** Turns one stored entry into RocketMQ messages at or after `fromOffset`, applying the tag filter. */
export function serveEntry(
  entry: StoredEntry,
  fromOffset: number,
  filter: TagFilter,
  ctx: ServeContext,
): ServedMessage[] {
  if (entry.format === PayloadFormat.RocketMessage) {
    if (entry.baseOffset < fromOffset) return [];
    if (!matches(filter, entry.tagsCode)) return [{ queueOffset: entry.baseOffset, bytes: null }];
    return [{ queueOffset: entry.baseOffset, bytes: withQueueOffset(entry.payload, entry.baseOffset) }];
  }
  if (entry.format !== PayloadFormat.RecordBatchV2) {
    return offsetsOf(entry, fromOffset).map((o) => ({ queueOffset: o, bytes: null }));
  }
  let batch: DecodedBatch;
  try {
    batch = decodeRecordBatch(entry.payload, ctx.decompressBatch, ctx.maxDecompressedBytes);
  } catch (err) {
    // A batch a Kafka producer compressed wrongly (or that inflates past the cap) was stored as sent:
    // skip its offsets so that a RocketMQ consumer moves past it instead of failing at it forever.
    const unreadable =
      err instanceof ProtocolDecodeError ||
      (err instanceof BrokerError && err.code === 'BRK_ERR_COMPRESSION');
    if (!unreadable) throw err;
    ctx.onUnreadable?.(err, entry.baseOffset);
    return offsetsOf(entry, fromOffset).map((o) => ({ queueOffset: o, bytes: null }));
  }
  const out: ServedMessage[] = [];
  if (batch.isControl) return offsetsOf(entry, fromOffset).map((o) => ({ queueOffset: o, bytes: null }));
  for (const r of batch.records) {
    if (r.offset < fromOffset) continue;
    const properties = new Map<string, string>();
    let tags: string | undefined;
    for (const h of r.headers) {
      const value = h.value === null ? '' : h.value.toString('utf8');
      if (h.key === PROPERTY_KEYS || !isPropertyText(h.key) || h.key === '' || !isPropertyText(value))
        continue;
      properties.set(h.key, value);
      if (h.key === PROPERTY_TAGS) tags = value;
    }
    if (r.key !== null) {
      const key = r.key.toString('utf8');
      if (isPropertyText(key)) properties.set(PROPERTY_KEYS, key);
    }
    if (!matches(filter, tagsCode(tags))) {
      out.push({ queueOffset: r.offset, bytes: null });
      continue;
    }
    const bytes = encodeRocketMessage(
      {
        queueId: ctx.queueId,
        flag: 0,
        queueOffset: BigInt(r.offset),
        physicalOffset: BigInt(recordCommitLogOffset(entry, r.offset)),
        sysFlag: 0,
        bornTimestampMs: r.timestampMs,
        bornHost: ctx.storeHost,
        storeTimestampMs: entry.storeTimestampMs,
        storeHost: ctx.storeHost,
        reconsumeTimes: 0,
        preparedTransactionOffset: 0n,
        body: r.value ?? Buffer.alloc(0),
        topic: ctx.topic,
        properties: formatProperties(properties),
      },
      bodyCrc,
    );
    out.push({ queueOffset: r.offset, bytes });
  }
  return out;
}

function offsetsOf(entry: StoredEntry, fromOffset: number): number[] {
  const out: number[] = [];
  for (let o = Math.max(entry.baseOffset, fromOffset); o < entry.baseOffset + entry.count; o++) out.push(o);
  return out;
}

/** The stored bytes already carry the offset assigned at append; copy only if they somehow differ. */
function withQueueOffset(payload: Buffer, queueOffset: number): Buffer {
  if (payload.length < RocketMessageField.bodyLength) return payload;
  if (payload.readBigInt64BE(RocketMessageField.queueOffset) === BigInt(queueOffset)) return payload;
  const copy = Buffer.from(payload);
  copy.writeBigInt64BE(BigInt(queueOffset), RocketMessageField.queueOffset);
  return copy;
}
