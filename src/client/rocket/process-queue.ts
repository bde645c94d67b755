import type { MessageQueue } from './topic-route.js';

/** The consumer's state for one assigned queue. */
export class ProcessQueue {
  /** Set when the queue is taken away (rebalance, shutdown): its pull loop stops. */
  dropped = false;
  /** The next offset to pull. */
  nextOffset = -1;
  /** The batch being consumed, if any. */
  consuming: Promise<void> | null = null;
  /** For an orderly consume service: whether the broker lock is held, and when it was last renewed. */
  locked = false;
  lastLockTimestamp = 0;
  /**
   * Set by a consume service that stopped inside a batch (an orderly one losing its lock): the pull loop
   * goes on from this offset instead of the pull's nextBeginOffset, so nothing unconsumed is skipped.
   */
  resumeOffset: number | null = null;

  constructor(readonly mq: MessageQueue) {}
}
