import os from 'node:os';
import { describe, expect, it } from 'vitest';
import type { MessageStore, StoreRuntimeStats } from '../../store/index.js';
import {
  BrokerRuntimeStats,
  diskUsedRatio,
  formatRuntime,
  humanReadableBytes,
  javaDouble,
} from './runtime-stats.js';

function fakeStore(stats: StoreRuntimeStats): MessageStore {
  return { runtimeStats: () => ({ ...stats }) } as unknown as MessageStore;
}

const base = (): StoreRuntimeStats => ({
  openedAtMs: 1_000,
  appendCalls: 0,
  appendedOffsets: 0,
  readCalls: 0,
  readOffsets: 0,
  commitLogMinPosition: 0,
  commitLogMaxPosition: 0,
});

describe('runtime statistics', () => {
  it('formats like Java: doubles, byte counts, uptime', () => {
    expect(javaDouble(0)).toBe('0.0');
    expect(javaDouble(12)).toBe('12.0');
    expect(javaDouble(0.25)).toBe('0.25');
    expect(humanReadableBytes(512)).toBe('512 B');
    expect(humanReadableBytes(1536)).toBe('1.5 KiB');
    expect(humanReadableBytes(3 * 1024 ** 3)).toBe('3.0 GiB');
    expect(formatRuntime(((2 * 24 + 3) * 3600 + 4 * 60 + 5) * 1000 + 999)).toBe(
      '[ 2 days, 3 hours, 4 minutes, 5 seconds ]',
    );
  });

  it('reports TPS per window only once the window has samples, as RocketMQ does', () => {
    const stats = base();
    const clock = { now: 10_000 };
    const rt = new BrokerRuntimeStats(fakeStore(stats), () => clock.now);
    for (let i = 0; i <= 10; i++) {
      stats.appendedOffsets = i * 50; // 50 messages a second
      stats.readCalls = i * 2;
      stats.readOffsets = i * 20;
      rt.sample();
      clock.now += 1000;
    }
    expect(rt.tps('putOffsets')).toBe('50.0  ');
    expect(rt.tps('readCalls')).toBe('2.0  ');
    expect(rt.tps('readOffsets')).toBe('20.0  ');
    for (let i = 11; i <= 60; i++) {
      stats.appendedOffsets = 500 + (i - 10) * 10;
      rt.sample();
      clock.now += 1000;
    }
    // Last 10 s at 10/s; the minute: 500 + 500 over 60 s.
    expect(rt.tps('putOffsets')).toBe(`10.0 ${String(1000 / 60)} `);
  });

  it('fills the KVTable from the store counters, with today/yesterday totals moving at midnight', () => {
    const stats = {
      ...base(),
      appendedOffsets: 7,
      readOffsets: 3,
      commitLogMinPosition: 0,
      commitLogMaxPosition: 4096,
    };
    const start = new Date(2026, 0, 5, 23, 59, 30).getTime();
    const clock = { now: start };
    const rt = new BrokerRuntimeStats(fakeStore({ ...stats, openedAtMs: start - 65_000 }), () => clock.now);
    const info = rt.runtimeInfo(os.tmpdir());
    expect(info['brokerVersionDesc']).toBe('V4_9_8');
    expect(info['msgPutTotalTodayNow']).toBe('7');
    expect(info['msgGetTotalTodayNow']).toBe('3');
    expect(info['msgPutTotalTodayMorning']).toBe('0');
    expect(info['commitLogMaxOffset']).toBe('4096');
    expect(info['bootTimestamp']).toBe(String(start - 65_000));
    expect(info['runtime']).toBe('[ 0 days, 0 hours, 1 minutes, 5 seconds ]');
    const ratio = Number(info['commitLogDiskRatio']);
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThanOrEqual(1);
    expect(info['commitLogDirCapacity']).toMatch(/^Total : [\d.]+ [KMGTPE]iB, Free : [\d.]+ [KMGTPE]?i?B\.$/);
    clock.now = new Date(2026, 0, 6, 0, 0, 1).getTime();
    rt.sample();
    const next = rt.runtimeInfo(undefined);
    expect(next['msgPutTotalTodayMorning']).toBe('7');
    expect(next['msgPutTotalYesterdayMorning']).toBe('0');
    expect(next['commitLogDiskRatio']).toBeUndefined();
  });

  it('measures -1 for a path that does not exist', () => {
    expect(diskUsedRatio('/definitely/not/here').ratio).toBe(-1);
  });
});
