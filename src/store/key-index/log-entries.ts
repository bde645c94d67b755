import {
  type DecodedHeader,
  END_MAGIC,
  ENTRY_MAGIC,
  HEADER_FIXED_BYTES,
  checkEntry,
  peekEntry,
} from '../commit-log/entry-format.js';
import type { SegmentList } from '../commit-log/segment-list.js';

const WINDOW_BYTES = 8 * 1024 * 1024;

export type LogEntryVisitor = (header: DecodedHeader, buf: Buffer, at: number, position: number) => void;

/**
 * Reads the entries of an already recovered CommitLog in [start, end) (synchronous; key index recovery),
 * checking each one (magic, sizes, header CRC). Returns the position where it stopped: `end`, or the first
 * entry that does not check (with the reason).
 */
export function forEachLogEntrySync(
  segments: SegmentList,
  start: number,
  end: number,
  visit: LogEntryVisitor,
): { position: number; invalidReason?: string } {
  let position = start;
  let window = Buffer.alloc(0);
  let windowStart = 0;
  let windowLength = 0;
  while (position < end) {
    const seg = segments.find(position);
    if (seg === undefined) return { position, invalidReason: `no segment holds position ${position}` };
    const limit = Math.min(end, seg.end);
    const ensure = (length: number): void => {
      if (position >= windowStart && position + length <= windowStart + windowLength) return;
      const want = Math.min(Math.max(length, WINDOW_BYTES), limit - position);
      if (window.length < want) window = Buffer.allocUnsafe(want);
      windowLength = seg.readSync(window, 0, want, position - seg.base);
      windowStart = position;
    };
    if (limit - position < 8) {
      position = seg.end;
      continue;
    }
    ensure(8);
    const { totalSize, magic } = peekEntry(window, position - windowStart);
    if (magic === END_MAGIC || (totalSize === 0 && magic === 0)) {
      position = seg.end; // end marker (or zeros): the rest of the segment holds nothing
      continue;
    }
    if (magic !== ENTRY_MAGIC || totalSize < HEADER_FIXED_BYTES || position + totalSize > limit)
      return { position, invalidReason: `no entry at ${position}` };
    ensure(totalSize);
    if (windowLength < position - windowStart + totalSize)
      return { position, invalidReason: `entry at ${position} is cut short` };
    const at = position - windowStart;
    const check = checkEntry(window.subarray(0, windowLength), at, false);
    if (!check.ok) return { position, invalidReason: `entry at ${position}: ${check.reason}` };
    visit(check.header, window, at, position);
    position += totalSize;
  }
  return { position };
}
