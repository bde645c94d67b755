/**
 * A do-nothing Kafka server for benchmarks: the ceiling a client, loopback and these cores allow.
 * It frames, decodes and encodes exactly as the broker does (src/net and the generated codecs) and
 * answers ApiVersions, Metadata, Produce (acknowledged, nothing stored), Fetch (canned batches) and
 * ListOffsets. Compiled with `tsc -p bench/tsconfig.sink.json` and run as its own process:
 *
 *   node node_modules/.cache/ferrymq-bench/js/bench/kafka-sink.js [--port 0] [--partitions N] [--record-bytes 1024]
 *     [--records-per-batch 64] [--backlog-records N] [--serve-produced]
 *
 * With --serve-produced, consumers get what was produced (canned records up to each partition's produced
 * count, a held fetch woken by the next produce) instead of the fixed backlog: workload M1's tailing consumer.
 *
 * It prints `kafka listening on HOST:PORT` and stops on SIGTERM.
 */
import { parseArgs } from 'node:util';
import { createRootLogger } from '../src/logger.js';
import { startKafkaSink } from './sink-server.js';

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      partitions: { type: 'string', default: '1' },
      'record-bytes': { type: 'string', default: '1024' },
      'records-per-batch': { type: 'string', default: '64' },
      'backlog-records': { type: 'string', default: '1000000' },
      'log-level': { type: 'string', default: 'warn' },
      'serve-produced': { type: 'boolean', default: false },
    },
  });
  const logger = createRootLogger(values['log-level'] === 'info' ? 'info' : 'warn');
  const sink = await startKafkaSink(
    {
      host: values.host,
      port: Number(values.port),
      partitions: Number(values.partitions),
      recordBytes: Number(values['record-bytes']),
      recordsPerBatch: Number(values['records-per-batch']),
      backlogRecords: Number(values['backlog-records']),
      serveProduced: values['serve-produced'],
    },
    logger,
  );
  process.stdout.write(`kafka listening on ${sink.host}:${sink.port}\n`);
  process.on('SIGTERM', () => {
    sink.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

await main(process.argv.slice(2));
