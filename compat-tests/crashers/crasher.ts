/** The shape of one entry of crashers.json (see README.md in this folder). */
export interface CrasherStep {
  /** Which port the bytes go to: the Kafka listener, the RocketMQ broker, or the NameServer. */
  protocol: 'kafka' | 'remoting' | 'namesrv';
  /** The bytes sent on a new connection, as hex (length prefixes included). */
  hex?: string;
  /** Or: a file in this folder holding the hex (for large inputs). */
  file?: string;
  /** "close": the broker closes the connection; "reply": it answers (and may keep the connection). */
  expect: 'close' | 'reply';
  /** For a remoting reply: the accepted response codes (any when absent). */
  remotingCodes?: number[];
  /** For a Kafka reply: where the error code sits in the response frame, and the accepted codes. */
  kafkaErrorAt?: number;
  kafkaErrorCodes?: number[];
}

export interface Crasher {
  name: string;
  /** "known-nasty" (written by record-crashers.ts), or where the input was found (test name, issue). */
  origin: string;
  /** Why the expectation is what it is, when that is not obvious. */
  note?: string;
  /** Sent in order, each on a new connection. */
  steps: CrasherStep[];
}
