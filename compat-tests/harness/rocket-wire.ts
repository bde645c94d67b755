/**
 * RocketMQ wire operations for compat tests that no npm client offers (transactions, queue locks, SQL92
 * pulls): SEND_MESSAGE_V2 with properties, PULL_MESSAGE with an expression, a producer connection that
 * receives the broker's CHECK_TRANSACTION_STATE, and a decoder for stored messages (PULL bodies, CHECK
 * bodies). The connection is remoting-client.ts; nothing here imports src/.
 */
import { RemotingClient, type RemotingFrame } from './remoting-client.js';
import { RequestCode } from './rocket-codes.js';

/** The properties string: key \x01 value, pairs joined by \x02. */
export const formatProperties = (p: Record<string, string>): string =>
  Object.entries(p)
    .map(([k, v]) => `${k}\u0001${v}`)
    .join('\u0002');

export function parseProperties(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of s.split('\u0002')) {
    const at = pair.indexOf('\u0001');
    if (at > 0) out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

export interface WireMessage {
  topic: string;
  queueId: number;
  queueOffset: bigint;
  physicalOffset: bigint;
  sysFlag: number;
  preparedTransactionOffset: bigint;
  body: Buffer;
  properties: Record<string, string>;
}

/** Decodes concatenated v1 stored messages (IPv4 hosts), as in a PULL body or a CHECK body. */
export function decodeMessages(buf: Buffer): WireMessage[] {
  const out: WireMessage[] = [];
  let at = 0;
  while (at + 4 <= buf.length) {
    const size = buf.readInt32BE(at);
    const m = buf.subarray(at, at + size);
    let p = 84;
    const bodyLength = m.readInt32BE(p);
    p += 4;
    const body = Buffer.from(m.subarray(p, p + bodyLength));
    p += bodyLength;
    const topicLength = m.readInt8(p);
    p += 1;
    const topic = m.toString('utf8', p, p + topicLength);
    p += topicLength;
    const propertiesLength = m.readInt16BE(p);
    p += 2;
    out.push({
      topic,
      queueId: m.readInt32BE(12),
      queueOffset: m.readBigInt64BE(20),
      physicalOffset: m.readBigInt64BE(28),
      sysFlag: m.readInt32BE(36),
      preparedTransactionOffset: m.readBigInt64BE(76),
      body,
      properties: parseProperties(m.toString('utf8', p, p + propertiesLength)),
    });
    at += size;
  }
  return out;
}

export interface SentMessage {
  msgId: string;
  queueOffset: number;
  /** The commit-log offset inside the offset msgId (what a Java producer puts in END_TRANSACTION). */
  commitLogOffset: string;
}

/** SEND_MESSAGE_V2 with the given properties; sysFlag 4 (PREPARED) when TRAN_MSG is "true". */
export async function sendV2(
  c: RemotingClient,
  group: string,
  topic: string,
  queueId: number,
  body: string,
  properties: Record<string, string>,
): Promise<SentMessage> {
  const reply = await c.request(
    RequestCode.SEND_MESSAGE_V2,
    {
      a: group,
      b: topic,
      c: 'TBW102',
      d: '4',
      e: String(queueId),
      f: properties['TRAN_MSG'] === 'true' ? '4' : '0',
      g: String(Date.now()),
      h: '0',
      i: formatProperties(properties),
      j: '0',
      k: 'false',
    },
    Buffer.from(body),
  );
  if (reply.code !== 0) throw new Error(`send failed: ${reply.code} ${reply.remark ?? ''}`);
  const msgId = reply.extFields['msgId'] ?? '';
  return {
    msgId,
    queueOffset: Number(reply.extFields['queueOffset']),
    commitLogOffset: BigInt.asIntN(64, BigInt(`0x${msgId.slice(-16)}`)).toString(),
  };
}

/** END_TRANSACTION, oneway as Java producers send it (8 = commit, 12 = rollback, 0 = unknown). */
export function endTransaction(
  c: RemotingClient,
  group: string,
  at: { queueOffset: number; commitLogOffset: string; msgId: string },
  commitOrRollback: 0 | 8 | 12,
  fromTransactionCheck = false,
): void {
  c.oneway(RequestCode.END_TRANSACTION, {
    producerGroup: group,
    tranStateTableOffset: String(at.queueOffset),
    commitLogOffset: at.commitLogOffset,
    commitOrRollback: String(commitOrRollback),
    fromTransactionCheck: String(fromTransactionCheck),
    msgId: at.msgId,
  });
}

/** HEART_BEAT registering producer and consumer groups for this connection's client id. */
export async function heartbeat(
  c: RemotingClient,
  clientId: string,
  producerGroups: string[],
  consumers: {
    group: string;
    topic: string;
    subString: string;
    expressionType?: string;
    consumeFromWhere?: string;
  }[] = [],
): Promise<RemotingFrame> {
  const body = {
    clientID: clientId,
    producerDataSet: producerGroups.map((groupName) => ({ groupName })),
    consumerDataSet: consumers.map((s) => ({
      groupName: s.group,
      consumeType: 'CONSUME_PASSIVELY',
      messageModel: 'CLUSTERING',
      consumeFromWhere: s.consumeFromWhere ?? 'CONSUME_FROM_FIRST_OFFSET',
      unitMode: false,
      subscriptionDataSet: [
        {
          topic: s.topic,
          subString: s.subString,
          expressionType: s.expressionType ?? 'TAG',
          subVersion: 1,
          tagsSet: [],
          codeSet: [],
          classFilterMode: false,
        },
      ],
    })),
  };
  return c.request(RequestCode.HEART_BEAT, {}, Buffer.from(JSON.stringify(body)));
}

/** PULL_MESSAGE with the subscription in the request (sysFlag SUBSCRIPTION), no suspension. */
export async function pull(
  c: RemotingClient,
  group: string,
  topic: string,
  queueId: number,
  queueOffset: number,
  subscription = '*',
  expressionType = 'TAG',
): Promise<{ code: number; remark: string | null; nextBeginOffset: number; messages: WireMessage[] }> {
  const reply = await c.request(RequestCode.PULL_MESSAGE, {
    consumerGroup: group,
    topic,
    queueId: String(queueId),
    queueOffset: String(queueOffset),
    maxMsgNums: '32',
    sysFlag: '4',
    commitOffset: '0',
    suspendTimeoutMillis: '0',
    subscription,
    subVersion: '1',
    expressionType,
  });
  return {
    code: reply.code,
    remark: reply.remark,
    nextBeginOffset: Number(reply.extFields['nextBeginOffset']),
    messages: reply.code === 0 ? decodeMessages(reply.body) : [],
  };
}

/** Every message of a queue from offset 0 (follows nextBeginOffset until nothing is left). */
export async function pullAll(
  c: RemotingClient,
  group: string,
  topic: string,
  queueId = 0,
  subscription = '*',
  expressionType = 'TAG',
): Promise<WireMessage[]> {
  const out: WireMessage[] = [];
  let offset = 0;
  for (let i = 0; i < 1000; i++) {
    const r = await pull(c, group, topic, queueId, offset, subscription, expressionType);
    out.push(...r.messages);
    if (r.code !== 0 && r.code !== 20) return out;
    if (r.nextBeginOffset <= offset) return out;
    offset = r.nextBeginOffset;
  }
  return out;
}

/**
 * A producer connection (HEART_BEAT with its group) that records the CHECK_TRANSACTION_STATE requests
 * the broker pushes to it and can answer them with END_TRANSACTION.
 */
export class CheckedProducer {
  readonly checks: { extFields: Record<string, string>; message: WireMessage | undefined }[] = [];

  private constructor(
    readonly connection: RemotingClient,
    readonly group: string,
  ) {
    connection.onRequest((request) => {
      if (request.code === RequestCode.CHECK_TRANSACTION_STATE)
        this.checks.push({ extFields: request.extFields, message: decodeMessages(request.body)[0] });
    });
  }

  static async open(host: string, port: number, group: string, clientId: string): Promise<CheckedProducer> {
    const c = await RemotingClient.open(host, port);
    const p = new CheckedProducer(c, group);
    const reply = await heartbeat(c, clientId, [group]);
    if (reply.code !== 0) throw new Error(`heartbeat failed: ${reply.code}`);
    return p;
  }

  /** Waits until at least `n` checks arrived. */
  async waitForChecks(n: number, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.checks.length < n) {
      if (Date.now() > deadline) throw new Error(`got ${this.checks.length} of ${n} CHECK_TRANSACTION_STATE`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Answers a check the way a Java producer does (END_TRANSACTION oneway, fromTransactionCheck). */
  answer(check: { extFields: Record<string, string> }, commitOrRollback: 0 | 8 | 12): void {
    endTransaction(
      this.connection,
      this.group,
      {
        queueOffset: Number(check.extFields['tranStateTableOffset']),
        commitLogOffset: check.extFields['commitLogOffset'] ?? '',
        msgId: check.extFields['msgId'] ?? '',
      },
      commitOrRollback,
      true,
    );
  }

  close(): void {
    this.connection.close();
  }
}
