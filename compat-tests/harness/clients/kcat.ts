/**
 * kcat 1.7.1 (Debian; librdkafka 2.0.2), spawned. Producing reads `key<TAB>value` lines from stdin
 * (-Z turns an empty value into NULL), so records must be text without tab/newline and every record
 * of one run carries the same headers (-H). Consuming uses -C without -G (plain partition fetch) and
 * a length-prefixed output format, so binary keys and values come back exactly.
 */
import { runProcess, tail } from '../run-process.js';
import type { ConsumedRecord, TestHeader, TestRecord } from '../records.js';
import type { ConsumeRequest, KafkaClientAdapter, ProduceRequest, ProduceResult } from './client-adapter.js';

export const KCAT = 'kcat';

/** Runs kcat with the given arguments; returns stdout, throws with stderr on a non-zero exit. */
export async function runKcat(
  args: readonly string[],
  input?: string,
  timeoutMs = 120_000,
): Promise<{ stdout: Buffer; stderr: string }> {
  const r = await runProcess(KCAT, args, { input, timeoutMs });
  if (r.code !== 0)
    throw new Error(`kcat ${args.join(' ')} exited ${String(r.code ?? r.signal)}\n${tail(r.stderr)}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

function kcatProduceInput(records: readonly TestRecord[]): string {
  return records
    .map((r) => {
      const key = r.key?.toString('latin1') ?? '';
      const value = r.value?.toString('latin1') ?? '';
      if (/[\t\n]/.test(key + value)) throw new Error('kcat records must not contain tab or newline');
      if (r.key !== null && r.key.length === 0)
        throw new Error('kcat cannot produce an empty (non-null) key');
      return `${key}\t${value}\n`;
    })
    .join('');
}

/** Parses kcat output written with KCAT_FORMAT. */
export function parseKcatOutput(out: Buffer): ConsumedRecord[] {
  const records: ConsumedRecord[] = [];
  let pos = 0;
  while (pos < out.length) {
    const eol = out.indexOf(0x0a, pos);
    if (eol < 0) throw new Error(`kcat output: truncated header at byte ${pos}`);
    const line = out.subarray(pos, eol).toString('latin1');
    const m = /^@@ (\d+) (\d+) (-?\d+) (-?\d+) (.*)$/.exec(line);
    if (!m) throw new Error(`kcat output: unexpected line ${JSON.stringify(line.slice(0, 200))}`);
    pos = eol + 1;
    const keyLen = Number(m[3]);
    const valueLen = Number(m[4]);
    const key = keyLen < 0 ? null : Buffer.from(out.subarray(pos, pos + keyLen));
    pos += Math.max(keyLen, 0);
    const value = valueLen < 0 ? null : Buffer.from(out.subarray(pos, pos + valueLen));
    pos += Math.max(valueLen, 0);
    if (out[pos] !== 0x0a) throw new Error(`kcat output: missing record terminator at byte ${pos}`);
    pos += 1;
    records.push({
      partition: Number(m[1]),
      offset: BigInt(m[2] ?? '0'),
      key,
      value,
      headers: parseKcatHeaders(m[5] ?? ''),
    });
  }
  return records;
}

/** `%h` prints headers as `n=v` CSV; our header names and values never contain ',' or '='. */
function parseKcatHeaders(csv: string): TestHeader[] {
  if (csv === '') return [];
  return csv.split(',').map((pair) => {
    const eq = pair.indexOf('=');
    return eq < 0
      ? { key: pair, value: Buffer.alloc(0) }
      : { key: pair.slice(0, eq), value: Buffer.from(pair.slice(eq + 1), 'latin1') };
  });
}

// "@@ partition offset keyLen valueLen headers\n" key value "\n"
const KCAT_FORMAT = '@@ %p %o %K %S %h\\n%k%s\\n';

export async function kcatConsume(
  bootstrap: string,
  request: ConsumeRequest,
  extraArgs: readonly string[] = [],
): Promise<ConsumedRecord[]> {
  const { stdout } = await runKcat(
    [
      '-b',
      bootstrap,
      '-C',
      '-t',
      request.topic,
      '-p',
      String(request.partition),
      '-o',
      request.offset.toString(),
      '-c',
      String(request.count),
      '-e',
      '-q',
      '-f',
      KCAT_FORMAT,
      ...extraArgs,
    ],
    undefined,
    request.timeoutMs ?? 60_000,
  );
  return parseKcatOutput(stdout);
}

export const kcatAdapter: KafkaClientAdapter = {
  name: 'kcat',
  codecs: ['none', 'gzip', 'snappy', 'lz4', 'zstd'],
  limits: { textOnly: true, uniformHeaders: true },
  async unavailableReason() {
    try {
      const r = await runProcess(KCAT, ['-V'], { timeoutMs: 10_000 });
      return r.code === 0 ? null : `kcat -V exited ${String(r.code)}`;
    } catch (e) {
      return `kcat is not installed (apt-get install kcat): ${(e as Error).message}`;
    }
  },
  async produce(bootstrap: string, request: ProduceRequest): Promise<ProduceResult> {
    const first = request.records[0];
    const headerArgs = (first?.headers ?? []).flatMap((h) => [
      '-H',
      `${h.key}=${h.value.toString('latin1')}`,
    ]);
    const headerSet = JSON.stringify(first?.headers.map((h) => [h.key, h.value.toString('hex')]) ?? []);
    for (const r of request.records) {
      if (JSON.stringify(r.headers.map((h) => [h.key, h.value.toString('hex')])) !== headerSet) {
        throw new Error('kcat: every record of one produce call must carry the same headers');
      }
    }
    const { stderr } = await runKcat(
      [
        '-b',
        bootstrap,
        '-P',
        '-t',
        request.topic,
        '-p',
        String(request.partition),
        '-K',
        '\t',
        '-Z',
        '-z',
        request.codec,
        '-X',
        `acks=${request.acks === -1 ? 'all' : '1'}`,
        '-X',
        'linger.ms=5',
        ...headerArgs,
      ],
      kcatProduceInput(request.records),
    );
    if (/Delivery failed|ERROR/i.test(stderr))
      throw new Error(`kcat produce reported errors:\n${tail(stderr)}`);
    return { baseOffset: null };
  },
  consume: (bootstrap, request) => kcatConsume(bootstrap, request),
};
