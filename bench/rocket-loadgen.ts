/**
 * The RocketMQ load generator of workload R1, built on the project's own client (src/client/rocket).
 * Compiled with `tsc -p bench/tsconfig.sink.json` (plain node runs it; cheaper than tsx, see
 * docs/performance.md) and run as its own process:
 *
 *   send:    node .../bench/rocket-loadgen.js send --namesrv HOST:PORT [--topic T] [--queues 8] [--size 1024]
 *              [--concurrency 64] [--duration 5] [--warmup 1]
 *   consume: node .../bench/rocket-loadgen.js consume --namesrv HOST:PORT --expect N [--topic T] [--timeout 120]
 *
 * send: creates the topic (UPDATE_AND_CREATE_TOPIC, N queues), then `concurrency` closed-loop senders each
 * call `Producer.send` (sync send: await the broker's answer, then send the next), round robin over the
 * queues. The window opens `warmup` s after the first answer and lasts `duration` s; sends completed in it
 * are counted and their latency (call to resolve) goes into an HDR histogram (perf_hooks). Markers
 * `window open` / `window close` go to stderr, one JSON line to stdout: msgs, msgPerS, mbPerS, latency
 * percentiles in µs, and `acked` (all sends answered, the backlog the consume phase reads).
 *
 * consume: a PushConsumer of a new group (CONSUME_FROM_FIRST_OFFSET, clustering, default pull batch 32)
 * reads the topic until it has seen `expect` messages. Markers `first message` / `done`; rate from first
 * to last message.
 */
import { createHistogram, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ConsumeStatus, Producer, PushConsumer } from '../src/index.js';

function mark(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function send(v: Record<string, string>): Promise<void> {
  const topic = v['topic'] as string;
  const queues = Number(v['queues']);
  const size = Number(v['size']);
  const concurrency = Number(v['concurrency']);
  const durationMs = Number(v['duration']) * 1000;
  const warmupMs = Number(v['warmup']) * 1000;
  const producer = new Producer({
    nameServers: v['namesrv'] as string,
    producerGroup: `bench-r1-producer-${process.pid}`,
    retryTimesWhenSendFailed: 0,
  });
  await producer.start();
  // Create the topic with its queue count on every broker of the auto-create route.
  const route = await producer.client.route('TBW102').catch(() => undefined);
  const brokers = new Set<string>();
  for (const b of route?.brokerDatas ?? []) {
    const a = b.brokerAddrs.get(0);
    if (a !== undefined) brokers.add(a);
  }
  for (const address of brokers) {
    await producer.client.pool.invokeOk(
      address,
      {
        code: 17, // UPDATE_AND_CREATE_TOPIC
        extFields: {
          topic,
          defaultTopic: 'TBW102',
          readQueueNums: String(queues),
          writeQueueNums: String(queues),
          perm: '6',
          topicFilterType: 'SINGLE_TAG',
          topicSysFlag: '0',
          order: 'false',
        },
      },
      10_000,
    );
  }
  // The route may take a moment to show the new topic.
  for (let i = 0; ; i++) {
    await producer.client.route(topic, true).catch(() => undefined);
    const n = (await producer.publishQueues(topic)).length;
    if (n === queues) break;
    if (i >= 50) throw new Error(`topic ${topic} has ${n} writable queues, expected ${queues}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const body = Buffer.alloc(size, 'r');
  const histogram = createHistogram();
  let phase: 'warmup' | 'window' | 'stopped' = 'warmup';
  let acked = 0;
  let inWindow = 0;
  let errors = 0;
  let windowStart = 0;
  let windowEnd = 0;
  let firstAck = -1;
  const worker = async (): Promise<void> => {
    while (phase !== 'stopped') {
      const t0 = performance.now();
      try {
        await producer.send({ topic, body });
      } catch (err) {
        errors++;
        // A server that refuses every send would otherwise keep the window from ever opening.
        if (errors >= 1000 && errors > acked) {
          process.stderr.write(`giving up after ${errors} failed sends: ${String(err)}\n`);
          process.exit(1);
        }
        continue;
      }
      const t1 = performance.now();
      acked++;
      if (firstAck < 0) {
        firstAck = t1;
        setTimeout(() => {
          phase = 'window';
          windowStart = performance.now();
          mark('window open');
          setTimeout(() => {
            phase = 'stopped';
            windowEnd = performance.now();
            mark('window close');
          }, durationMs);
        }, warmupMs);
      }
      if (phase === 'window') {
        inWindow++;
        histogram.record(Math.max(1, Math.round((t1 - t0) * 1000)));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await producer.shutdown();
  const seconds = (windowEnd - windowStart) / 1000;
  const us = (p: number): number => histogram.percentile(p);
  process.stdout.write(
    `${JSON.stringify({
      msgs: inWindow,
      bytes: inWindow * size,
      seconds,
      mbPerS: (inWindow * size) / seconds / 1e6,
      msgPerS: inWindow / seconds,
      librdkafka: 'n/a (ferrymq RocketMQ client)',
      concurrency,
      acked,
      errors,
      p50Us: us(50),
      p99Us: us(99),
      p999Us: us(99.9),
      maxUs: histogram.max,
    })}\n`,
  );
}

async function consume(v: Record<string, string>): Promise<void> {
  const topic = v['topic'] as string;
  const expect = Number(v['expect']);
  const size = Number(v['size']);
  const consumer = new PushConsumer({
    nameServers: v['namesrv'] as string,
    consumerGroup: `bench-r1-consumer-${process.pid}-${Date.now()}`,
    consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
  });
  consumer.subscribe(topic, '*');
  let count = 0;
  let first = 0;
  let last = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  consumer.registerMessageListener(() => {
    count++;
    if (count === 1) {
      first = performance.now();
      mark('first message');
    }
    if (count === expect) {
      last = performance.now();
      mark('done');
      finish();
    }
    return ConsumeStatus.CONSUME_SUCCESS;
  });
  await consumer.start();
  const timer = setTimeout(
    () => {
      process.stderr.write(`consumed ${count} of ${expect} messages before the timeout\n`);
      process.exit(2);
    },
    Number(v['timeout']) * 1000,
  );
  await finished;
  clearTimeout(timer);
  const seconds = (last - first) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      msgs: count,
      bytes: count * size,
      seconds,
      mbPerS: (count * size) / seconds / 1e6,
      msgPerS: count / seconds,
      librdkafka: 'n/a (ferrymq RocketMQ client)',
    })}\n`,
  );
  // Shutting the consumer down waits for long polls; the figures are out, so just leave.
  process.exit(0);
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      namesrv: { type: 'string' },
      topic: { type: 'string', default: 'bench-r1' },
      queues: { type: 'string', default: '8' },
      size: { type: 'string', default: '1024' },
      concurrency: { type: 'string', default: '64' },
      duration: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      expect: { type: 'string', default: '0' },
      timeout: { type: 'string', default: '120' },
    },
  });
  if (values.namesrv === undefined) throw new Error('--namesrv HOST:PORT is required');
  const v = values as Record<string, string>;
  if (positionals[0] === 'send') await send(v);
  else if (positionals[0] === 'consume') await consume(v);
  else throw new Error('usage: rocket-loadgen send|consume --namesrv HOST:PORT ...');
}

await main(process.argv.slice(2));
