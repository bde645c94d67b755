import type { MessageExt } from './message.js';
import type { ProcessQueue } from './process-queue.js';
import type { MessageQueue } from './topic-route.js';

/**
 * What a listener returns. Use the constants (`ConsumeStatus.RECONSUME_LATER`) in async listeners:
 * TypeScript widens a bare string literal returned from an async function to `string`.
 */
export const ConsumeStatus = {
  CONSUME_SUCCESS: 'CONSUME_SUCCESS',
  RECONSUME_LATER: 'RECONSUME_LATER',
} as const;
export type ConsumeStatus = (typeof ConsumeStatus)[keyof typeof ConsumeStatus];

export interface ConsumeContext {
  mq: MessageQueue;
}

/**
 * A concurrent listener, called once per message. Returning nothing or CONSUME_SUCCESS acknowledges
 * it; RECONSUME_LATER (or throwing) sends it back for redelivery through %RETRY%<group> in clustering
 * mode (after maxReconsumeTimes the broker moves it to %DLQ%<group>).
 */
export type MessageListener = (
  msg: MessageExt,
  context: ConsumeContext,
) => ConsumeStatus | void | Promise<ConsumeStatus | void>;

/**
 * How a push consumer consumes what it pulls. The concurrent service ships here; an orderly one
 * (LOCK_BATCH_MQ per queue, one message at a time) implements the same interface: `canPull` gates the
 * pull loop of a queue, `onAssigned` / `onRevoked` follow rebalances, `consume` resolves when the batch
 * is done (the consumer then advances the queue's offset to the pull's nextBeginOffset).
 */
export interface ConsumeService {
  consume(pq: ProcessQueue, msgs: readonly MessageExt[]): Promise<void>;
  canPull?(pq: ProcessQueue): boolean | Promise<boolean>;
  onAssigned?(mqs: readonly MessageQueue[]): void | Promise<void>;
  onRevoked?(mqs: readonly MessageQueue[]): void | Promise<void>;
  shutdown?(): void | Promise<void>;
}
