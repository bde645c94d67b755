/**
 * @confluentinc/kafka-javascript 1.10.1 (librdkafka 2.15.1), built from source against Debian's
 * libraries by scripts/install-test-deps.sh into a cache directory outside the repo (it is not in
 * package.json: its native build takes about 2 minutes). Loaded from FERRYMQ_CKJS_DIR, or the
 * default cache path. Uses the node-rdkafka style API: HighLevelProducer, and KafkaConsumer with
 * assign() (a group.id is required by librdkafka but no group is joined; nothing is committed).
 */
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ConsumedRecord, TestHeader } from '../records.js';
import type { ConsumeRequest, KafkaClientAdapter, ProduceRequest, ProduceResult } from './client-adapter.js';

export const CKJS_VERSION = '1.10.1';

/** Where install-test-deps.sh builds the client; keep in step with that script. */
export function ckjsDir(): string {
  const explicit = process.env['FERRYMQ_CKJS_DIR'];
  if (explicit) return explicit;
  const cacheRoot =
    process.env['FERRYMQ_TEST_DEPS_DIR'] ??
    join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'ferrymq-test-deps');
  return join(cacheRoot, `confluent-kafka-javascript-${CKJS_VERSION}-node-abi${process.versions.modules}`);
}

type Headers = Record<string, Buffer>[];
interface RdError {
  message: string;
  code: number;
}
interface RdMessage {
  topic: string;
  partition: number;
  offset: number;
  key?: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | string>[];
}
interface RdClient {
  connect(options: Record<string, unknown>, cb: (err: RdError | null) => void): void;
  disconnect(cb: (err: unknown) => void): void;
  setPollInterval?(ms: number): void;
  on(event: 'event.error', cb: (err: RdError) => void): void;
}
interface RdHighLevelProducer extends RdClient {
  produce(
    topic: string,
    partition: number,
    value: Buffer | null,
    key: Buffer | null,
    timestamp: number | null,
    headers: Headers,
    cb: (err: RdError | null, offset?: number) => void,
  ): void;
  flush(timeoutMs: number, cb: (err: RdError | null) => void): void;
}
interface RdConsumer extends RdClient {
  assign(assignments: { topic: string; partition: number; offset: number }[]): void;
  consume(count: number, cb: (err: RdError | null, messages: RdMessage[]) => void): void;
  setDefaultConsumeTimeout(ms: number): void;
}
interface CkjsModule {
  librdkafkaVersion: string;
  HighLevelProducer: new (conf: Record<string, unknown>) => RdHighLevelProducer;
  KafkaConsumer: new (conf: Record<string, unknown>, topicConf: Record<string, unknown>) => RdConsumer;
}

let loaded: CkjsModule | Error | undefined;
export function loadCkjs(): CkjsModule {
  if (loaded === undefined) {
    try {
      const require = createRequire(join(ckjsDir(), 'package.json'));
      loaded = require('@confluentinc/kafka-javascript') as CkjsModule;
    } catch (e) {
      loaded = new Error(
        `@confluentinc/kafka-javascript ${CKJS_VERSION} is not built in ${ckjsDir()} ` +
          `(run scripts/install-test-deps.sh): ${(e as Error).message.split('\n')[0] ?? ''}`,
      );
    }
  }
  if (loaded instanceof Error) throw loaded;
  return loaded;
}

function connect(client: RdClient): Promise<void> {
  return new Promise((resolve, reject) =>
    client.connect({ timeout: 30_000 }, (err) => (err ? reject(asError(err)) : resolve())),
  );
}
function disconnect(client: RdClient): Promise<void> {
  return new Promise((resolve) => client.disconnect(() => resolve()));
}
function asError(err: RdError): Error {
  return Object.assign(new Error(`librdkafka: ${err.message} (code ${err.code})`), { code: err.code });
}

export const confluentKafkaJavascriptAdapter: KafkaClientAdapter = {
  name: 'confluent-kafka-javascript',
  codecs: ['none', 'gzip', 'snappy', 'lz4', 'zstd'],
  limits: { textOnly: false, uniformHeaders: false },
  async unavailableReason() {
    try {
      loadCkjs();
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  },
  async produce(bootstrap: string, request: ProduceRequest): Promise<ProduceResult> {
    const ckjs = loadCkjs();
    const producer = new ckjs.HighLevelProducer({
      'bootstrap.servers': bootstrap,
      'client.id': 'compat-ckjs',
      'compression.codec': request.codec,
      acks: request.acks,
      'linger.ms': 5,
      'message.timeout.ms': 60_000,
    });
    producer.on('event.error', () => undefined);
    await connect(producer);
    producer.setPollInterval?.(20);
    try {
      const offsets = await Promise.all(
        request.records.map(
          (r) =>
            new Promise<number>((resolve, reject) =>
              producer.produce(
                request.topic,
                request.partition,
                r.value,
                r.key,
                null,
                r.headers.map((h) => ({ [h.key]: h.value })),
                (err, offset) => (err ? reject(asError(err)) : resolve(offset ?? -1)),
              ),
            ),
        ),
      );
      await new Promise<void>((resolve, reject) =>
        producer.flush(30_000, (err) => (err ? reject(asError(err)) : resolve())),
      );
      return { baseOffset: offsets.length > 0 ? BigInt(Math.min(...offsets)) : null };
    } finally {
      await disconnect(producer);
    }
  },
  async consume(bootstrap: string, request: ConsumeRequest): Promise<ConsumedRecord[]> {
    const ckjs = loadCkjs();
    const consumer = new ckjs.KafkaConsumer(
      {
        'bootstrap.servers': bootstrap,
        'client.id': 'compat-ckjs',
        'group.id': 'compat-unused-group',
        'enable.auto.commit': false,
        'enable.auto.offset.store': false,
      },
      { 'auto.offset.reset': 'error' },
    );
    let asyncError: RdError | null = null;
    consumer.on('event.error', (err) => {
      asyncError ??= err;
    });
    await connect(consumer);
    const out: ConsumedRecord[] = [];
    const deadline = Date.now() + (request.timeoutMs ?? 60_000);
    try {
      consumer.setDefaultConsumeTimeout(500);
      consumer.assign([
        { topic: request.topic, partition: request.partition, offset: Number(request.offset) },
      ]);
      while (out.length < request.count && Date.now() < deadline) {
        const batch = await new Promise<RdMessage[]>((resolve, reject) =>
          consumer.consume(Math.min(1000, request.count - out.length), (err, messages) =>
            err ? reject(asError(err)) : resolve(messages),
          ),
        );
        for (const m of batch) {
          out.push({
            partition: m.partition,
            offset: BigInt(m.offset),
            key: m.key ?? null,
            value: m.value,
            headers: (m.headers ?? []).flatMap((h): TestHeader[] =>
              Object.entries(h).map(([key, value]) => ({ key, value: Buffer.from(value) })),
            ),
          });
        }
      }
      if (out.length < request.count && asyncError) throw asError(asyncError);
      return out;
    } finally {
      await disconnect(consumer);
    }
  },
};
