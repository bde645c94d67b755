import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { SEGMENT_NAME_PATTERN, Segment } from './segment.js';

/**
 * The ordered CommitLog segment files, with lookup by position, rolling, deletion, and one spare segment
 * created ahead of time so that a roll does not wait for file creation.
 */
export class SegmentList {
  readonly dir: string;
  readonly segmentBytes: number;
  private readonly log: Logger;
  private segments: Segment[] = [];
  private spare: Segment | null = null;
  private spareCreation: Promise<void> | null = null;

  constructor(
    dir: string,
    segmentBytes: number,
    log: Logger,
    private readonly preallocate = false,
  ) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.log = log;
  }

  /**
   * Opens every segment file. A segment's size is the distance to the next one; the last one is at least
   * `segmentBytes` (a shorter file is a torn or truncated one and is extended with zeros).
   */
  loadSync(timestamps: ReadonlyMap<number, number>): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const bases = fs
      .readdirSync(this.dir)
      .filter((name) => SEGMENT_NAME_PATTERN.test(name))
      .map(Number)
      .sort((a, b) => a - b);
    this.segments = bases.map((base, i) => {
      const filePath = path.join(this.dir, String(base).padStart(20, '0'));
      const next = bases[i + 1];
      const size = next !== undefined ? next - base : Math.max(this.segmentBytes, fs.statSync(filePath).size);
      const mtime = fs.statSync(filePath).mtimeMs;
      return Segment.openSync(filePath, base, size, timestamps.get(base) ?? Math.floor(mtime));
    });
  }

  get all(): readonly Segment[] {
    return this.segments;
  }

  get first(): Segment | undefined {
    return this.segments[0];
  }

  get last(): Segment | undefined {
    return this.segments[this.segments.length - 1];
  }

  indexOf(position: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const seg = this.segments[mid] as Segment;
      if (position < seg.base) hi = mid - 1;
      else if (position >= seg.end) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  find(position: number): Segment | undefined {
    return this.segments[this.indexOf(position)];
  }

  /** Adds the segment that starts where the last one ends (base 0 when empty). Throws on I/O failure. */
  appendNext(): Segment {
    const base = this.last?.end ?? 0;
    let seg: Segment;
    if (this.spare !== null && this.spare.base === base) {
      seg = this.spare;
      this.spare = null;
    } else {
      seg = Segment.createSync(this.dir, base, this.segmentBytes, this.preallocate);
    }
    this.segments.push(seg);
    return seg;
  }

  /**
   * Takes back the segment appendNext just added (a roll that failed before using it): it becomes the
   * spare again, so the next roll reuses it at the same base.
   */
  unlistLast(seg: Segment): void {
    if (this.last !== seg) return;
    this.segments.pop();
    const spare = this.spare;
    if (spare !== null && spare !== seg) {
      if (spare.base === seg.base) spare.close();
      else spare.deleteFile();
    }
    this.spare = seg;
  }

  /** Starts creating the segment after the last one in the background, if not done already. */
  prepareSpare(): void {
    const last = this.last;
    if (last === undefined || this.spareCreation !== null) return;
    if (this.spare !== null && this.spare.base === last.end) return;
    const base = last.end;
    this.spareCreation = Segment.create(this.dir, base, this.segmentBytes, this.preallocate)
      .then((seg) => {
        if (this.spare !== null) this.spare.close();
        this.spare = seg;
      })
      .catch((err: unknown) => this.log.warn({ err, base }, 'could not preallocate the next segment'))
      .finally(() => {
        this.spareCreation = null;
      });
  }

  /** Deletes every segment after the one at `index` (recovery: data past the valid end). */
  dropAfter(index: number): void {
    for (const seg of this.segments.splice(index + 1)) {
      this.log.info({ base: seg.base }, 'deleting segment past the end of the recovered log');
      seg.deleteFile();
    }
  }

  /** Deletes the leading segments that end at or before `position`, never `keep`. Returns them. */
  deleteBefore(position: number, keep: Segment): Segment[] {
    const deleted: Segment[] = [];
    while (this.segments.length > 0) {
      const seg = this.segments[0] as Segment;
      if (seg === keep || seg.end > position) break;
      this.segments.shift();
      seg.deleteFile();
      deleted.push(seg);
    }
    return deleted;
  }

  async close(): Promise<void> {
    if (this.spareCreation !== null) await this.spareCreation;
    this.spare?.close();
    this.spare = null;
    for (const seg of this.segments) seg.close();
    this.segments = [];
  }
}
