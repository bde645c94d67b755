import { describe, expect, it } from 'vitest';
import { allocateAveragely } from './allocate.js';
import type { MessageQueue } from './topic-route.js';

const queues = (n: number, broker = 'b'): MessageQueue[] =>
  Array.from({ length: n }, (_, i) => ({ topic: 't', brokerName: broker, queueId: i }));
const ids = (mqs: MessageQueue[]): string[] => mqs.map((q) => `${q.brokerName}:${q.queueId}`);

describe('allocateAveragely', () => {
  it('gives the first m % n clients one queue more, in contiguous ranges', () => {
    const mqs = queues(8);
    const cids = ['c', 'a', 'b']; // sorted to a, b, c
    expect(ids(allocateAveragely('a', mqs, cids))).toEqual(['b:0', 'b:1', 'b:2']);
    expect(ids(allocateAveragely('b', mqs, cids))).toEqual(['b:3', 'b:4', 'b:5']);
    expect(ids(allocateAveragely('c', mqs, cids))).toEqual(['b:6', 'b:7']);
  });

  it('gives one queue each when there are fewer queues than clients, nothing to the rest', () => {
    const mqs = queues(2);
    const cids = ['a', 'b', 'c'];
    expect(ids(allocateAveragely('a', mqs, cids))).toEqual(['b:0']);
    expect(ids(allocateAveragely('b', mqs, cids))).toEqual(['b:1']);
    expect(allocateAveragely('c', mqs, cids)).toEqual([]);
  });

  it('sorts queues by broker then id before splitting, whatever order they come in', () => {
    const mqs = [...queues(2, 'b2'), ...queues(2, 'b1')].reverse();
    expect(ids(allocateAveragely('x', mqs, ['x', 'y']))).toEqual(['b1:0', 'b1:1']);
    expect(ids(allocateAveragely('y', mqs, ['y', 'x']))).toEqual(['b2:0', 'b2:1']);
  });

  it('gives nothing to a client missing from the list', () => {
    expect(allocateAveragely('z', queues(4), ['a', 'b'])).toEqual([]);
  });

  it('splits every queue exactly once for any m, n', () => {
    for (let m = 1; m <= 17; m++) {
      for (let n = 1; n <= 6; n++) {
        const mqs = queues(m);
        const cids = Array.from({ length: n }, (_, i) => `c${i}`);
        const all = cids.flatMap((c) => ids(allocateAveragely(c, mqs, cids)));
        expect(all.sort()).toEqual(ids(mqs).sort());
        const sizes = cids.map((c) => allocateAveragely(c, mqs, cids).length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });
});
