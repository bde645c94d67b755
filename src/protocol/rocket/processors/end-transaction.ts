import { ExtFields } from '../headers/ext-fields.js';
import { appendRocketMessage, awaitDurable } from '../message-writer.js';
import { defineRocketProcessor, type RocketReply, type RocketRequestContext } from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';
import { committedMessageOf, readHalfMessage } from '../transactions/half-message.js';
import { HALF_TOPIC, PROPERTY_PRODUCER_GROUP, TransactionType } from '../transactions/transaction-topics.js';

/** EndTransactionRequestHeader. */
export interface EndTransactionHeader {
  producerGroup: string;
  tranStateTableOffset: number;
  commitLogOffset: bigint;
  commitOrRollback: number;
  fromTransactionCheck: boolean;
  msgId: string;
  transactionId: string | undefined;
}

export function readEndTransactionHeader(fields: Readonly<Record<string, string>>): EndTransactionHeader {
  const h = new ExtFields(fields);
  return {
    producerGroup: h.string('producerGroup'),
    tranStateTableOffset: h.long('tranStateTableOffset'),
    commitLogOffset: BigInt(h.long('commitLogOffset')),
    commitOrRollback: h.int('commitOrRollback'),
    fromTransactionCheck: h.bool('fromTransactionCheck'),
    msgId: h.string('msgId'),
    transactionId: h.optString('transactionId'),
  };
}

/**
 * END_TRANSACTION (37; Java producers send it oneway): commits (8) or rolls back (12) the transaction of
 * the half message at tranStateTableOffset of RMQ_SYS_TRANS_HALF_TOPIC, after checking that its
 * PGROUP and commit-log offset match (EndTransactionProcessor.checkPrepareMessage). A commit stores the
 * real message, then an op record; a rollback only the op record. 0 (unknown) leaves the half message to
 * the checker. A transaction already resolved (or discarded after transactionCheckMax checks) is answered
 * SUCCESS and not stored again.
 */
async function endTransaction(ctx: RocketRequestContext): Promise<RocketReply> {
  const { services, log } = ctx;
  const h = readEndTransactionHeader(ctx.cmd.extFields);
  const tx = services.transactions;
  if (tx === undefined)
    return { code: ResponseCode.NO_PERMISSION, remark: 'transactional messages are not supported' };
  if (h.commitOrRollback === TransactionType.NOT) {
    log.debug({ group: h.producerGroup, fromCheck: h.fromTransactionCheck }, 'transaction state unknown');
    return { code: ResponseCode.SUCCESS };
  }
  if (h.commitOrRollback !== TransactionType.COMMIT && h.commitOrRollback !== TransactionType.ROLLBACK)
    return { code: ResponseCode.SYSTEM_ERROR, remark: `illegal commitOrRollback ${h.commitOrRollback}` };
  const notFound = { code: ResponseCode.SYSTEM_ERROR, remark: 'Find prepared transaction message failed' };
  if (services.store.getTopic(HALF_TOPIC) === undefined) return notFound;
  await tx.ensureLoaded();
  const half = await readHalfMessage(services, h.tranStateTableOffset);
  if (half === undefined) return notFound;
  if (half.properties.get(PROPERTY_PRODUCER_GROUP) !== h.producerGroup)
    return { code: ResponseCode.SYSTEM_ERROR, remark: 'The producer group wrong' };
  if (half.message.physicalOffset !== h.commitLogOffset)
    return { code: ResponseCode.SYSTEM_ERROR, remark: 'The commit log offset wrong' };
  // From here to the op record everything is synchronous: no other request can resolve it meanwhile.
  if (tx.isSettled(half.root, half.queueOffset)) {
    log.debug({ halfOffset: half.queueOffset }, 'transaction already resolved');
    return { code: ResponseCode.SUCCESS };
  }
  let committed: Promise<RocketReply | null> = Promise.resolve(null);
  if (h.commitOrRollback === TransactionType.COMMIT) {
    const message = committedMessageOf(half, h.commitLogOffset);
    if (typeof message === 'string') return { code: ResponseCode.SYSTEM_ERROR, remark: message };
    const target = services.store.getTopic(message.topic);
    if (target === undefined)
      return { code: ResponseCode.TOPIC_NOT_EXIST, remark: `topic[${message.topic}] not exist` };
    if (message.queueId >= target.queueCount)
      return { code: ResponseCode.SYSTEM_ERROR, remark: `queueId[${message.queueId}] is illegal` };
    const appended = appendRocketMessage(services, log, message);
    if (appended.status !== 'ok') return appended.reply;
    committed = awaitDurable(log, appended.durable);
  }
  const op = tx.appendOp(half.root);
  const failed = (await committed) ?? (op.status === 'ok' ? await op.durable : op.reply);
  if (failed !== null) return failed;
  log.debug(
    {
      halfOffset: half.queueOffset,
      commit: h.commitOrRollback === TransactionType.COMMIT,
      fromCheck: h.fromTransactionCheck,
    },
    'transaction ended',
  );
  return { code: ResponseCode.SUCCESS };
}

export const endTransactionProcessor = defineRocketProcessor({
  code: RequestCode.END_TRANSACTION,
  name: 'END_TRANSACTION',
  roles: ['broker'],
  process: endTransaction,
});
