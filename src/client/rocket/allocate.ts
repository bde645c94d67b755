import { compareQueues, type MessageQueue } from './topic-route.js';

/** A rebalance strategy: which of `queues` the client `clientId` of `clientIds` takes. */
export type AllocateStrategy = (
  clientId: string,
  queues: readonly MessageQueue[],
  clientIds: readonly string[],
) => MessageQueue[];

/**
 * AllocateMessageQueueAveragely (REFERENCE §4.8): both lists sorted, contiguous ranges, the first
 * `m % n` clients one queue more. A client absent from the list gets nothing.
 */
export const allocateAveragely: AllocateStrategy = (clientId, queues, clientIds) => {
  const mqs = [...queues].sort(compareQueues);
  const cids = [...clientIds].sort();
  const index = cids.indexOf(clientId);
  if (index < 0 || mqs.length === 0) return [];
  const n = cids.length;
  const m = mqs.length;
  const mod = m % n;
  const size = m <= n ? 1 : index < mod ? Math.floor(m / n) + 1 : Math.floor(m / n);
  const start = index < mod ? index * size : index * size + mod;
  const range = Math.min(size, m - start);
  const out: MessageQueue[] = [];
  for (let i = 0; i < range; i++) out.push(mqs[(start + i) % m] as MessageQueue);
  return out;
};
