/**
 * Idempotent producers and transactions with real clients: kafkajs (InitProducerId v1, AddPartitionsToTxn
 * v1, EndTxn v1, TxnOffsetCommit v1) and librdkafka 2.0.2 through python3-confluent-kafka (InitProducerId
 * v4, AddPartitionsToTxn/AddOffsetsToTxn v0, EndTxn v1). read_committed consumers must see committed
 * records only; a second producer with the same transactional.id fences the first; in-flight
 * transactions resolve after a kill -9.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { createTopic } from '../harness/group-admin.js';
import { PYTHON } from '../harness/clients/python-clients.js';
import { kafkajsAdmin, kafkajsClient } from '../harness/clients/kafkajs.js';
import { runProcess, tail } from '../harness/run-process.js';

const SCRIPT = join(REPO_ROOT, 'compat-tests', 'clients-py', 'transactional-client.py');

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({ label: 'transactions', defaultPartitions: 1 });
});

afterAll(async () => {
  await stopAllBrokers();
});

interface PyAnswer {
  ok: boolean;
  error?: string;
  name?: string | null;
  [field: string]: unknown;
}

async function python(command: Record<string, unknown>): Promise<PyAnswer> {
  const r = await runProcess(PYTHON, [SCRIPT], {
    input: JSON.stringify({ bootstrap: broker.bootstrap, ...command }),
    timeoutMs: 120_000,
  });
  if (r.code !== 0)
    throw new Error(`transactional-client.py exited ${String(r.code ?? r.signal)}\n${tail(r.stderr)}`);
  return JSON.parse(r.stdout.toString('utf8')) as PyAnswer;
}

/** Reads a partition from the start with a kafkajs group consumer until `count` values or the timeout. */
async function kafkajsRead(
  kafka: Kafka,
  topic: string,
  readCommitted: boolean,
  count: number,
  idleMs = 1500,
): Promise<string[]> {
  const consumer = kafka.consumer({
    groupId: `reader-${topic}-${readCommitted ? 'rc' : 'ru'}-${Date.now()}`,
    readUncommitted: !readCommitted,
    maxWaitTimeInMs: 200,
  });
  const values: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let lastAt = Date.now();
  await consumer.run({
    eachMessage: async ({ message }) => {
      values.push(message.value?.toString('utf8') ?? '');
      lastAt = Date.now();
    },
  });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && (values.length < count || Date.now() - lastAt < idleMs)) {
    await new Promise((r) => setTimeout(r, 100));
  }
  await consumer.disconnect();
  return values;
}

async function transactionalProducer(
  kafka: Kafka,
  transactionalId: string,
  timeoutMs = 30_000,
): Promise<Producer> {
  const producer = kafka.producer({
    transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
    transactionTimeout: timeoutMs,
  });
  await producer.connect();
  return producer;
}

const values = (prefix: string, n: number): { value: string }[] =>
  Array.from({ length: n }, (_, i) => ({ value: `${prefix}-${i}` }));

