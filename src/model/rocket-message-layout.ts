import { ProtocolDecodeError } from '../errors.js';

/**
 * The RocketMQ stored-message layout, version 1 (magic 0xDAA320A7): how a message sits in a RocketMQ
 * CommitLog and in a PULL_MESSAGE body. ferrymq stores RocketMQ-produced messages in this layout as
 * PayloadFormat.RocketMessage, and both protocols read it. Byte table: docs/formats/remoting-frame.md.
 * All integers big-endian.
 */
export const ROCKET_MESSAGE_MAGIC_V1 = -626843481; // 0xDAA320A7
/** TOTALSIZE..PREPARED_TX_OFFSET with IPv4 hosts, the fixed part before BODY. */
const FIXED_BEFORE_BODY = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + 8 + 8 + 8 + 4 + 8;

export const MessageSysFlag = {
  compressed: 0x1,
  multiTags: 0x2,
  transactionMask: 0xc,
  bornHostV6: 0x10,
  storeHostV6: 0x20,
} as const;

/** Field offsets inside a v1 record with IPv4 hosts. */
export const RocketMessageField = {
  totalSize: 0,
  magic: 4,
  bodyCrc: 8,
  queueId: 12,
  flag: 16,
  queueOffset: 20,
  physicalOffset: 28,
  sysFlag: 36,
  bornTimestamp: 40,
  bornHost: 48,
  storeTimestamp: 56,
  storeHost: 64,
  reconsumeTimes: 72,
  preparedTransactionOffset: 76,
  bodyLength: 84,
} as const;

/** An IPv4 host and port as RocketMQ writes them (4 address bytes, int32 port). */
export interface HostPort {
  address: Buffer;
  port: number;
}

export interface RocketMessageFields {
  queueId: number;
  flag: number;
  queueOffset: bigint;
  physicalOffset: bigint;
  sysFlag: number;
  bornTimestampMs: number;
  bornHost: HostPort;
  storeTimestampMs: number;
  storeHost: HostPort;
  reconsumeTimes: number;
  preparedTransactionOffset: bigint;
  body: Buffer;
  topic: string;
  /** The raw properties string (`key \x01 value \x02 ...`). */
  properties: string;
}

export const NAME_VALUE_SEPARATOR = '\u0001';
export const PROPERTY_SEPARATOR = '\u0002';
export const MAX_PROPERTIES_BYTES = 32767;
export const MAX_TOPIC_BYTES = 127;

/** Parses a properties string; accepts a trailing separator and skips empty or malformed pairs. */
export function parseProperties(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const item of text.split(PROPERTY_SEPARATOR)) {
    const at = item.indexOf(NAME_VALUE_SEPARATOR);
    if (at <= 0) continue;
    map.set(item.slice(0, at), item.slice(at + 1));
  }
  return map;
}

/** Writes properties the way Java 4.9 does: pairs joined by \x02, no trailing separator. */
export function formatProperties(properties: ReadonlyMap<string, string>): string {
  const parts: string[] = [];
  for (const [k, v] of properties) parts.push(`${k}${NAME_VALUE_SEPARATOR}${v}`);
  return parts.join(PROPERTY_SEPARATOR);
}

/** True when a string can be a property key or value (no separator characters). */
export function isPropertyText(s: string): boolean {
  return !s.includes(NAME_VALUE_SEPARATOR) && !s.includes(PROPERTY_SEPARATOR);
}

/** Java's String.hashCode (UTF-16 code units, 32-bit wrap): RocketMQ's tag hash. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** Size of the v1 record for these lengths (IPv4 hosts). */
export function rocketMessageSize(bodyBytes: number, topicBytes: number, propertiesBytes: number): number {
  return FIXED_BEFORE_BODY + 4 + bodyBytes + 1 + topicBytes + 2 + propertiesBytes;
}

/** crc32(body) & 0x7fffffff, RocketMQ's BODYCRC (zlib CRC-32, not CRC-32C). */
export type BodyCrc = (body: Buffer) => number;

/**
 * Encodes one v1 record with IPv4 hosts. Throws ProtocolDecodeError('topic' | 'properties') when a
 * length does not fit the layout (topic over 127 bytes, properties over 32767 bytes).
 */
export function encodeRocketMessage(m: RocketMessageFields, bodyCrc: BodyCrc): Buffer {
  const topic = Buffer.from(m.topic, 'utf8');
  const props = Buffer.from(m.properties, 'utf8');
  if (topic.length > MAX_TOPIC_BYTES)
    throw new ProtocolDecodeError('topic', 0, `${topic.length} bytes, at most ${MAX_TOPIC_BYTES}`);
  if (props.length > MAX_PROPERTIES_BYTES)
    throw new ProtocolDecodeError('properties', 0, `${props.length} bytes, at most ${MAX_PROPERTIES_BYTES}`);
  const size = rocketMessageSize(m.body.length, topic.length, props.length);
  const buf = Buffer.allocUnsafe(size);
  const F = RocketMessageField;
  buf.writeInt32BE(size, F.totalSize);
  buf.writeInt32BE(ROCKET_MESSAGE_MAGIC_V1, F.magic);
  buf.writeInt32BE(bodyCrc(m.body) & 0x7fffffff, F.bodyCrc);
  buf.writeInt32BE(m.queueId, F.queueId);
  buf.writeInt32BE(m.flag, F.flag);
  buf.writeBigInt64BE(m.queueOffset, F.queueOffset);
  buf.writeBigInt64BE(m.physicalOffset, F.physicalOffset);
  buf.writeInt32BE(m.sysFlag & ~(MessageSysFlag.bornHostV6 | MessageSysFlag.storeHostV6), F.sysFlag);
  buf.writeBigInt64BE(BigInt(m.bornTimestampMs), F.bornTimestamp);
  writeHost(buf, F.bornHost, m.bornHost);
  buf.writeBigInt64BE(BigInt(m.storeTimestampMs), F.storeTimestamp);
  writeHost(buf, F.storeHost, m.storeHost);
  buf.writeInt32BE(m.reconsumeTimes, F.reconsumeTimes);
  buf.writeBigInt64BE(m.preparedTransactionOffset, F.preparedTransactionOffset);
  let at = F.bodyLength;
  buf.writeInt32BE(m.body.length, at);
  at += 4;
  m.body.copy(buf, at);
  at += m.body.length;
  buf.writeInt8(topic.length, at);
  at += 1;
  topic.copy(buf, at);
  at += topic.length;
  buf.writeInt16BE(props.length, at);
  at += 2;
  props.copy(buf, at);
  return buf;
}

