import type { MessageStore } from './types.js';

interface Waiter {
  keys: string[];
  wake: () => void;
}

/**
 * Long-poll support shared by Kafka Fetch and RocketMQ pull: a reader that found too little data parks
 * here on the queues it reads and is woken by the first append to any of them (or by its own timeout).
 * The per-append cost is one map lookup.
 */
export class AppendWaiters {
  private readonly byQueue = new Map<string, Set<Waiter>>();

  constructor(store: MessageStore) {
    store.onAppend((topic, queueId) => this.notify(topic, queueId));
  }

  static key(topic: string, queueId: number): string {
    return `${queueId}\u0000${topic}`;
  }

  /** Resolves on the first append to one of the queues, after timeoutMs, or when the signal aborts. */
  wait(
    queues: readonly { topic: string; queueId: number }[],
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<void> {
    if (timeoutMs <= 0 || queues.length === 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const keys = queues.map((q) => AppendWaiters.key(q.topic, q.queueId));
      let timer: NodeJS.Timeout | undefined = undefined;
      const waiter: Waiter = {
        keys,
        wake: () => {
          if (timer) clearTimeout(timer);
          signal?.removeEventListener('abort', waiter.wake);
          this.remove(waiter);
          resolve();
        },
      };
      for (const k of keys) {
        let set = this.byQueue.get(k);
        if (!set) this.byQueue.set(k, (set = new Set()));
        set.add(waiter);
      }
      timer = setTimeout(waiter.wake, timeoutMs);
      signal?.addEventListener('abort', waiter.wake, { once: true });
    });
  }

  get size(): number {
    let n = 0;
    for (const s of this.byQueue.values()) n += s.size;
    return n;
  }

  private notify(topic: string, queueId: number): void {
    if (this.byQueue.size === 0) return;
    const set = this.byQueue.get(AppendWaiters.key(topic, queueId));
    if (!set) return;
    for (const w of [...set]) w.wake();
  }

  private remove(waiter: Waiter): void {
    for (const k of waiter.keys) {
      const set = this.byQueue.get(k);
      if (!set) continue;
      set.delete(waiter);
      if (set.size === 0) this.byQueue.delete(k);
    }
  }
}
