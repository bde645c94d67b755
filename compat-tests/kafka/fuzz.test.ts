/**
 * Hostile input against a live broker process: for every API key and version the broker advertises,
 * (a) random bytes as the request body and (b) a request built by the generated encoder from fast-check
 * values, then mutated at random byte positions. After each API key the broker must answer ApiVersions on
 * a new connection and a kafkajs producer must still work; the process must never exit.
 * Bounded: FUZZ_TOTAL requests (FERRYMQ_FUZZ_REQUESTS to change it), seeded (FERRYMQ_FUZZ_SEED).
 */
import fc from 'fast-check';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reader } from '../../src/protocol/kafka/codec/reader.js';
import { Writer } from '../../src/protocol/kafka/codec/writer.js';
import * as messages from '../../src/protocol/kafka/messages/index.js';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { kafkajsAdmin } from '../harness/clients/kafkajs.js';
import { RawConnection, decodeApiVersionsV0, encodeRequest } from '../harness/raw-kafka.js';

const FUZZ_TOTAL = Number(process.env['FERRYMQ_FUZZ_REQUESTS'] ?? 2000);
const SEED = Number(process.env['FERRYMQ_FUZZ_SEED'] ?? 20261121);
const TOPIC = 'fuzz-topic';
const MAX_DEPTH = 3;

type Create = () => Record<string, unknown>;
type Encode = (w: Writer, version: number, m: unknown) => void;
type Decode = (r: Reader, version: number) => unknown;
const exported = messages as unknown as Record<string, unknown>;

let broker: BrokerProcess;
let producer: Producer;

beforeAll(async () => {
  broker = await startBroker({ label: 'fuzz', defaultPartitions: 2 });
  const admin = await kafkajsAdmin(broker.bootstrap);
  try {
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  const kafka = new Kafka({
    clientId: 'fuzz-check',
    brokers: [broker.bootstrap],
    logLevel: logLevel.NOTHING,
  });
  producer = kafka.producer();
  await producer.connect();
});

afterAll(async () => {
  await producer.disconnect().catch(() => undefined);
  await stopAllBrokers();
});

/** A request header v1, or v2 (v1 + empty tagged fields) for flexible versions, then the body. */
function frame(apiKey: number, version: number, correlationId: number, body: Buffer): Buffer {
  const flexible = messages.requestHeaderVersion(apiKey, version) >= 2;
  return encodeRequest(
    apiKey,
    version,
    correlationId,
    flexible ? Buffer.concat([Buffer.from([0]), body]) : body,
  );
}

/** Values for one generated message, shaped after its default object; arrays take nested structs. */
function valueArbitrary(value: unknown, structs: readonly Create[], depth: number): fc.Arbitrary<unknown> {
  if (typeof value === 'string')
    return fc.oneof(fc.constantFrom('', TOPIC, 'fuzz-group', 'fuzz-txn'), fc.string({ maxLength: 24 }));
  if (typeof value === 'number')
    return fc.oneof(
      fc.constantFrom(0, 1, -1, 2),
      fc.integer({ min: -1, max: 127 }),
      fc.integer({ min: -1, max: 2 ** 31 - 1 }),
    );
  if (typeof value === 'bigint')
    return fc.oneof(fc.constantFrom(0n, -1n, -2n), fc.bigInt({ min: -1n, max: 1n << 40n }));
  if (typeof value === 'boolean') return fc.boolean();
  if (Buffer.isBuffer(value))
    return fc.oneof(
      fc.constant(value),
      fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b)),
    );
  if (Array.isArray(value)) {
    if (depth >= MAX_DEPTH || structs.length === 0) return fc.constant([]);
    const element = fc.oneof(...structs.map((create) => structArbitrary(create(), structs, depth + 1)));
    return fc.array(element, { maxLength: 2 });
  }
  if (value !== null && typeof value === 'object')
    return structArbitrary(value as Record<string, unknown>, structs, depth + 1);
  return fc.constant(value);
}

function structArbitrary(
  shape: Record<string, unknown>,
  structs: readonly Create[],
  depth: number,
): fc.Arbitrary<Record<string, unknown>> {
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, value] of Object.entries(shape)) {
    if (key === 'unknownTaggedFields') continue;
    fields[key] = valueArbitrary(value, structs, depth);
  }
  return fc.record(fields);
}

interface FuzzApi {
  apiKey: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  create: Create;
  encode: Encode;
  decode: Decode;
  structs: Create[];
}

