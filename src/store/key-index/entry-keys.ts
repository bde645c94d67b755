import { MessageSysFlag, parseProperties } from '../../model/index.js';
import { FORMAT_ROCKET_MESSAGE } from '../commit-log/entry-format.js';

/** RocketMQ's message key properties (MessageConst.PROPERTY_KEYS, PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX). */
export const PROPERTY_KEYS = 'KEYS';
export const PROPERTY_UNIQ_KEY = 'UNIQ_KEY';
/** KEYS holds several keys separated by this (MessageConst.KEY_SEPARATOR). */
export const KEY_SEPARATOR = ' ';
/** At most this many keys of one message are indexed (a bound on the work per message). */
export const MAX_KEYS_PER_MESSAGE = 64;
const TRANSACTION_ROLLBACK = 0xc;
const KEYS_MARK = Buffer.from(`${PROPERTY_KEYS}\u0001`);
const UNIQ_KEY_MARK = Buffer.from(`${PROPERTY_UNIQ_KEY}\u0001`);

/**
 * The index keys of one stored entry: for a RocketMQ message, UNIQ_KEY and every non-empty KEYS token
 * (deduplicated), none for a rolled-back transactional message or an undecodable payload. Kafka record
 * batches have none: their record keys are not indexed (docs/formats/key-index.md explains why).
 */
export function entryKeys(format: number, payload: Buffer): string[] {
  if (format !== FORMAT_ROCKET_MESSAGE) return [];
  const found = propertiesOf(payload);
  if (found === undefined) return [];
  const bytes = found.properties;
  // Most messages carry no keys: two byte searches, no string decoding.
  if (!bytes.includes(KEYS_MARK) && !bytes.includes(UNIQ_KEY_MARK)) return [];
  return keysOf(parseProperties(bytes.toString('utf8')), found.sysFlag);
}

/**
 * The index keys of a RocketMQ message from its parsed properties: UNIQ_KEY and every non-empty KEYS token
 * (deduplicated, at most MAX_KEYS_PER_MESSAGE), none for a rolled-back transactional message. Writers that
 * already hold the properties pass these with the append (`AppendRequest.indexKeys`) so the index does not
 * parse the stored bytes again.
 */
export function keysOf(map: ReadonlyMap<string, string>, sysFlag: number): string[] {
  if ((sysFlag & MessageSysFlag.transactionMask) === TRANSACTION_ROLLBACK) return [];
  const keys = new Set<string>();
  const uniq = map.get(PROPERTY_UNIQ_KEY);
  if (uniq !== undefined && uniq !== '') keys.add(uniq);
  for (const token of (map.get(PROPERTY_KEYS) ?? '').split(KEY_SEPARATOR)) {
    if (keys.size >= MAX_KEYS_PER_MESSAGE) break;
    if (token !== '') keys.add(token);
  }
  return [...keys];
}

/**
 * The sysFlag and the properties bytes of a stored RocketMQ message (layout v1, IPv4 or IPv6 hosts;
 * REFERENCE §3.1), every length checked against the payload; undefined when it does not add up.
 */
function propertiesOf(p: Buffer): { sysFlag: number; properties: Buffer } | undefined {
  if (p.length < 48) return undefined;
  const sysFlag = p.readInt32BE(36);
  const bornHostBytes = (sysFlag & MessageSysFlag.bornHostV6) !== 0 ? 20 : 8;
  const storeHostBytes = (sysFlag & MessageSysFlag.storeHostV6) !== 0 ? 20 : 8;
  // BORNTIMESTAMP at 40, BORNHOST, STORETIMESTAMP, STOREHOST, RECONSUMETIMES, PREPARED TX OFFSET, BODY.
  let at = 48 + bornHostBytes + 8 + storeHostBytes + 4 + 8;
  if (at + 4 > p.length) return undefined;
  const bodyLength = p.readInt32BE(at);
  at += 4 + bodyLength;
  if (bodyLength < 0 || at + 1 > p.length) return undefined;
  const topicLength = p.readInt8(at);
  at += 1 + topicLength;
  if (topicLength < 0 || at + 2 > p.length) return undefined;
  const propertiesLength = p.readInt16BE(at);
  at += 2;
  if (propertiesLength < 0 || at + propertiesLength > p.length) return undefined;
  return { sysFlag, properties: p.subarray(at, at + propertiesLength) };
}
