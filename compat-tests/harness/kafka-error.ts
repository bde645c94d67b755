/** Kafka error codes the scenarios assert, and a way to find the broker's code inside any client's error. */

export const KafkaErrorCode = {
  OFFSET_OUT_OF_RANGE: 1,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  MESSAGE_TOO_LARGE: 10,
  RECORD_LIST_TOO_LARGE: 18,
  UNSUPPORTED_VERSION: 35,
  TOPIC_ALREADY_EXISTS: 36,
  INVALID_PARTITIONS: 37,
} as const;

export interface FoundKafkaError {
  code: number | null;
  name: string | null;
  message: string;
}

/**
 * Walks a client error (kafkajs: type/code, cause; @platformatic/kafka: apiId/apiCode inside
 * AggregateError.errors; others: code) and returns the first Kafka error code found.
 */
export function findKafkaError(err: unknown): FoundKafkaError {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length > 0) {
    const e = queue.shift();
    if (e === null || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const o = e as Record<string, unknown>;
    if (typeof o['apiCode'] === 'number') {
      return {
        code: o['apiCode'],
        name: typeof o['apiId'] === 'string' ? o['apiId'] : null,
        message: String(o['message']),
      };
    }
    if (typeof o['type'] === 'string' && typeof o['code'] === 'number') {
      return { code: o['code'], name: o['type'], message: String(o['message']) };
    }
    for (const key of ['errors', 'cause', 'originalError']) {
      const v = o[key];
      if (Array.isArray(v)) queue.push(...(v as unknown[]));
      else if (v !== undefined) queue.push(v);
    }
  }
  return { code: null, name: null, message: err instanceof Error ? err.message : String(err) };
}

/** Runs `fn`, expecting it to fail with the Kafka error `code`; returns what was found. */
export async function expectKafkaError(
  fn: () => Promise<unknown>,
  code: number,
  what: string,
): Promise<FoundKafkaError> {
  let result: unknown;
  try {
    result = await fn();
  } catch (e) {
    const found = findKafkaError(e);
    if (found.code !== code) {
      throw new Error(
        `${what}: expected Kafka error ${code}, got ${String(found.code)} (${found.name ?? ''}: ${found.message})`,
        {
          cause: e,
        },
      );
    }
    return found;
  }
  throw new Error(`${what}: expected Kafka error ${code}, but it succeeded with ${safeJson(result)}`);
}

function safeJson(v: unknown): string {
  try {
    return (
      JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))?.slice(0, 300) ??
      'undefined'
    );
  } catch {
    return String(v);
  }
}
