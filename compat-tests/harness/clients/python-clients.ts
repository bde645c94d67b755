/**
 * The two Python clients from Debian: python3-confluent-kafka 1.7.0 (librdkafka 2.0.2) and
 * python3-kafka (kafka-python 2.0.2). Each runs one small script per call (compat-tests/clients-py/)
 * with /usr/bin/python3, a JSON command on stdin and a JSON answer on stdout.
 */
import { join } from 'node:path';
import { REPO_ROOT } from '../broker.js';
import { fromWire, toWire, type ConsumedRecord, type WireRecord } from '../records.js';
import { runProcess, tail } from '../run-process.js';
import type {
  ClientName,
  ConsumeRequest,
  KafkaClientAdapter,
  ProduceRequest,
  ProduceResult,
} from './client-adapter.js';

export const PYTHON = '/usr/bin/python3';
const SCRIPT_DIR = join(REPO_ROOT, 'compat-tests', 'clients-py');

export type PythonClient = 'confluent-kafka-python' | 'kafka-python';
const SCRIPTS: Readonly<Record<PythonClient, string>> = {
  'confluent-kafka-python': join(SCRIPT_DIR, 'confluent-kafka-client.py'),
  'kafka-python': join(SCRIPT_DIR, 'kafka-python-client.py'),
};
const MODULES: Readonly<Record<PythonClient, string>> = {
  'confluent-kafka-python': 'confluent_kafka',
  'kafka-python': 'kafka',
};

/** The answer of a script: ok plus op-specific fields, or an error with the client's code/name. */
export interface PythonAnswer {
  ok: boolean;
  error?: string;
  code?: number | null;
  name?: string | null;
  [field: string]: unknown;
}

/** Runs one command; throws only when the script itself fails (not for a Kafka error answer). */
export async function runPython(
  client: PythonClient,
  command: Record<string, unknown>,
  timeoutMs = 180_000,
): Promise<PythonAnswer> {
  const r = await runProcess(PYTHON, [SCRIPTS[client]], { input: JSON.stringify(command), timeoutMs });
  const stdout = r.stdout.toString('utf8');
  if (r.code !== 0)
    throw new Error(`${client} script exited ${String(r.code ?? r.signal)}\n${tail(r.stderr)}`);
  try {
    return JSON.parse(stdout) as PythonAnswer;
  } catch {
    throw new Error(`${client} script printed no JSON: ${stdout.slice(0, 500)}\n${tail(r.stderr)}`);
  }
}

/** Throws unless the answer is ok. */
export function expectOk(client: PythonClient, answer: PythonAnswer): PythonAnswer {
  if (!answer.ok)
    throw new Error(`${client}: ${answer.name ?? ''} ${answer.error ?? ''} (code ${String(answer.code)})`);
  return answer;
}

function pythonAdapter(client: PythonClient): KafkaClientAdapter {
  return {
    name: client satisfies ClientName,
    codecs: ['none', 'gzip', 'snappy', 'lz4', 'zstd'],
    limits: { textOnly: false, uniformHeaders: false },
    async unavailableReason() {
      try {
        const r = await runProcess(PYTHON, ['-c', `import ${MODULES[client]}`], { timeoutMs: 30_000 });
        return r.code === 0 ? null : `${PYTHON} cannot import ${MODULES[client]}: ${tail(r.stderr, 3)}`;
      } catch (e) {
        return `${PYTHON} not runnable: ${(e as Error).message}`;
      }
    },
    async produce(bootstrap: string, request: ProduceRequest): Promise<ProduceResult> {
      const answer = expectOk(
        client,
        await runPython(client, {
          op: 'produce',
          bootstrap,
          topic: request.topic,
          partition: request.partition,
          codec: request.codec,
          acks: request.acks,
          records: request.records.map(toWire),
        }),
      );
      return { baseOffset: typeof answer['baseOffset'] === 'string' ? BigInt(answer['baseOffset']) : null };
    },
    async consume(bootstrap: string, request: ConsumeRequest): Promise<ConsumedRecord[]> {
      const answer = expectOk(
        client,
        await runPython(client, {
          op: 'consume',
          bootstrap,
          topic: request.topic,
          partition: request.partition,
          offset: request.offset.toString(),
          count: request.count,
          timeoutMs: request.timeoutMs ?? 60_000,
        }),
      );
      return (answer['records'] as WireRecord[]).map(fromWire);
    },
  };
}

export const confluentKafkaPythonAdapter = pythonAdapter('confluent-kafka-python');
export const kafkaPythonAdapter = pythonAdapter('kafka-python');
