/**
 * A fixed-shape Kafka produce load for A/B runs of the broker's produce path: every request has the same
 * size and the same batches, so the broker's CPU time per request or per GB compares between builds
 * whatever the machine's other load (librdkafka's batches shrink and grow with the broker's speed,
 * which changes the per-request work). It is not a throughput benchmark (use bench/run.ts for that).
 *
 *   npx tsx bench/produce-replay.ts HOST:PORT [--topic t] [--partitions 1] [--records 950] [--size 1024]
 *       [--requests 2000] [--inflight 4] [--acks 1] [--connections 1]
 *
 * Each request is Produce v7 (what librdkafka 2.0 sends) with one uncompressed batch of `records`
 * records of `size` bytes per partition. `connections` clients send `requests` requests each, keeping
 * `inflight` unanswered per connection. Prints one JSON line with the request count, bytes and wall
 * seconds; fails if any partition answers with an error.
 */
import net from 'node:net';
import { CompressionCodec } from '../src/protocol/kafka/codec/compression.js';
import { Reader } from '../src/protocol/kafka/codec/reader.js';
import { buildBatch } from '../src/protocol/kafka/codec/record-batch.js';
import { Writer } from '../src/protocol/kafka/codec/writer.js';
import { decodeProduceResponse, encodeProduceRequest } from '../src/protocol/kafka/messages/produce.js';

const PRODUCE_VERSION = 7;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

const address = process.argv[2] ?? '';
const topicIndex = process.argv.indexOf('--topic');
const topic = topicIndex < 0 ? 't' : (process.argv[topicIndex + 1] ?? 't');
const partitions = option('partitions', 1);
const records = option('records', 950);
const size = option('size', 1024);
const requests = option('requests', 2000);
const inflight = option('inflight', 4);
const acks = option('acks', 1);
const connections = option('connections', 1);

function buildRequest(correlationId: number): Buffer {
  const value = Buffer.alloc(size, 0x61);
  const batch = buildBatch(
    Array.from({ length: records }, () => ({ key: null, value })),
    { codec: CompressionCodec.None },
  );
  const w = new Writer(batch.length * partitions + 256);
  w.writeInt16(0).writeInt16(PRODUCE_VERSION).writeInt32(correlationId).writeNullableString('replay');
  encodeProduceRequest(w, PRODUCE_VERSION, {
    transactionalId: null,
    acks,
    timeoutMs: 30000,
    topicData: [
      {
        name: topic,
        partitionData: Array.from({ length: partitions }, (_, index) => ({ index, records: batch })),
      },
    ],
  });
  const body = w.toBuffer();
  const out = Buffer.allocUnsafe(4 + body.length);
  out.writeInt32BE(body.length, 0);
  body.copy(out, 4);
  return out;
}

/** Runs one connection to completion; resolves with the number of answered requests. */
function runConnection(host: string, port: number, template: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let sent = 0;
    let answered = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const send = (): void => {
      while (sent < requests && sent - answered < inflight) {
        // A fresh copy per request: the broker may not see the same bytes twice in flight, and its own
        // copy cost does not depend on ours.
        const req = Buffer.from(template);
        req.writeInt32BE(sent, 8);
        sent += 1;
        socket.write(req);
      }
      if (acks === 0 && sent === requests) socket.end(() => resolve(sent));
    };
    socket.on('connect', send);
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      pending.push(chunk);
      pendingBytes += chunk.length;
      for (;;) {
        if (pendingBytes < 4) return;
        let joined = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending);
        pending = [joined];
        const length = joined.readInt32BE(0);
        if (pendingBytes < 4 + length) return;
        const frame = joined.subarray(4, 4 + length);
        joined = joined.subarray(4 + length);
        pending = joined.length > 0 ? [joined] : [];
        pendingBytes = joined.length;
        const response = decodeProduceResponse(new Reader(frame, 4), PRODUCE_VERSION);
        for (const t of response.responses) {
          for (const p of t.partitionResponses) {
            if (p.errorCode !== 0) {
              reject(new Error(`partition ${p.index}: error ${p.errorCode} ${p.errorMessage ?? ''}`));
              socket.destroy();
              return;
            }
          }
        }
        answered += 1;
        if (answered === requests) {
          socket.end();
          resolve(answered);
          return;
        }
        send();
      }
    });
  });
}

async function main(): Promise<void> {
  const colon = address.lastIndexOf(':');
  if (colon < 0) throw new Error('usage: produce-replay HOST:PORT [options]');
  const host = address.slice(0, colon);
  const port = Number(address.slice(colon + 1));
  const template = buildRequest(0);
  const started = process.hrtime.bigint();
  const counts = await Promise.all(
    Array.from({ length: connections }, () => runConnection(host, port, template)),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const total = counts.reduce((a, b) => a + b, 0);
  const messages = total * records * partitions;
  console.log(
    JSON.stringify({
      role: 'produce-replay',
      requests: total,
      requestBytes: template.length,
      messages,
      bytes: messages * size,
      seconds: Number(seconds.toFixed(3)),
      msgPerS: Math.round(messages / seconds),
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
