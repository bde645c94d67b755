import type { RemotingCommand } from '../../protocol/rocket/codec/remoting-command.js';
import { RocketClientError } from './client-error.js';
import { Property, RequestCode } from './codes.js';
import { decodeMessages, decodeOffsetMsgId, type Message, type MessageExt } from './message.js';
import { Producer, type ProducerOptions } from './producer.js';
import type { RemotingConnection } from './remoting-connection.js';
import type { SendResult } from './send-request.js';

/** A local transaction's outcome (Java's LocalTransactionState, spelling included). */
export const LocalTransactionState = {
  COMMIT_MESSAGE: 'COMMIT_MESSAGE',
  ROLLBACK_MESSAGE: 'ROLLBACK_MESSAGE',
  UNKNOW: 'UNKNOW',
} as const;
export type LocalTransactionState = (typeof LocalTransactionState)[keyof typeof LocalTransactionState];

/** END_TRANSACTION commitOrRollback values (MessageSysFlag TRANSACTION_*_TYPE). */
export const TransactionType = { NOT: 0, COMMIT: 8, ROLLBACK: 12 } as const;

/** The sysFlag bit of a half (prepared) message. */
export const TRANSACTION_PREPARED_FLAG = 0x4;

/**
 * Java's TransactionListener. `executeLocalTransaction` runs after the half message is stored;
 * `checkLocalTransaction` answers a broker's CHECK_TRANSACTION_STATE for a half message whose outcome it
 * does not know (UNKNOW was sent, or END_TRANSACTION never arrived). Throwing (or returning nothing)
 * counts as UNKNOW: the broker asks again later.
 */
export interface TransactionListener<A = unknown> {
  executeLocalTransaction(
    msg: Message,
    arg: A,
    transactionId: string,
  ): LocalTransactionState | void | Promise<LocalTransactionState | void>;
  checkLocalTransaction(
    msg: MessageExt,
  ): LocalTransactionState | void | Promise<LocalTransactionState | void>;
}

export interface TransactionProducerOptions<A = unknown> extends Omit<
  ProducerOptions,
  'checkTransactionState'
> {
  transactionListener: TransactionListener<A>;
}

export interface TransactionSendResult extends SendResult {
  transactionId: string;
  localTransactionState: LocalTransactionState;
}

/** The END_TRANSACTION (37) header a transactional producer sends. */
export interface EndTransactionFields {
  producerGroup: string;
  /** Queue offset of the half message (in RMQ_SYS_TRANS_HALF_TOPIC). */
  tranStateTableOffset: number;
  /** Commit-log offset of the half message. */
  commitLogOffset: bigint;
  state: LocalTransactionState;
  fromTransactionCheck: boolean;
  msgId: string;
  transactionId: string | undefined;
}

export function endTransactionExtFields(f: EndTransactionFields): Record<string, string> {
  const fields: Record<string, string> = {
    producerGroup: f.producerGroup,
    tranStateTableOffset: String(f.tranStateTableOffset),
    commitLogOffset: String(f.commitLogOffset),
    commitOrRollback: String(commitOrRollbackOf(f.state)),
    fromTransactionCheck: String(f.fromTransactionCheck),
    msgId: f.msgId,
  };
  if (f.transactionId !== undefined) fields['transactionId'] = f.transactionId;
  return fields;
}

export function commitOrRollbackOf(state: LocalTransactionState): number {
  switch (state) {
    case 'COMMIT_MESSAGE':
      return TransactionType.COMMIT;
    case 'ROLLBACK_MESSAGE':
      return TransactionType.ROLLBACK;
    case 'UNKNOW':
      return TransactionType.NOT;
  }
}

/**
 * A transactional producer (Java's TransactionMQProducer): `sendMessageInTransaction(msg, arg)` stores a
 * half message (properties TRAN_MSG=true and PGROUP, sysFlag PREPARED), runs the listener's
 * `executeLocalTransaction`, then tells the broker the outcome with END_TRANSACTION, oneway (commit 8,
 * rollback 12, unknown 0). CHECK_TRANSACTION_STATE (39) requests about this group's half messages are
 * answered through `checkLocalTransaction` with END_TRANSACTION (fromTransactionCheck=true) on the
 * connection the check came on. Every send method of `Producer` is available through `producer`.
 */
export class TransactionProducer<A = unknown> {
  readonly producer: Producer;
  private readonly listener: TransactionListener<A>;