describe('kafkajs', () => {
  it('idempotent producer: every record once, in order', async () => {
    const topic = 'idem-kafkajs';
    await createTopic(broker.bootstrap, topic);
    const kafka = kafkajsClient(broker.bootstrap);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < 5; i++) await producer.send({ topic, acks: -1, messages: values(`b${i}`, 20) });
    await producer.disconnect();
    const read = await kafkajsRead(kafka, topic, false, 100);
    expect(read).toHaveLength(100);
    expect(read[0]).toBe('b0-0');
    expect(read[99]).toBe('b4-19');
  });

  it('transactions: read_committed sees commits only, read_uncommitted sees both', async () => {
    const topic = 'txn-kafkajs';
    await createTopic(broker.bootstrap, topic);
    const kafka = kafkajsClient(broker.bootstrap);
    const producer = await transactionalProducer(kafka, 'kafkajs-txn-1');
    const t1 = await producer.transaction();
    await t1.send({ topic, messages: values('committed-a', 5) });
    await t1.commit();
    const t2 = await producer.transaction();
    await t2.send({ topic, messages: values('aborted', 5) });
    await t2.abort();
    const t3 = await producer.transaction();
    await t3.send({ topic, messages: values('committed-b', 5) });
    await t3.commit();
    await producer.disconnect();

    const committed = await kafkajsRead(kafka, topic, true, 10);
    expect(committed).toEqual([...values('committed-a', 5), ...values('committed-b', 5)].map((v) => v.value));
    const everything = await kafkajsRead(kafka, topic, false, 15);
    expect(everything).toHaveLength(15);
  });

  it('sendOffsets: offsets become visible on commit only', async () => {
    const topic = 'txn-offsets-kafkajs';
    await createTopic(broker.bootstrap, topic);
    const kafka = kafkajsClient(broker.bootstrap);
    const producer = await transactionalProducer(kafka, 'kafkajs-txn-offsets');
    const admin = await kafkajsAdmin(broker.bootstrap);
    try {
      const aborted = await producer.transaction();
      await aborted.send({ topic, messages: values('x', 1) });
      await aborted.sendOffsets({
        consumerGroupId: 'txn-group',
        topics: [{ topic, partitions: [{ partition: 0, offset: '7' }] }],
      });
      await aborted.abort();
      let offsets = await admin.fetchOffsets({ groupId: 'txn-group', topics: [topic] });
      expect(offsets[0]?.partitions[0]?.offset).toBe('-1');

      const committed = await producer.transaction();
      await committed.send({ topic, messages: values('y', 1) });
      await committed.sendOffsets({
        consumerGroupId: 'txn-group',
        topics: [{ topic, partitions: [{ partition: 0, offset: '11' }] }],
      });
      await committed.commit();
      offsets = await admin.fetchOffsets({ groupId: 'txn-group', topics: [topic] });
      expect(offsets[0]?.partitions[0]?.offset).toBe('11');
    } finally {
      await admin.disconnect();
      await producer.disconnect();
    }
  });

  it('a second producer with the same transactional id fences the first', async () => {
    const topic = 'txn-fence-kafkajs';
    await createTopic(broker.bootstrap, topic);
    const kafka = kafkajsClient(broker.bootstrap);
    const zombie = await transactionalProducer(kafka, 'kafkajs-fenced');
    const txn = await zombie.transaction();
    await txn.send({ topic, messages: values('zombie', 3) });
    // kafkajs sends InitProducerId for a transactional id when the first transaction begins.
    const successor = await transactionalProducer(kafka, 'kafkajs-fenced');
    const next = await successor.transaction();
    const err: unknown = await txn.commit().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err, 'the fenced producer must not commit').not.toBeNull();
    expect(String((err as { type?: string }).type ?? err)).toMatch(/PRODUCER_FENCED|INVALID_PRODUCER_EPOCH/);
    await next.send({ topic, messages: values('survivor', 2) });
    await next.commit();
    await successor.disconnect();
    await zombie.disconnect().catch(() => undefined);
    expect(await kafkajsRead(kafka, topic, true, 2)).toEqual(['survivor-0', 'survivor-1']);
  });
});

describe('librdkafka (python3-confluent-kafka)', () => {
  it('commit and abort; read_committed sees committed records only', async () => {
    const topic = 'txn-librdkafka';
    await createTopic(broker.bootstrap, topic);
    const run = await python({
      op: 'transactions',
      topic,
      transactionalId: 'rdkafka-txn-1',
      transactions: [
        { values: ['c1', 'c2', 'c3'], commit: true },
        { values: ['a1', 'a2'], commit: false },
        { values: ['c4'], commit: true },
      ],
    });
    expect(run, JSON.stringify(run)).toMatchObject({ ok: true });
    const committed = await python({ op: 'consume', topic, isolation: 'read_committed', atLeast: 4 });
    expect(committed.values).toEqual(['c1', 'c2', 'c3', 'c4']);
    const all = await python({ op: 'consume', topic, isolation: 'read_uncommitted', atLeast: 6 });
    expect(all.values).toEqual(['c1', 'c2', 'c3', 'a1', 'a2', 'c4']);
    // kafkajs reads what librdkafka wrote the same way.
    const kafka = kafkajsClient(broker.bootstrap);
    expect(await kafkajsRead(kafka, topic, true, 4)).toEqual(['c1', 'c2', 'c3', 'c4']);
  });

  it('idempotent producer', async () => {
    const topic = 'idem-librdkafka';
    await createTopic(broker.bootstrap, topic);
    const sent = Array.from({ length: 200 }, (_, i) => `v${i}`);
    const run = await python({ op: 'idempotent', topic, values: sent });
    expect(run, JSON.stringify(run)).toMatchObject({ ok: true });
    const read = await python({ op: 'consume', topic, isolation: 'read_uncommitted', atLeast: 200 });
    expect(read.values).toEqual(sent);
  });

  it('a second producer with the same transactional.id fences the first', async () => {
    const topic = 'txn-fence-librdkafka';
    await createTopic(broker.bootstrap, topic);
    const run = await python({ op: 'fence', topic, transactionalId: 'rdkafka-fenced' });
    expect(run, JSON.stringify(run)).toMatchObject({ ok: true });
    const first = run['first'] as { committed: boolean; name?: string };
    expect(first.committed, JSON.stringify(first)).toBe(false);
    expect(first.name).toMatch(/FENCED|INVALID_PRODUCER_EPOCH/);
    const committed = await python({ op: 'consume', topic, isolation: 'read_committed', atLeast: 1 });
    expect(committed.values).toEqual(['survivor']);
  });
});