function writeHost(buf: Buffer, at: number, host: HostPort): void {
  if (host.address.length === 4) host.address.copy(buf, at);
  else buf.fill(0, at, at + 4);
  buf.writeInt32BE(host.port | 0, at + 4);
}

/**
 * Decodes one v1 record (IPv4 or IPv6 hosts) starting at `offset`; every length is checked against the
 * bytes present. Returns the fields and the record size. Throws ProtocolDecodeError naming the field.
 */
export function decodeRocketMessage(buf: Buffer, offset = 0): { message: RocketMessageFields; size: number } {
  const need = (at: number, n: number, field: string): void => {
    if (at + n > buf.length)
      throw new ProtocolDecodeError(field, at, `needs ${n} bytes, ${buf.length - at} left`);
  };
  need(offset, 40, 'rocketMessage');
  const F = RocketMessageField;
  const size = buf.readInt32BE(offset + F.totalSize);
  if (size < 40 || offset + size > buf.length)
    throw new ProtocolDecodeError(
      'totalSize',
      offset,
      `${size} does not fit in ${buf.length - offset} bytes`,
    );
  const magic = buf.readInt32BE(offset + F.magic);
  if (magic !== ROCKET_MESSAGE_MAGIC_V1)
    throw new ProtocolDecodeError('magic', offset + F.magic, `unsupported magic ${magic}`);
  const end = offset + size;
  const sub = buf.subarray(0, end);
  const check = (at: number, n: number, field: string): void => {
    if (at + n > end) throw new ProtocolDecodeError(field, at, `needs ${n} bytes, ${end - at} left`);
  };
  const sysFlag = sub.readInt32BE(offset + F.sysFlag);
  let at = offset + F.bornTimestamp;
  check(at, 8, 'bornTimestamp');
  const bornTimestampMs = Number(sub.readBigInt64BE(at));
  at += 8;
  const bornV6 = (sysFlag & MessageSysFlag.bornHostV6) !== 0;
  const bornLen = bornV6 ? 16 : 4;
  check(at, bornLen + 4, 'bornHost');
  const bornHost = {
    address: Buffer.from(sub.subarray(at, at + bornLen)),
    port: sub.readInt32BE(at + bornLen),
  };
  at += bornLen + 4;
  check(at, 8, 'storeTimestamp');
  const storeTimestampMs = Number(sub.readBigInt64BE(at));
  at += 8;
  const storeLen = (sysFlag & MessageSysFlag.storeHostV6) !== 0 ? 16 : 4;
  check(at, storeLen + 4, 'storeHost');
  const storeHost = {
    address: Buffer.from(sub.subarray(at, at + storeLen)),
    port: sub.readInt32BE(at + storeLen),
  };
  at += storeLen + 4;
  check(at, 4 + 8 + 4, 'reconsumeTimes');
  const reconsumeTimes = sub.readInt32BE(at);
  const preparedTransactionOffset = sub.readBigInt64BE(at + 4);
  at += 12;
  const bodyLength = sub.readInt32BE(at);
  if (bodyLength < 0) throw new ProtocolDecodeError('bodyLength', at, `negative: ${bodyLength}`);
  at += 4;
  check(at, bodyLength, 'body');
  const body = sub.subarray(at, at + bodyLength);
  at += bodyLength;
  check(at, 1, 'topicLength');
  const topicLength = sub.readInt8(at);
  if (topicLength < 0) throw new ProtocolDecodeError('topicLength', at, `negative: ${topicLength}`);
  at += 1;
  check(at, topicLength, 'topic');
  const topic = sub.toString('utf8', at, at + topicLength);
  at += topicLength;
  check(at, 2, 'propertiesLength');
  const propertiesLength = sub.readInt16BE(at);
  if (propertiesLength < 0)
    throw new ProtocolDecodeError('propertiesLength', at, `negative: ${propertiesLength}`);
  at += 2;
  check(at, propertiesLength, 'properties');
  const properties = sub.toString('utf8', at, at + propertiesLength);
  return {
    size,
    message: {
      queueId: sub.readInt32BE(offset + F.queueId),
      flag: sub.readInt32BE(offset + F.flag),
      queueOffset: sub.readBigInt64BE(offset + F.queueOffset),
      physicalOffset: sub.readBigInt64BE(offset + F.physicalOffset),
      sysFlag,
      bornTimestampMs,
      bornHost,
      storeTimestampMs,
      storeHost,
      reconsumeTimes,
      preparedTransactionOffset,
      body,
      topic,
      properties,
    },
  };
}
