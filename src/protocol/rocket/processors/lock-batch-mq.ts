import { ProtocolDecodeError } from '../../../errors.js';
import { defineRocketProcessor, type RocketReply, type RocketRequestContext } from '../processor.js';
import type { MessageQueueRef } from '../queue-locks.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';

/** LockBatchRequestBody / UnlockBatchRequestBody (JSON). */
export interface LockBatchBody {
  consumerGroup: string;
  clientId: string;
  onlyThisBroker: boolean;
  mqSet: MessageQueueRef[];
}

/** Most queues one LOCK_BATCH_MQ / UNLOCK_BATCH_MQ may name. */
export const MAX_LOCK_BATCH_QUEUES = 8192;

const record = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

function field(root: Record<string, unknown>, name: string): string {
  const v = root[name];
  if (typeof v !== 'string')
    throw new ProtocolDecodeError(`lockBatchBody.${name}`, 0, 'missing or not a string');
  return v;
}

/** Decodes the body; a malformed one throws ProtocolDecodeError naming the field (answered SYSTEM_ERROR). */
export function decodeLockBatchBody(body: Buffer | null): LockBatchBody {
  if (body === null) throw new ProtocolDecodeError('lockBatchBody', 0, 'missing body');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new ProtocolDecodeError('lockBatchBody', 0, `invalid JSON: ${(err as Error).message}`);
  }
  const root = record(parsed);
  if (root === undefined) throw new ProtocolDecodeError('lockBatchBody', 0, 'not an object');
  const list = root['mqSet'] ?? [];
  if (!Array.isArray(list)) throw new ProtocolDecodeError('lockBatchBody.mqSet', 0, 'not an array');
  if (list.length > MAX_LOCK_BATCH_QUEUES)
    throw new ProtocolDecodeError('lockBatchBody.mqSet', 0, `more than ${MAX_LOCK_BATCH_QUEUES} queues`);
  const mqSet = list.map((item: unknown, i): MessageQueueRef => {
    const mq = record(item);
    const queueId = mq?.['queueId'];
    if (mq === undefined || typeof mq['topic'] !== 'string' || !Number.isSafeInteger(queueId))
      throw new ProtocolDecodeError(`lockBatchBody.mqSet[${i}]`, 0, 'needs topic and an integer queueId');
    const brokerName = typeof mq['brokerName'] === 'string' ? mq['brokerName'] : '';
    return { topic: mq['topic'], brokerName, queueId: queueId as number };
  });
  return {
    consumerGroup: field(root, 'consumerGroup'),
    clientId: field(root, 'clientId'),
    onlyThisBroker: root['onlyThisBroker'] === true,
    mqSet,
  };
}

/** A MessageQueue as fastjson writes it: keys sorted. */
const encodeQueue = (mq: MessageQueueRef): Record<string, unknown> => ({
  brokerName: mq.brokerName,
  queueId: mq.queueId,
  topic: mq.topic,
});

function lockBatch(ctx: RocketRequestContext): RocketReply {
  const locks = ctx.services.queueLocks;
  if (locks === undefined) return { code: ResponseCode.SYSTEM_ERROR, remark: 'queue locks are not enabled' };
  const b = decodeLockBatchBody(ctx.cmd.body);
  const granted = locks.tryLockBatch(b.consumerGroup, b.clientId, ctx.connection.id, b.mqSet);
  if (granted.length < b.mqSet.length)
    ctx.log.debug(
      { group: b.consumerGroup, clientId: b.clientId, asked: b.mqSet.length, granted: granted.length },
      'some queues are locked by other clients',
    );
  return {
    code: ResponseCode.SUCCESS,
    body: Buffer.from(JSON.stringify({ lockOKMQSet: granted.map(encodeQueue) })),
  };
}

function unlockBatch(ctx: RocketRequestContext): RocketReply {
  const locks = ctx.services.queueLocks;
  if (locks === undefined) return { code: ResponseCode.SYSTEM_ERROR, remark: 'queue locks are not enabled' };
  const b = decodeLockBatchBody(ctx.cmd.body);
  locks.unlockBatch(b.consumerGroup, b.clientId, b.mqSet);
  return { code: ResponseCode.SUCCESS };
}

/** LOCK_BATCH_MQ (41): body {consumerGroup, clientId, onlyThisBroker, mqSet}; reply {lockOKMQSet}. */
export const lockBatchMqProcessor = defineRocketProcessor({
  code: RequestCode.LOCK_BATCH_MQ,
  name: 'LOCK_BATCH_MQ',
  roles: ['broker'],
  process: lockBatch,
});

/** UNLOCK_BATCH_MQ (42): releases the queues the client holds. */
export const unlockBatchMqProcessor = defineRocketProcessor({
  code: RequestCode.UNLOCK_BATCH_MQ,
  name: 'UNLOCK_BATCH_MQ',
  roles: ['broker'],
  process: unlockBatch,
});
