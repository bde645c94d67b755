/** What every client adapter offers the scenarios. */
import type { Codec, ConsumedRecord, TestRecord } from '../records.js';

export type ClientName =
  | 'kafkajs'
  | 'platformatic-kafka'
  | 'kcat'
  | 'confluent-kafka-python'
  | 'kafka-python'
  | 'confluent-kafka-javascript';

export interface ProduceRequest {
  topic: string;
  partition: number;
  records: readonly TestRecord[];
  codec: Codec;
  /** -1 = all, 1 = leader. */
  acks: -1 | 1;
}

export interface ConsumeRequest {
  topic: string;
  partition: number;
  /** First offset to read. */
  offset: bigint;
  /** Stop after this many records. */
  count: number;
  /** Give up (returning what was read) after this long. Default 60 s. */
  timeoutMs?: number;
}

/** What a produce call learned from the broker: the offset of the first record, when the client reports it. */
export interface ProduceResult {
  baseOffset: bigint | null;
}

export interface RecordLimits {
  /** Only printable ASCII keys/values/header values without tab or newline. */
  textOnly: boolean;
  /** Every record of one produce call carries the same headers. */
  uniformHeaders: boolean;
}

export interface KafkaClientAdapter {
  readonly name: ClientName;
  /** Codecs this client can produce with here. */
  readonly codecs: readonly Codec[];
  /** What records this client can produce exactly. */
  readonly limits: RecordLimits;
  /** null when usable, else why not (the test then fails with this message). */
  unavailableReason(): Promise<string | null>;
  produce(bootstrap: string, request: ProduceRequest): Promise<ProduceResult>;
  consume(bootstrap: string, request: ConsumeRequest): Promise<ConsumedRecord[]>;
}
