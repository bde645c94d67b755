/**
 * The latency histograms printed by bench/loadgen/latency.c, read back for merging and plotting. Buckets
 * are log-linear over nanoseconds: exact below 256 ns, then 128 buckets per power of two, so a bucket
 * spans at most 1/128 (0.78 %) of its value. This file mirrors `bucket_high` of latency.c.
 */

const SUB_BITS = 7;
const SUB_COUNT = 1 << SUB_BITS;
/** Buckets of latency.c (64 powers of two x 128). */
const BUCKETS = 64 * SUB_COUNT;

/** One histogram as latency.c prints it: a few percentiles (µs, bucket upper bounds) and the non-empty buckets. */
export interface LatencySummary {
  count: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  p999Us: number;
  p9999Us: number;
  maxUs: number;
  /** [bucket index, count] for each non-empty bucket. */
  buckets: [number, number][];
}

/** Highest value (ns) that falls into bucket `b`. */
export function bucketHigh(b: number): number {
  if (b < 2 * SUB_COUNT) return b;
  const shift = Math.floor(b / SUB_COUNT) - 1;
  const sub = (b % SUB_COUNT) + SUB_COUNT;
  return (sub + 1) * 2 ** shift - 1;
}

/** Bucket counts of several runs added up (for the plot; the tables take the median of each run's percentile). */
export function mergeBuckets(summaries: readonly LatencySummary[]): {
  counts: Map<number, number>;
  maxUs: number;
} {
  const counts = new Map<number, number>();
  let maxUs = 0;
  for (const s of summaries) {
    for (const [b, n] of s.buckets) {
      if (!Number.isInteger(b) || b < 0 || b >= BUCKETS) throw new Error(`latency bucket ${b} out of range`);
      counts.set(b, (counts.get(b) ?? 0) + n);
    }
    maxUs = Math.max(maxUs, s.maxUs);
  }
  return { counts, maxUs };
}

/**
 * Percentiles (µs) of merged buckets, as latency.c computes them: the upper bound of the bucket holding
 * the value at rank round(pct% x count), never above the largest value recorded.
 */
export function percentilesUs(
  merged: { counts: Map<number, number>; maxUs: number },
  pcts: readonly number[],
): number[] {
  const buckets = [...merged.counts.entries()].sort((a, b) => a[0] - b[0]);
  let total = 0;
  for (const [, n] of buckets) total += n;
  return pcts.map((pct) => {
    if (total === 0) return NaN;
    const want = Math.max(1, Math.round((pct / 100) * total));
    let seen = 0;
    for (const [b, n] of buckets) {
      seen += n;
      if (seen >= want) return Math.min(bucketHigh(b) / 1000, merged.maxUs);
    }
    return merged.maxUs;
  });
}

/** What one `latency open` run (workload L1) measured, kept on its RunSample. */
export interface OpenLoopLatency {
  /** Scheduled rate, msg/s. */
  rate: number;
  acks: '1' | 'all';
  /** Messages scheduled inside the window, and of those acknowledged / consumed. */
  countedSent: number;
  countedAcked: number;
  countedConsumed: number;
  /** Sends more than 1 ms behind their schedule, and the largest lag (the load generator's own delay). */
  lateSends: number;
  maxSendLagUs: number;
  /** produce-to-ack: delivery report time - scheduled time. */
  ack: LatencySummary;
  /** end-to-end: consumer receive time - scheduled time (broker runs only). */
  e2e?: LatencySummary;
}