/**
 * A TCP proxy in front of the broker that cuts the connection instead of forwarding every
 * `dropEvery`-th Produce response, so the client retries a batch the broker already stored. It rewrites
 * the broker's port in responses (Metadata, FindCoordinator) so clients keep talking through it.
 */
class DroppingProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;
  produceResponses = 0;
  dropped = 0;

  constructor(
    private readonly target: BrokerProcess,
    private readonly dropEvery: number,
  ) {
    this.server = createServer((client) => this.accept(client));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('no proxy address');
    this.port = address.port;
    return `127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    const upstream = connect({ host: this.target.host, port: this.target.port });
    this.sockets.add(client).add(upstream);
    const produceIds = new Set<number>();
    const close = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    frames(client, (frame) => {
      if (frame.readInt16BE(4) === 0) produceIds.add(frame.readInt32BE(8));
      upstream.write(frame);
    });
    const host = Buffer.from(this.target.host, 'utf8');
    frames(upstream, (frame) => {
      if (produceIds.delete(frame.readInt32BE(4))) {
        this.produceResponses += 1;
        if (this.produceResponses % this.dropEvery === 0) {
          this.dropped += 1;
          close();
          return;
        }
      }
      // host bytes followed by the broker's port (int32) -> the proxy's port
      for (let at = frame.indexOf(host); at >= 0; at = frame.indexOf(host, at + 1)) {
        const portAt = at + host.length;
        if (portAt + 4 <= frame.length && frame.readInt32BE(portAt) === this.target.port) {
          frame.writeInt32BE(this.port, portAt);
        }
      }
      client.write(frame);
    });
  }
}

/** Calls `onFrame` with each whole length-prefixed frame (size included) read from the socket. */
function frames(socket: Socket, onFrame: (frame: Buffer) => void): void {
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
      const size = 4 + pending.readInt32BE(0);
      onFrame(Buffer.from(pending.subarray(0, size)));
      pending = pending.subarray(size);
    }
  });
}

describe('lost responses', () => {
  it('an idempotent producer retrying after lost Produce responses leaves no duplicate', async () => {
    const topic = 'idem-proxy';
    await createTopic(broker.bootstrap, topic);
    const proxy = new DroppingProxy(broker, 4);
    const bootstrap = await proxy.start();
    try {
      const producer = kafkajsClient(bootstrap).producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      for (let i = 0; i < 20; i++) await producer.send({ topic, acks: -1, messages: values(`p${i}`, 10) });
      await producer.disconnect();
    } finally {
      await proxy.stop();
    }
    expect(proxy.dropped, 'responses the proxy dropped').toBeGreaterThan(2);
    const read = await kafkajsRead(kafkajsClient(broker.bootstrap), topic, false, 200);
    const expected = Array.from({ length: 20 }, (_, i) => values(`p${i}`, 10).map((v) => v.value)).flat();
    expect(read).toEqual(expected);
  });
});

describe('restarts', () => {
  it('an open transaction left by kill -9 is aborted on timeout; committed data survives', async () => {
    const topic = 'txn-kill';
    await createTopic(broker.bootstrap, topic);
    let kafka = kafkajsClient(broker.bootstrap);
    const producer = await transactionalProducer(kafka, 'kafkajs-kill', 3000);
    const done = await producer.transaction();
    await done.send({ topic, acks: -1, messages: values('before', 3) });
    await done.commit();
    const open = await producer.transaction();
    await open.send({ topic, acks: -1, messages: values('open', 3) });
    await broker.kill();
    await producer.disconnect().catch(() => undefined);
    await broker.start();
    kafka = kafkajsClient(broker.bootstrap);
    // While the transaction is open the LSO holds read_committed readers back; the coordinator
    // aborts it after its 3 s timeout and the LSO moves past the abort marker.
    const successor = await transactionalProducer(kafka, 'kafkajs-kill-successor');
    const later = await successor.transaction();
    await later.send({ topic, acks: -1, messages: values('later', 2) });
    await later.commit();
    await successor.disconnect();
    const after = await kafkajsRead(kafka, topic, true, 5);
    expect(after).toEqual([...values('before', 3), ...values('later', 2)].map((v) => v.value));
  });

  it('a consume-transform-produce loop survives kill -9: every input exactly once in the output', async () => {
    const [input, output, group, total] = ['eos-in', 'eos-out', 'eos-group', 60];
    await createTopic(broker.bootstrap, input);
    await createTopic(broker.bootstrap, output);
    const seed = kafkajsClient(broker.bootstrap).producer();
    await seed.connect();
    for (let i = 0; i < total / 10; i++) {
      await seed.send({ topic: input, acks: -1, messages: values(`in${i}`, 10) });
    }
    await seed.disconnect();

    /** Runs the loop; with `killAt`, kills the broker in that batch after sending, before committing. */
    const runLoop = async (killAt: number | null): Promise<void> => {
      const kafka = kafkajsClient(broker.bootstrap);
      const producer = await transactionalProducer(kafka, 'eos-loop');
      const consumer = kafka.consumer({ groupId: group, maxBytesPerPartition: 64, maxWaitTimeInMs: 200 });
      await consumer.connect();
      await consumer.subscribe({ topic: input, fromBeginning: true });
      let batches = 0;
      let killed: () => void = () => undefined;
      const killedPromise = new Promise<void>((resolve) => (killed = resolve));
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          batches += 1;
          const txn = await producer.transaction();
          await txn.send({
            topic: output,
            acks: -1,
            messages: batch.messages.map((m) => ({ value: `out-${m.value?.toString('utf8') ?? ''}` })),
          });
          const next = String(Number(batch.lastOffset()) + 1);
          await txn.sendOffsets({
            consumerGroupId: group,
            topics: [{ topic: input, partitions: [{ partition: batch.partition, offset: next }] }],
          });
          if (batches === killAt) {
            await broker.kill();
            killed();
            throw new Error('broker killed');
          }
          await txn.commit();
        },
      });
      const admin = await kafkajsAdmin(broker.bootstrap);
      const finished = async (): Promise<void> => {
        for (;;) {
          const offsets = await admin.fetchOffsets({ groupId: group, topics: [input] });
          if (offsets[0]?.partitions[0]?.offset === String(total)) return;
          await new Promise((r) => setTimeout(r, 200));
        }
      };
      await (killAt === null ? finished() : killedPromise);
      const quietly = (p: Promise<void>): Promise<void> =>
        Promise.race([p.catch(() => undefined), new Promise<void>((r) => setTimeout(r, 10_000))]);
      await quietly(admin.disconnect());
      await quietly(consumer.disconnect());
      await quietly(producer.disconnect());
    };

    await runLoop(3);
    await broker.start();
    await runLoop(null);
    const expected = Array.from({ length: total / 10 }, (_, i) =>
      values(`in${i}`, 10).map((v) => `out-${v.value}`),
    ).flat();
    expect(await kafkajsRead(kafkajsClient(broker.bootstrap), output, true, total)).toEqual(expected);
    // the uncommitted copy of the third batch is in the log, but only read_uncommitted sees it
    expect((await kafkajsRead(kafkajsClient(broker.bootstrap), output, false, total + 10)).length).toBe(
      total + 10,
    );
  });
});
