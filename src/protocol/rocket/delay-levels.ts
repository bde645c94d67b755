/**
 * RocketMQ delay levels (REFERENCE §4.3): a message with property DELAY=n (1-based) waits in
 * SCHEDULE_TOPIC_XXXX queue n-1 until its due time, then moves to its real topic and queue.
 */
export const SCHEDULE_TOPIC = 'SCHEDULE_TOPIC_XXXX';
export const PROPERTY_DELAY = 'DELAY';
export const PROPERTY_REAL_TOPIC = 'REAL_TOPIC';
export const PROPERTY_REAL_QUEUE_ID = 'REAL_QID';
export const DEFAULT_DELAY_LEVELS = '1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * "1s 5s 1m ..." -> delays in ms, level 1 first. Units ms, s, m, h, d (RocketMQ's messageDelayLevel).
 * Returns a message for the first bad token instead of throwing.
 */
export function parseDelayLevels(text: string): number[] | string {
  const tokens = text
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '');
  if (tokens.length === 0) return 'no delay levels given';
  const out: number[] = [];
  for (const token of tokens) {
    const m = /^(\d+)(ms|s|m|h|d)$/.exec(token);
    const unit = m?.[2];
    if (m === null || unit === undefined)
      return `bad delay level "${token}" (expected e.g. 500ms, 5s, 1m, 2h)`;
    const ms = Number(m[1]) * (UNIT_MS[unit] ?? 0);
    if (!Number.isSafeInteger(ms) || ms <= 0) return `bad delay level "${token}"`;
    out.push(ms);
  }
  return out;
}

/** A DELAY property value -> the level to apply (clamped to the table), or 0 for no delay. */
export function effectiveDelayLevel(value: string | undefined, levels: number): number {
  if (value === undefined) return 0;
  const n = Number.parseInt(value, 10);
  if (!Number.isFinite(n) || n <= 0) return 0;
  return Math.min(n, levels);
}
