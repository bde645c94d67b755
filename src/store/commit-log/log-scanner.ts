import type { Logger } from 'pino';
import {
  type DecodedHeader,
  END_MAGIC,
  END_MARKER_MIN_BYTES,
  ENTRY_MAGIC,
  HEADER_FIXED_BYTES,
  checkEntry,
  peekEntry,
} from './entry-format.js';
import type { Segment } from './segment.js';
import type { SegmentList } from './segment-list.js';

export interface ScanResult {
  /** Position after the last valid entry: the end of the recovered log. */
  end: number;
  entries: number;
  bytes: number;
  /** Why the scan stopped early, when it met an invalid entry (the log was cut there). */
  invalidReason?: string;
}

const WINDOW_BYTES = 8 * 1024 * 1024;

/**
 * Recovery scan: validates every entry from `start` (length bounds, magic, size identity, header CRC,
 * record batch CRC), calls `onEntry` for each valid one, and cuts the log at the first invalid entry or at
 * the zeros after the last one: the rest of that segment is zeroed and later segments are deleted.
 */
export function scanLog(
  segments: SegmentList,
  start: number,
  log: Logger,
  onEntry: (header: DecodedHeader, position: number, segment: Segment) => void,
): ScanResult {
  const result: ScanResult = { end: start, entries: 0, bytes: 0 };
  let segIndex = segments.indexOf(start);
  if (segIndex < 0) return result;
  let position = start;
  for (;;) {
    const seg = segments.all[segIndex] as Segment;
    const window = new SegmentWindow(seg);
    let stop: string | undefined;
    let nextSegment = false;
    while (stop === undefined && !nextSegment) {
      const offset = position - seg.base;
      const left = seg.size - offset;
      if (left < END_MARKER_MIN_BYTES) {
        stop = `only ${left} bytes left in the segment`;
        break;
      }
      const head = window.get(offset, END_MARKER_MIN_BYTES);
      const { totalSize, magic } = peekEntry(head.buf, head.at);
      if (totalSize === 0 && magic === 0) break; // zeros: the end of the written log
      if (magic === END_MAGIC) {
        if (totalSize !== left) stop = `end marker of size ${totalSize} with ${left} bytes left`;
        else nextSegment = true;
        break;
      }
      if (magic !== ENTRY_MAGIC) stop = `bad magic 0x${magic.toString(16)}`;
      else if (totalSize < HEADER_FIXED_BYTES || totalSize > left - END_MARKER_MIN_BYTES) {
        stop = `entry size ${totalSize} out of bounds`;
      } else {
        const entry = window.get(offset, totalSize);
        const check = checkEntry(entry.buf, entry.at, true);
        if (!check.ok) stop = check.reason;
        else {
          onEntry(check.header, position, seg);
          result.entries += 1;
          result.bytes += totalSize;
          position += totalSize;
        }
      }
    }
    if (nextSegment) {
      position = seg.end;
      if (segIndex + 1 < segments.all.length) {
        segIndex += 1;
        continue;
      }
      result.end = position; // the marker was the last thing written; the next segment is created on open
      return result;
    }
    if (stop !== undefined) {
      result.invalidReason = stop;
      log.warn({ position, reason: stop }, 'invalid commit log entry; truncating the log here');
    }
    seg.zeroFromSync(position - seg.base);
    segments.dropAfter(segIndex);
    result.end = position;
    return result;
  }
}

/** Sequential reads of one segment through a reusable window buffer. */
class SegmentWindow {
  private readonly seg: Segment;
  private buf: Buffer = Buffer.alloc(0);
  private start = 0;
  private length = 0;

  constructor(seg: Segment) {
    this.seg = seg;
  }

  get(offset: number, length: number): { buf: Buffer; at: number } {
    if (offset < this.start || offset + length > this.start + this.length) {
      const want = Math.min(Math.max(length, WINDOW_BYTES), this.seg.size - offset);
      if (this.buf.length < want) this.buf = Buffer.allocUnsafe(want);
      this.length = this.seg.readSync(this.buf, 0, want, offset);
      this.start = offset;
      if (this.length < length) this.buf.fill(0, this.length, length);
    }
    return { buf: this.buf.subarray(0, Math.max(this.length, length)), at: offset - this.start };
  }
}
