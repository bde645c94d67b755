import fs from 'node:fs';
import type { MessageStore } from '../../store/index.js';

/** The version a 4.9.8 broker reports (MQVersion.Version.V4_9_8 and its ordinal). */
export const BROKER_VERSION_DESC = 'V4_9_8';
export const BROKER_VERSION = 409;

/** TPS windows RocketMQ reports, in seconds (StoreStatsService: 10 s, 1 min, 10 min). */
const TPS_WINDOWS_S = [10, 60, 600] as const;
const MAX_SAMPLES = 601;

interface Sample {
  atMs: number;
  putOffsets: number;
  readCalls: number;
  readOffsets: number;
}

/** A Java double as Double.toString prints ordinary values: always a fraction part. */
export function javaDouble(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

/** MixAll.humanReadableByteCount(bytes, false): "512 B", "1.5 KiB", "97.9 GiB". */
export function humanReadableBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const exp = Math.min(6, Math.floor(Math.log(bytes) / Math.log(1024)));
  return `${(bytes / 1024 ** exp).toFixed(1)} ${'KMGTPE'.charAt(exp - 1)}iB`;
}

/** "[ d days, h hours, m minutes, s seconds ]", as StoreStatsService formats the uptime. */
export function formatRuntime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(s / 86_400);
  return `[ ${days} days, ${Math.floor((s % 86_400) / 3600)} hours, ${Math.floor((s % 3600) / 60)} minutes, ${s % 60} seconds ]`;
}

/**
 * UtilAll.getDiskPartitionSpaceUsedPercent: used / (used + available) rounded up to a hundredth, as a
 * fraction (0.42), or -1 when the path cannot be measured.
 */
export function diskUsedRatio(dir: string): { ratio: number; totalBytes: number; freeBytes: number } {
  try {
    const st = fs.statfsSync(dir);
    const total = st.blocks * st.bsize;
    const used = (st.blocks - st.bfree) * st.bsize;
    const entire = used + st.bavail * st.bsize;
    if (total <= 0 || entire <= 0) return { ratio: -1, totalBytes: 0, freeBytes: 0 };
    const percent = Math.ceil((used * 100) / entire);
    return { ratio: percent / 100, totalBytes: total, freeBytes: st.bavail * st.bsize };
  } catch {
    return { ratio: -1, totalBytes: 0, freeBytes: 0 };
  }
}

const localDay = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
};

/**
 * The broker statistics of GET_BROKER_RUNTIME_INFO: the store's put/get counters sampled once a second
 * (TPS over 10 s, 1 min and 10 min, empty until the window has samples, as RocketMQ does), and the
 * totals at the start of today and yesterday (RocketMQ BrokerStats, recorded when the local day changes).
 */
export class BrokerRuntimeStats {
  private readonly samples: Sample[] = [];
  private day: string;
  private todayMorning = { put: 0, get: 0 };
  private yesterdayMorning = { put: 0, get: 0 };

  constructor(
    private readonly store: MessageStore,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.day = localDay(nowMs());
  }

  /** Takes one sample (the front end calls this every second). */
  sample(): void {
    const now = this.nowMs();
    const s = this.store.runtimeStats();
    this.samples.push({
      atMs: now,
      putOffsets: s.appendedOffsets,
      readCalls: s.readCalls,
      readOffsets: s.readOffsets,
    });
    if (this.samples.length > MAX_SAMPLES) this.samples.shift();
    const day = localDay(now);
    if (day !== this.day) {
      this.day = day;
      this.yesterdayMorning = this.todayMorning;
      this.todayMorning = { put: s.appendedOffsets, get: s.readOffsets };
    }
  }

  /** "tps10 tps60 tps600" for one counter; a window without enough samples is an empty string. */
  tps(counter: 'putOffsets' | 'readCalls' | 'readOffsets'): string {
    const last = this.samples[this.samples.length - 1];
    return TPS_WINDOWS_S.map((w) => {
      const before = this.samples[this.samples.length - 1 - w];
      if (last === undefined || before === undefined || last.atMs <= before.atMs) return '';
      return javaDouble(((last[counter] - before[counter]) * 1000) / (last.atMs - before.atMs));
    }).join(' ');
  }

  /** The KVTable of GET_BROKER_RUNTIME_INFO, with the keys RocketMQ tools read most. */
  runtimeInfo(dataDir: string | undefined): Record<string, string> {
    const now = this.nowMs();
    const s = this.store.runtimeStats();
    const info: Record<string, string> = {
      brokerVersionDesc: BROKER_VERSION_DESC,
      brokerVersion: String(BROKER_VERSION),
      bootTimestamp: String(s.openedAtMs),
      runtime: formatRuntime(now - s.openedAtMs),
      msgPutTotalYesterdayMorning: String(this.yesterdayMorning.put),
      msgPutTotalTodayMorning: String(this.todayMorning.put),
      msgPutTotalTodayNow: String(s.appendedOffsets),
      msgGetTotalYesterdayMorning: String(this.yesterdayMorning.get),
      msgGetTotalTodayMorning: String(this.todayMorning.get),
      msgGetTotalTodayNow: String(s.readOffsets),
      putMessageTimesTotal: String(s.appendedOffsets),
      putTps: this.tps('putOffsets'),
      getFoundTps: this.tps('readCalls'),
      getTransferedTps: this.tps('readOffsets'),
      commitLogMinOffset: String(s.commitLogMinPosition),
      commitLogMaxOffset: String(s.commitLogMaxPosition),
      dispatchBehindBytes: '0',
      startAcceptSendRequestTimeStamp: '0',
    };
    if (dataDir !== undefined) {
      const disk = diskUsedRatio(dataDir);
      info['commitLogDiskRatio'] = javaDouble(disk.ratio);
      info[`commitLogDiskRatio_${dataDir}`] = javaDouble(disk.ratio);
      info['consumeQueueDiskRatio'] = javaDouble(disk.ratio);
      if (disk.ratio >= 0) {
        info['commitLogDirCapacity'] =
          `Total : ${humanReadableBytes(disk.totalBytes)}, Free : ${humanReadableBytes(disk.freeBytes)}.`;
      }
    }
    return info;
  }
}
