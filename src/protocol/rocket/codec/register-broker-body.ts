import { inflateSync } from 'node:zlib';
import type { DataVersion, TopicQueueConfig } from '../../../coordinator/index.js';
import { ProtocolDecodeError } from '../../../errors.js';

/** The REGISTER_BROKER body: the broker's topic table and data version (plain JSON or the compressed form). */
export interface RegisterBrokerBody {
  dataVersion: DataVersion;
  topics: TopicQueueConfig[];
}

/** Largest inflated body accepted (a broker with many thousands of topics stays far below this). */
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

export function decodeRegisterBrokerBody(body: Buffer | null, compressed: boolean): RegisterBrokerBody {
  if (body === null || body.length === 0) return { dataVersion: { timestamp: 0, counter: 0 }, topics: [] };
  return compressed ? decodeCompressed(body) : decodeJson(body);
}

function asRecord(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ProtocolDecodeError(field, 0, 'not a JSON object');
  return v as Record<string, unknown>;
}

/**
 * A Java int (or long, with `long`) sent as a JSON number or a digit string; absent or non-numeric values
 * take the fallback, while a number that is not an integer in range is a decode error naming the field.
 */
function num(v: unknown, fallback: number, field: string, long = false): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : undefined;
  if (n === undefined) return fallback;
  const ok = long ? Number.isSafeInteger(n) : Number.isInteger(n) && n >= -0x80000000 && n <= 0x7fffffff;
  if (!ok) throw new ProtocolDecodeError(field, 0, `not a ${long ? 'long' : 'int'}: ${String(v)}`);
  return n;
}

function dataVersionOf(v: unknown): DataVersion {
  if (v === undefined || v === null) return { timestamp: 0, counter: 0 };
  const o = asRecord(v, 'dataVersion');
  const counter = o['counter'];
  return {
    timestamp: num(o['timestamp'], 0, 'dataVersion.timestamp', true),
    counter:
      typeof counter === 'object' && counter !== null
        ? num((counter as Record<string, unknown>)['value'], 0, 'dataVersion.counter', true)
        : num(counter, 0, 'dataVersion.counter', true),
  };
}

function decodeJson(body: Buffer): RegisterBrokerBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new ProtocolDecodeError('registerBrokerBody', 0, `invalid JSON: ${(err as Error).message}`);
  }
  const root = asRecord(parsed, 'registerBrokerBody');
  const wrapper = asRecord(root['topicConfigSerializeWrapper'] ?? {}, 'topicConfigSerializeWrapper');
  const table = asRecord(wrapper['topicConfigTable'] ?? {}, 'topicConfigTable');
  const topics: TopicQueueConfig[] = [];
  for (const [name, cfg] of Object.entries(table)) {
    const c = asRecord(cfg, `topicConfigTable.${name}`);
    topics.push({
      topicName: typeof c['topicName'] === 'string' ? c['topicName'] : name,
      readQueueNums: num(c['readQueueNums'], 16, `topicConfigTable.${name}.readQueueNums`),
      writeQueueNums: num(c['writeQueueNums'], 16, `topicConfigTable.${name}.writeQueueNums`),
      perm: num(c['perm'], 6, `topicConfigTable.${name}.perm`),
      topicSysFlag: num(c['topicSysFlag'] ?? c['topicSynFlag'], 0, `topicConfigTable.${name}.topicSysFlag`),
    });
  }
  return { dataVersion: dataVersionOf(wrapper['dataVersion']), topics };
}

function decodeCompressed(body: Buffer): RegisterBrokerBody {
  let raw: Buffer;
  try {
    raw = inflateSync(body, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (err) {
    throw new ProtocolDecodeError('registerBrokerBody', 0, `cannot inflate: ${(err as Error).message}`);
  }
  let at = 0;
  const int32 = (field: string): number => {
    if (at + 4 > raw.length) throw new ProtocolDecodeError(field, at, 'truncated');
    const v = raw.readInt32BE(at);
    at += 4;
    return v;
  };
  const text = (field: string): string => {
    const n = int32(`${field}.length`);
    if (n < 0 || at + n > raw.length) throw new ProtocolDecodeError(field, at, `length ${n} beyond the body`);
    const s = raw.toString('utf8', at, at + n);
    at += n;
    return s;
  };
  let dataVersion: DataVersion;
  try {
    dataVersion = dataVersionOf(JSON.parse(text('dataVersion')));
  } catch (err) {
    if (err instanceof ProtocolDecodeError) throw err;
    throw new ProtocolDecodeError('dataVersion', 4, 'invalid JSON');
  }
  const count = int32('topicCount');
  if (count < 0 || count > (raw.length - at) / 4)
    throw new ProtocolDecodeError('topicCount', at - 4, `${count} topics cannot fit`);
  const topics: TopicQueueConfig[] = [];
  for (let i = 0; i < count; i++) {
    const parts = text(`topics[${i}]`).split(' ');
    const [name, read, write, perm] = parts;
    if (name === undefined || name === '' || parts.length < 4)
      throw new ProtocolDecodeError(`topics[${i}]`, at, 'expected "name readQueues writeQueues perm ..."');
    topics.push({
      topicName: name,
      readQueueNums: num(read, 16, `topics[${i}].readQueueNums`),
      writeQueueNums: num(write, 16, `topics[${i}].writeQueueNums`),
      perm: num(perm, 6, `topics[${i}].perm`),
      topicSysFlag: 0,
    });
  }
  return { dataVersion, topics };
}

/** The plain JSON REGISTER_BROKER body a broker sends (RegisterBrokerBody with its topic table). */
export function encodeRegisterBrokerBody(body: RegisterBrokerBody): Buffer {
  const topicConfigTable: Record<string, unknown> = {};
  for (const t of body.topics) {
    topicConfigTable[t.topicName] = {
      order: false,
      perm: t.perm,
      readQueueNums: t.readQueueNums,
      topicFilterType: 'SINGLE_TAG',
      topicName: t.topicName,
      topicSysFlag: t.topicSysFlag,
      writeQueueNums: t.writeQueueNums,
    };
  }
  return Buffer.from(
    JSON.stringify({
      filterServerList: [],
      topicConfigSerializeWrapper: {
        dataVersion: { counter: body.dataVersion.counter, timestamp: body.dataVersion.timestamp },
        topicConfigTable,
      },
    }),
    'utf8',
  );
}
