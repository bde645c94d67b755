import { inflateSync } from 'node:zlib';
import {
  MessageSysFlag,
  decodeRocketMessage,
  formatProperties,
  isPropertyText,
  parseProperties,
  type HostPort,
} from '../../model/index.js';
import { RocketClientError } from './client-error.js';
import { Property } from './codes.js';

/** A message to send. */
export interface Message {
  topic: string;
  body: Buffer | string;
  /** One tag (the TAGS property); consumers filter on it. */
  tags?: string;
  /** Business keys (the KEYS property, space-separated); QUERY_MESSAGE finds messages by them. */
  keys?: string | readonly string[];
  /** User properties; keys and values must not contain \x01 or \x02. */
  properties?: Readonly<Record<string, string>>;
  /** Delay level (1-based, the broker's `--delay-levels` table); 0 or absent = deliver now. */
  delayLevel?: number;
  /** The user flag (int32) stored with the message. */
  flag?: number;
  /** WAIT property: wait for the store's flush before answering (default true). */
  waitStoreMsgOK?: boolean;
}

/** A message as consumed (a decoded stored message, REFERENCE §3.1). */
export interface MessageExt {
  topic: string;
  brokerName: string;
  queueId: number;
  queueOffset: number;
  /** PHYSICALOFFSET: the broker's locator for CONSUMER_SEND_MSG_BACK and VIEW_MESSAGE_BY_ID. */
  commitLogOffset: bigint;
  /** UNIQ_KEY when the producer set one, else the offset msgId. */
  msgId: string;
  /** The broker's id: store host, port and commit-log offset in hex. */
  offsetMsgId: string;
  body: Buffer;
  tags: string | undefined;
  keys: string[];
  properties: Record<string, string>;
  flag: number;
  sysFlag: number;
  bornTimestamp: number;
  storeTimestamp: number;
  bornHost: string;
  storeHost: string;
  reconsumeTimes: number;
  preparedTransactionOffset: bigint;
}

/** Bodies over this many bytes are deflated (sysFlag COMPRESSED), as Java and ali-ons do. */
export const COMPRESS_OVER_BYTES = 4096;
/** The most a compressed body may inflate to. */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

export function bodyBuffer(body: Buffer | string): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

export function keysList(keys: string | readonly string[] | undefined): string[] {
  if (keys === undefined) return [];
  return (typeof keys === 'string' ? keys.split(' ') : [...keys]).filter((k) => k !== '');
}

/** The properties map a message is sent with (user properties first, then the well-known ones). */
export function messageProperties(msg: Message, uniqueKey: string | undefined): Map<string, string> {
  const props = new Map<string, string>();
  for (const [k, v] of Object.entries(msg.properties ?? {})) props.set(k, v);
  if (msg.tags !== undefined && msg.tags !== '') props.set(Property.TAGS, msg.tags);
  const keys = keysList(msg.keys);
  if (keys.length > 0) props.set(Property.KEYS, keys.join(' '));
  if (msg.delayLevel !== undefined && msg.delayLevel > 0) props.set(Property.DELAY, String(msg.delayLevel));
  props.set(Property.WAIT, String(msg.waitStoreMsgOK ?? true));
  if (uniqueKey !== undefined && !props.has(Property.UNIQ_KEY)) props.set(Property.UNIQ_KEY, uniqueKey);
  for (const [k, v] of props) {
    if (k === '' || !isPropertyText(k) || !isPropertyText(v))
      throw new RocketClientError(
        'RMQ_CLIENT_STATE',
        `property ${JSON.stringify(k)} contains \\x01 or \\x02`,
      );
  }
  return props;
}

export const encodeProperties = (props: ReadonlyMap<string, string>): string => formatProperties(props);

function hostString(h: HostPort): string {
  return `${h.address.length === 4 ? [...h.address].join('.') : h.address.toString('hex')}:${h.port}`;
}

function offsetId(h: HostPort, physicalOffset: bigint): string {
  const b = Buffer.alloc(h.address.length + 12);
  h.address.copy(b, 0);
  b.writeInt32BE(h.port | 0, h.address.length);
  b.writeBigInt64BE(physicalOffset, h.address.length + 4);
  return b.toString('hex').toUpperCase();
}

/** Decodes an offset msgId (32 or 56 hex characters) into the broker address and commit-log offset. */
export function decodeOffsetMsgId(msgId: string): { address: string; commitLogOffset: bigint } {
  if (!/^[0-9A-Fa-f]+$/.test(msgId) || (msgId.length !== 32 && msgId.length !== 56))
    throw new RocketClientError('RMQ_CLIENT_STATE', `not an offset msgId: ${JSON.stringify(msgId)}`);
  const b = Buffer.from(msgId, 'hex');
  const ipLen = b.length - 12;
  const ip = b.subarray(0, ipLen);
  const host = ipLen === 4 ? [...ip].join('.') : `[${(ip.toString('hex').match(/.{4}/g) ?? []).join(':')}]`;
  return { address: `${host}:${b.readInt32BE(ipLen)}`, commitLogOffset: b.readBigInt64BE(ipLen + 4) };
}

/** Decodes a PULL/QUERY body: stored messages back to back; compressed bodies are inflated. */
export function decodeMessages(body: Buffer | null, brokerName: string): MessageExt[] {
  const out: MessageExt[] = [];
  if (body === null) return out;
  let at = 0;
  while (at < body.length) {
    let decoded: ReturnType<typeof decodeRocketMessage>;
    try {
      decoded = decodeRocketMessage(body, at);
    } catch (err) {
      throw new RocketClientError('RMQ_CLIENT_DECODE', `message at byte ${at}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    const m = decoded.message;
    at += decoded.size;
    let payload = Buffer.from(m.body);
    if ((m.sysFlag & MessageSysFlag.compressed) !== 0) {
      const type = (m.sysFlag >> 8) & 0x7;
      if (type !== 0 && type !== 3)
        throw new RocketClientError(
          'RMQ_CLIENT_DECODE',
          `compression type ${type} is not supported (zlib only)`,
        );
      try {
        payload = inflateSync(payload, { maxOutputLength: MAX_INFLATED_BYTES });
      } catch (err) {
        throw new RocketClientError('RMQ_CLIENT_DECODE', `body does not inflate: ${(err as Error).message}`, {
          cause: err,
        });
      }
    }
    const props = Object.fromEntries(parseProperties(m.properties));
    const offsetMsgId = offsetId(m.storeHost, m.physicalOffset);
    out.push({
      topic: m.topic,
      brokerName,
      queueId: m.queueId,
      queueOffset: Number(m.queueOffset),
      commitLogOffset: m.physicalOffset,
      msgId: props[Property.UNIQ_KEY] ?? offsetMsgId,
      offsetMsgId,
      body: payload,
      tags: props[Property.TAGS],
      keys: keysList(props[Property.KEYS]),
      properties: props,
      flag: m.flag,
      sysFlag: m.sysFlag,
      bornTimestamp: m.bornTimestampMs,
      storeTimestamp: m.storeTimestampMs,
      bornHost: hostString(m.bornHost),
      storeHost: hostString(m.storeHost),
      reconsumeTimes: m.reconsumeTimes,
      preparedTransactionOffset: m.preparedTransactionOffset,
    });
  }
  return out;
}
