import { describe, expect, it } from 'vitest';
import { PartitionProducerState, incrementSequence, type ProducerBatchHeader } from './producer-state.js';

const batch = (
  producerId: bigint,
  producerEpoch: number,
  baseSequence: number,
  records = 1,
  isTransactional = false,
): ProducerBatchHeader => ({
  producerId,
  producerEpoch,
  baseSequence,
  lastOffsetDelta: records - 1,
  isTransactional,
});

/** Checks and, when accepted, applies a batch at `offset`; returns the verdict. */
function send(
  state: PartitionProducerState,
  b: ProducerBatchHeader,
  offset: number,
): ReturnType<PartitionProducerState['check']> {
  const verdict = state.check([b]);
  if (verdict.kind === 'append') state.applyBatch(b, offset);
  return verdict;
}

describe('sequence checks', () => {
  it('accepts consecutive batches and rejects a gap with out-of-order-sequence', () => {
    const s = new PartitionProducerState();
    expect(send(s, batch(1n, 0, 0, 3), 0).kind).toBe('append');
    expect(send(s, batch(1n, 0, 3, 2), 3).kind).toBe('append');
    const gap = s.check([batch(1n, 0, 6)]);
    expect(gap).toMatchObject({ kind: 'error', error: 'out-of-order-sequence' });
  });

  it('answers a duplicate of any of the last 5 batches with its original base offset', () => {
    const s = new PartitionProducerState();
    for (let i = 0; i < 7; i++) send(s, batch(1n, 0, i * 2, 2), 100 + i * 2);
    // batches 2..6 are retained (the last five)
    expect(s.check([batch(1n, 0, 4, 2)])).toEqual({ kind: 'duplicate', baseOffset: 104 });
    expect(s.check([batch(1n, 0, 12, 2)])).toEqual({ kind: 'duplicate', baseOffset: 112 });
    // older than the window: no longer recognised, and out of sequence
    expect(s.check([batch(1n, 0, 2, 2)])).toMatchObject({ kind: 'error', error: 'out-of-order-sequence' });
    // a different range at a retained start is not a duplicate
    expect(s.check([batch(1n, 0, 4, 3)])).toMatchObject({ kind: 'error' });
  });

  it('fences an older epoch and wants sequence 0 from a newer one', () => {
    const s = new PartitionProducerState();
    send(s, batch(1n, 3, 0, 5), 0);
    expect(s.check([batch(1n, 2, 5)])).toMatchObject({ kind: 'error', error: 'invalid-producer-epoch' });
    expect(s.check([batch(1n, 4, 5)])).toMatchObject({ kind: 'error', error: 'out-of-order-sequence' });
    expect(send(s, batch(1n, 4, 0), 5).kind).toBe('append');
    expect(s.epochOf(1n)).toBe(4);
    // the old epoch's batches are forgotten
    expect(s.check([batch(1n, 3, 0, 5)])).toMatchObject({ kind: 'error', error: 'invalid-producer-epoch' });
  });

  it('accepts any sequence from a producer it has no state for (Kafka 3.x)', () => {
    const s = new PartitionProducerState();
    expect(s.check([batch(9n, 0, 42)]).kind).toBe('append');
  });

  it('wraps sequences from INT32_MAX to 0', () => {
    expect(incrementSequence(0x7fffffff, 1)).toBe(0);
    expect(incrementSequence(0x7ffffffe, 3)).toBe(1);
    const s = new PartitionProducerState();
    send(s, batch(1n, 0, 0x7ffffffe, 2), 0);
    expect(s.check([batch(1n, 0, 0)]).kind).toBe('append');
  });

  it('checks several batches of one request in turn', () => {
    const s = new PartitionProducerState();
    send(s, batch(1n, 0, 0, 2), 0);
    expect(s.check([batch(1n, 0, 2, 2), batch(1n, 0, 4, 1)]).kind).toBe('append');
    expect(s.check([batch(1n, 0, 2, 2), batch(1n, 0, 5, 1)])).toMatchObject({ kind: 'error' });
  });

  it('after an abort marker with a bumped epoch, the producer restarts at sequence 0', () => {
    const s = new PartitionProducerState();
    send(s, batch(1n, 0, 0, 2, true), 0);
    s.applyMarker(1n, 1, false, 2);
    expect(s.check([batch(1n, 0, 2)])).toMatchObject({ error: 'invalid-producer-epoch' });
    expect(s.check([batch(1n, 1, 3)])).toMatchObject({ error: 'out-of-order-sequence' });
    expect(s.check([batch(1n, 1, 0)]).kind).toBe('append');
  });
});

describe('transactions in a partition', () => {
  it('holds the LSO at the first offset of the oldest open transaction', () => {
    const s = new PartitionProducerState();
    expect(s.lastStableOffset(10)).toBe(10);
    send(s, batch(1n, 0, 0, 2, true), 10);
    send(s, batch(2n, 0, 0, 2, true), 12);
    send(s, batch(1n, 0, 2, 2, true), 14);
    expect(s.lastStableOffset(16)).toBe(10);
    s.applyMarker(1n, 0, true, 16);
    expect(s.lastStableOffset(17)).toBe(12);
    s.applyMarker(2n, 0, false, 17);
    expect(s.lastStableOffset(18)).toBe(18);
    expect(s.openTransactionCount).toBe(0);
  });

  it('lists the aborted transactions that overlap a fetched range', () => {
    const s = new PartitionProducerState();
    send(s, batch(1n, 0, 0, 5, true), 0);
    s.applyMarker(1n, 0, false, 5);
    send(s, batch(2n, 0, 0, 2, true), 6);
    s.applyMarker(2n, 0, true, 8);
    send(s, batch(3n, 0, 0, 2, true), 9);
    s.applyMarker(3n, 0, false, 11);
    expect(s.abortedIn(0, 12).map((a) => a.producerId)).toEqual([1n, 3n]);
    expect(s.abortedIn(6, 9)).toEqual([]);
    expect(s.abortedIn(3, 7)).toEqual([{ producerId: 1n, firstOffset: 0, lastOffset: 5 }]);
    expect(s.abortedIn(10, 12)).toEqual([{ producerId: 3n, firstOffset: 9, lastOffset: 11 }]);
    s.trimAborted(6);
    expect(s.abortedIn(0, 12).map((a) => a.producerId)).toEqual([3n]);
  });

  it('ignores a marker for a producer without an open transaction', () => {
    const s = new PartitionProducerState();
    s.applyMarker(4n, 0, false, 0);
    expect(s.abortedIn(0, 10)).toEqual([]);
    expect(s.lastStableOffset(1)).toBe(1);
  });
});