function fuzzApis(served: { apiKey: number; minVersion: number; maxVersion: number }[]): FuzzApi[] {
  const apis: FuzzApi[] = [];
  for (const s of served) {
    const descriptor = messages.apiDescriptor(s.apiKey);
    if (descriptor === undefined) throw new Error(`api key ${s.apiKey} has no generated codec`);
    const name = descriptor.name;
    const create = exported[`create${name}Request`] as Create | undefined;
    const encode = exported[`encode${name}Request`] as Encode | undefined;
    const decode = exported[`decode${name}Request`] as Decode | undefined;
    if (create === undefined || encode === undefined || decode === undefined)
      throw new Error(`no generated request codec for ${name}`);
    const structs = Object.entries(exported)
      .filter(([k]) => k.startsWith(`create${name}Request`) && k !== `create${name}Request`)
      .map(([, f]) => f as Create);
    apis.push({
      apiKey: s.apiKey,
      name,
      minVersion: s.minVersion,
      maxVersion: s.maxVersion,
      create,
      encode,
      decode,
      structs,
    });
  }
  return apis;
}

/** The request encoded from fast-check values; falls back to the default message when they do not encode. */
function encodeValid(api: FuzzApi, version: number, value: Record<string, unknown>): Buffer {
  for (const m of [value, api.create()]) {
    try {
      const w = new Writer();
      api.encode(w, version, m);
      return w.toBuffer();
    } catch {
      // values outside a field's range (int8/int16, fixed-size uuid): try the default message
    }
  }
  return Buffer.alloc(0);
}

async function apiVersionsOnNewConnection(): Promise<
  { apiKey: number; minVersion: number; maxVersion: number }[]
> {
  const conn = await RawConnection.open(broker.host, broker.port);
  try {
    conn.write(encodeRequest(18, 0, 7, Buffer.alloc(0)));
    const response = await conn.readFrame(5000);
    if (response === null) throw new Error('ApiVersions: connection closed');
    const decoded = decodeApiVersionsV0(response);
    expect(decoded.errorCode).toBe(0);
    return decoded.apis;
  } finally {
    conn.close();
  }
}

describe('fuzzing the Kafka listener', () => {
  it(`survives ${FUZZ_TOTAL} hostile requests over every served API and version`, async () => {
    const served = await apiVersionsOnNewConnection();
    const apis = fuzzApis(served);
    const combos = apis.reduce((n, a) => n + a.maxVersion - a.minVersion + 1, 0);
    const perVersion = Math.max(2, Math.floor(FUZZ_TOTAL / combos / 2) * 2);
    let sent = 0;
    let correlationId = 100;
    let conn = await RawConnection.open(broker.host, broker.port);
    const send = async (bytes: Buffer): Promise<void> => {
      if (conn.isClosed) conn = await RawConnection.open(broker.host, broker.port);
      conn.write(bytes);
      sent += 1;
      try {
        await conn.readFrame(150);
      } catch {
        // no answer in time (acks=0, long poll): fine, the process check below is what counts
      }
    };
    try {
      for (const [apiIndex, api] of apis.entries()) {
        for (let version = api.minVersion; version <= api.maxVersion; version++) {
          const shape = structArbitrary(api.create(), api.structs, 0);
          const samples = fc.sample(
            fc.record({
              random: fc.uint8Array({ maxLength: 300 }),
              value: shape,
              flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), {
                minLength: 1,
                maxLength: 4,
              }),
              cut: fc.option(fc.nat(), { freq: 4 }),
            }),
            { numRuns: perVersion / 2, seed: SEED + apiIndex * 1000 + version },
          );
          for (const s of samples) {
            await send(frame(api.apiKey, version, correlationId++, Buffer.from(s.random)));
            const body = Buffer.from(encodeValid(api, version, s.value));
            for (const [at, mask] of s.flips)
              if (body.length > 0) body[at % body.length] = (body[at % body.length] as number) ^ mask;
            const cut = s.cut === null ? body : body.subarray(0, s.cut % (body.length + 1));
            await send(frame(api.apiKey, version, correlationId++, cut));
          }
        }
        expect(
          broker.running,
          `broker exited after fuzzing ${api.name}: ${String(broker.lastExit)}\n${broker.logTail()}`,
        ).toBe(true);
        expect((await apiVersionsOnNewConnection()).length).toBe(served.length);
        const [meta] = await producer.send({
          topic: TOPIC,
          acks: -1,
          messages: [{ key: api.name, value: `after ${api.name}` }],
        });
        expect(meta?.errorCode).toBe(0);
      }
    } finally {
      conn.close();
    }
    expect(sent).toBeGreaterThanOrEqual(Math.min(FUZZ_TOTAL, combos * 2));
  }, 170_000);
});
