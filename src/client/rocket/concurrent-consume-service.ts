import type { BrokerApi } from './broker-api.js';
import type { ClientLogger } from './client-logger.js';
import { Property, retryTopicOf } from './codes.js';
import type { ConsumeService, ConsumeStatus, MessageListener } from './consume-service.js';
import type { MessageExt } from './message.js';
import type { ProcessQueue } from './process-queue.js';

export interface ConcurrentConsumeOptions {
  group: string;
  messageModel: 'CLUSTERING' | 'BROADCASTING';
  maxReconsumeTimes: number;
  /** ms before a message whose send-back failed is consumed again locally. */
  localRetryDelayMs: number;
  api: BrokerApi;
  log: ClientLogger;
}

/** A message from %RETRY%<group> is shown to the listener under its original topic. */
export function resetRetryTopic(msg: MessageExt, group: string): void {
  const original = msg.properties[Property.RETRY_TOPIC];
  if (original !== undefined && msg.topic === retryTopicOf(group)) msg.topic = original;
}

/**
 * Consumes each pulled batch concurrently (every message of the batch at once). Failures go back to
 * the broker with CONSUMER_SEND_MSG_BACK (delay level 0: the broker picks 3 + reconsumeTimes); if that
 * request fails, the message is consumed again here after `localRetryDelayMs`. Broadcasting has no
 * retry: a failure is logged and dropped, as in ali-ons.
 */
export class ConcurrentConsumeService implements ConsumeService {
  private stopped = false;

  constructor(
    private readonly listener: MessageListener,
    private readonly o: ConcurrentConsumeOptions,
  ) {}

  async consume(pq: ProcessQueue, msgs: readonly MessageExt[]): Promise<void> {
    await Promise.all(msgs.map((m) => this.consumeOne(pq, m)));
  }

  shutdown(): void {
    this.stopped = true;
  }

  private async consumeOne(pq: ProcessQueue, msg: MessageExt): Promise<void> {
    // The listener (and the send-back's originTopic, as in Java) see the original topic; the broker
    // finds the message by its commit-log offset.
    resetRetryTopic(msg, this.o.group);
    for (;;) {
      let status: ConsumeStatus;
      try {
        status = (await this.listener(msg, { mq: pq.mq })) ?? 'CONSUME_SUCCESS';
      } catch (err) {
        this.o.log.debug({ err, msgId: msg.msgId }, 'listener threw, reconsume later');
        status = 'RECONSUME_LATER';
      }
      if (status === 'CONSUME_SUCCESS') return;
      if (this.o.messageModel === 'BROADCASTING') {
        this.o.log.warn({ msgId: msg.msgId }, 'broadcast message failed, dropped');
        return;
      }
      try {
        await this.o.api.sendMessageBack(this.o.group, msg, 0, this.o.maxReconsumeTimes);
        return;
      } catch (err) {
        this.o.log.warn({ err, msgId: msg.msgId }, 'send back failed, consuming again locally');
      }
      if (this.stopped || pq.dropped) return;
      await new Promise((r) => setTimeout(r, this.o.localRetryDelayMs));
      if (this.stopped || pq.dropped) return;
      msg.reconsumeTimes += 1;
    }
  }
}
