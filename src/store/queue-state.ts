import { QueueIndexFiles } from './queue-index/queue-index-files.js';
import { QueueIndex } from './queue-index/queue-index.js';

/** Everything the store keeps about one queue of one topic. */
export class QueueState {
  readonly queueId: number;
  readonly index = new QueueIndex();
  readonly files: QueueIndexFiles;
  /** First readable offset; never moves backwards. */
  logStartOffset = 0;
  /** The next offset to assign (= high watermark). */
  nextOffset = 0;
  /** Index ordinals below this are in the index files. */
  persistedOrdinal = 0;

  constructor(dir: string, queueId: number, entriesPerFile: number) {
    this.queueId = queueId;
    this.files = new QueueIndexFiles(dir, entriesPerFile);
  }

  /** Ordinal of the entry containing logStartOffset (or the first after it), or -1 when nothing is readable. */
  firstReadableOrdinal(): number {
    if (this.logStartOffset >= this.nextOffset) return -1;
    return this.index.findContaining(this.logStartOffset);
  }

  /** Drops index entries that end at or before logStartOffset. */
  trimToLogStart(): void {
    const first = this.index.findContaining(this.logStartOffset);
    this.index.trimBefore(first < 0 ? this.index.endOrdinal : first);
  }

  /** Deletes the index files whose entries all end before the first readable entry. */
  dropIndexFilesBeforeLogStart(): Promise<void> {
    const ord = this.firstReadableOrdinal();
    return this.files.dropFilesBefore(ord >= 0 ? this.index.offsetAt(ord) : this.nextOffset);
  }
}