  constructor(options: TransactionProducerOptions<A>) {
    const { transactionListener, ...rest } = options;
    this.listener = transactionListener;
    this.producer = new Producer({
      ...rest,
      checkTransactionState: (cmd, conn) => {
        void this.answerCheck(cmd, conn);
      },
    });
  }

  get client(): Producer['client'] {
    return this.producer.client;
  }

  get group(): string {
    return this.producer.group;
  }

  start(): Promise<void> {
    return this.producer.start();
  }

  shutdown(): Promise<void> {
    return this.producer.shutdown();
  }

  /**
   * Sends `msg` as a half message and runs the local transaction with `arg`. Throws when the half message
   * was not stored (the local transaction does not run then). A store warning status (flush or slave
   * timeout) rolls back without running it, as Java does. END_TRANSACTION is oneway: a lost one is
   * resolved later by the broker's check.
   */
  async sendMessageInTransaction(msg: Message, arg: A): Promise<TransactionSendResult> {
    // A delay level does not apply to transactional messages (Java clears it).
    const half: Message = {
      ...msg,
      delayLevel: 0,
      properties: {
        ...(msg.properties ?? {}),
        [Property.TRAN_MSG]: 'true',
        [Property.PGROUP]: this.group,
      },
    };
    const sent = await this.producer.send(half, { extraSysFlag: TRANSACTION_PREPARED_FLAG });
    const transactionId = sent.msgId;
    let state: LocalTransactionState = LocalTransactionState.ROLLBACK_MESSAGE;
    if (sent.status === 'SEND_OK') {
      try {
        state = (await this.listener.executeLocalTransaction(half, arg, transactionId)) ?? 'UNKNOW';
      } catch (err) {
        this.client.log.warn({ err, transactionId }, 'local transaction threw: state unknown');
        state = LocalTransactionState.UNKNOW;
      }
    }
    try {
      await this.endTransaction(sent, state);
    } catch (err) {
      // The broker checks the transaction later.
      this.client.log.warn({ err, transactionId, state }, 'END_TRANSACTION not sent');
    }
    return { ...sent, transactionId, localTransactionState: state };
  }

  private async endTransaction(sent: SendResult, state: LocalTransactionState): Promise<void> {
    const { commitLogOffset } = decodeOffsetMsgId(sent.offsetMsgId || sent.msgId);
    await this.client.pool.invokeOneway(this.client.brokerAddress(sent.messageQueue.brokerName), {
      code: RequestCode.END_TRANSACTION,
      extFields: endTransactionExtFields({
        producerGroup: this.group,
        tranStateTableOffset: sent.queueOffset,
        commitLogOffset,
        state,
        fromTransactionCheck: false,
        msgId: sent.msgId,
        transactionId: sent.msgId,
      }),
    });
  }

  /** CHECK_TRANSACTION_STATE: ask the listener, answer with END_TRANSACTION on the same connection. */
  private async answerCheck(cmd: RemotingCommand, conn: RemotingConnection): Promise<void> {
    const h = cmd.extFields;
    try {
      const msg = decodeMessages(cmd.body, '')[0];
      if (msg === undefined) throw new RocketClientError('RMQ_CLIENT_DECODE', 'a check without a message');
      const tranStateTableOffset = Number(h['tranStateTableOffset']);
      const commitLogOffset = BigInt(h['commitLogOffset'] ?? 'x');
      if (!Number.isSafeInteger(tranStateTableOffset))
        throw new RocketClientError('RMQ_CLIENT_DECODE', 'check header field tranStateTableOffset missing');
      const uniqKey = msg.properties[Property.UNIQ_KEY];
      let state: LocalTransactionState;
      try {
        state = (await this.listener.checkLocalTransaction(msg)) ?? 'UNKNOW';
      } catch (err) {
        this.client.log.warn({ err, msgId: uniqKey }, 'transaction check threw: state unknown');
        state = LocalTransactionState.UNKNOW;
      }
      conn.invokeOneway({
        code: RequestCode.END_TRANSACTION,
        extFields: endTransactionExtFields({
          producerGroup: this.group,
          tranStateTableOffset,
          commitLogOffset,
          state,
          fromTransactionCheck: true,
          msgId: uniqKey ?? msg.msgId,
          transactionId: h['transactionId'] ?? uniqKey,
        }),
      });
    } catch (err) {
      // BigInt of a malformed field throws a SyntaxError: same outcome, the broker asks again.
      this.client.log.warn({ err }, 'CHECK_TRANSACTION_STATE not answered');
    }
  }
}
