import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { BrokerError } from '../errors.js';
import { syncDirectory, writeFileAtomic } from './atomic-file.js';
import { OffsetTable } from './consumer-offsets-table.js';
import {
  type CommittedOffset,
  type OffsetCommitEntry,
  type OffsetKey,
  type OffsetRecord,
  OffsetRecordType,
  SNAPSHOT_HEADER_BYTES,
  decodeSnapshotHeader,
  encodeOffsetRecords,
  encodeSnapshotHeader,
  scanOffsetRecords,
} from './consumer-offsets-format.js';
import type { FlushMode } from './types.js';
import { startPeriodicTask } from './periodic-task.js';

export type { CommittedOffset, OffsetCommitEntry, OffsetKey } from './consumer-offsets-format.js';

export const CONSUMER_OFFSETS_DIR = 'consumer-offsets';
export const SNAPSHOT_FILE = 'snapshot.bin';
const JOURNAL_PATTERN = /^journal-(\d{20})\.log$/;
const journalName = (seq: number): string => `journal-${String(seq).padStart(20, '0')}.log`;

export const DEFAULT_OFFSETS_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const DEFAULT_SNAPSHOT_THRESHOLD_BYTES = 4 * 1024 * 1024;

export interface ConsumerOffsetsOptions {
  dataDir: string;
  /** sync: a commit's `durable` waits for the journal's fdatasync; async: fdatasync every flushIntervalMs. */
  flushMode: FlushMode;
  flushIntervalMs: number;
  /** How often expire() runs on its own. */
  expiryCheckIntervalMs: number;
  /** Kafka offsets.retention.ms: offsets of a group without members older than this are removed. */
  retentionMs: number;
  /** Journal bytes after which the flush timer writes a snapshot and starts a new journal. */
  snapshotThresholdBytes?: number;
  nowMs: () => number;
  log: Logger;
  /** Fault injection for tests; defaults to fs.writeSync. */
  writeSync?: (fd: number, buf: Buffer, offset: number, length: number, position: number) => number;
}

export type OffsetCommitOutcome =
  { status: 'ok'; durable: Promise<void> } | { status: 'storage-error'; message: string };

export type OffsetDeleteOutcome =
  { status: 'ok'; found: boolean } | { status: 'storage-error'; message: string };

/** Answers whether a group has live members (its offsets then never expire). */
export type GroupActivityCheck = (group: string) => boolean;

/**
 * Committed offsets, (group, topic, queueId) -> CommittedOffset, shared by both protocols. Kept in memory;
 * persisted as an append-only journal of CRC-checked records (one write per commit call) plus a snapshot
 * that lets old journals be deleted. See docs/formats/consumer-offsets.md.
 */
export class ConsumerOffsets {
  private readonly dir: string;
  private readonly opts: ConsumerOffsetsOptions;
  private readonly log: Logger;
  private readonly table = new OffsetTable();
  private readonly activityChecks = new Set<GroupActivityCheck>();
  private fd = -1;
  private journalSeq = 0;
  private journalBytes = 0;
  private dirty = false;
  private state: 'new' | 'open' | 'closed' = 'new';
  private timers: NodeJS.Timeout[] = [];
  /** Serialises fdatasyncs and snapshots. */
  private chain: Promise<void> = Promise.resolve();
  private nextSync: Promise<void> | null = null;

  constructor(opts: ConsumerOffsetsOptions) {
    this.opts = opts;
    this.dir = path.join(opts.dataDir, CONSUMER_OFFSETS_DIR);
    this.log = opts.log.child({ component: 'consumer-offsets' });
  }

  /** Loads the snapshot and replays the journals (dropping a torn tail), then compacts into a new snapshot. */
  async open(): Promise<void> {
    if (this.state !== 'new') throw new BrokerError('BRK_ERR_INVARIANT', 'consumer offsets open once');
    fs.mkdirSync(this.dir, { recursive: true });
    let covered = 0;
    const snapshotPath = path.join(this.dir, SNAPSHOT_FILE);
    if (fs.existsSync(snapshotPath)) {
      const buf = fs.readFileSync(snapshotPath);
      const seq = decodeSnapshotHeader(buf);
      const scan = seq === undefined ? undefined : scanOffsetRecords(buf, SNAPSHOT_HEADER_BYTES);
      if (seq === undefined || scan === undefined || scan.stopReason !== null) {
        throw new BrokerError(
          'BRK_ERR_STORE_METADATA_CORRUPT',
          `${snapshotPath}: ${scan?.stopReason ?? 'bad header'}`,
        );
      }
      covered = seq;
      for (const r of scan.records) this.table.apply(r);
    }
    const journals = fs
      .readdirSync(this.dir)
      .map((name) => JOURNAL_PATTERN.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    let replayed = 0;
    for (const seq of journals) {
      if (seq <= covered) continue;
      const file = path.join(this.dir, journalName(seq));
      const buf = fs.readFileSync(file);
      const scan = scanOffsetRecords(buf);
      for (const r of scan.records) this.table.apply(r);
      replayed += scan.records.length;
      if (scan.stopReason !== null) {
        this.log.warn(
          { file, validBytes: scan.validEnd, droppedBytes: buf.length - scan.validEnd, why: scan.stopReason },
          'dropping the torn tail of a consumer-offsets journal',
        );
      }
    }
    const lastSeq = Math.max(covered, journals[journals.length - 1] ?? 0);
    this.journalSeq = lastSeq + 1;
    this.fd = fs.openSync(path.join(this.dir, journalName(this.journalSeq)), 'w');
    this.journalBytes = 0;
    this.state = 'open';
    // Compact what was loaded: the snapshot covers every older journal, which then go.
    await this.writeSnapshot(lastSeq, this.encodeState());
    this.log.info({ groups: this.table.groups.size, replayedRecords: replayed }, 'consumer offsets loaded');
    this.startTimer(this.opts.flushIntervalMs, () => this.flushTick(), 'consumer offsets flush failed');
    this.startTimer(
      this.opts.expiryCheckIntervalMs,
      async () => void this.expire(),
      'consumer offsets expiry failed',
    );
  }

  /** Stops the timers, writes a final snapshot (leaving an empty journal) and closes the file. */
  async close(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closed';
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.enqueue(() => this.rotateAndSnapshot());
    fs.closeSync(this.fd);
    this.fd = -1;
  }

  /** Registers who knows about live members (Kafka groups, RocketMQ consumers); returns the unregister. */
  addActivityCheck(check: GroupActivityCheck): () => void {
    this.activityChecks.add(check);
    return () => this.activityChecks.delete(check);
  }

  /** Stores the offsets of one commit request with one synchronous journal write. */
  commit(group: string, entries: readonly OffsetCommitEntry[]): OffsetCommitOutcome {
    if (this.state !== 'open') return { status: 'storage-error', message: 'consumer offsets are closed' };
    if (entries.length === 0) return { status: 'ok', durable: Promise.resolve() };
    const record: OffsetRecord = { type: OffsetRecordType.Commit, group, entries: [...entries] };
    const written = this.writeRecords([record]);
    if (written !== null) return { status: 'storage-error', message: written };
    this.table.apply(record);
    return { status: 'ok', durable: this.durable() };
  }

  get(group: string, topic: string, queueId: number): CommittedOffset | undefined {
    return this.table.get(group, topic, queueId);
  }

  /** Every committed offset of a group, ordered by topic then queue. */
  list(group: string): OffsetCommitEntry[] {
    return this.table.list(group);
  }

  /** Groups that have at least one committed offset. */
  groups(): string[] {
    return [...this.table.groups.keys()];
  }

  hasGroup(group: string): boolean {
    return this.table.groups.has(group);
  }

  /** Removes every offset of a group (found: false when it had none). */
  deleteGroup(group: string): OffsetDeleteOutcome {
    if (!this.table.groups.has(group)) return { status: 'ok', found: false };
    if (this.state !== 'open') return { status: 'storage-error', message: 'consumer offsets are closed' };
    const record: OffsetRecord = { type: OffsetRecordType.DeleteGroup, group };
    const failed = this.writeRecords([record]);
    if (failed !== null) return { status: 'storage-error', message: failed };
    this.table.apply(record);
    return { status: 'ok', found: true };
  }

  /** Removes some offsets of a group (those not present are ignored). */
  deleteOffsets(group: string, keys: readonly OffsetKey[]): OffsetCommitOutcome {
    const present = keys.filter((k) => this.get(group, k.topic, k.queueId) !== undefined);
    if (present.length === 0) return { status: 'ok', durable: Promise.resolve() };
    if (this.state !== 'open') return { status: 'storage-error', message: 'consumer offsets are closed' };
    const record: OffsetRecord = { type: OffsetRecordType.DeleteOffsets, group, keys: present };
    const failed = this.writeRecords([record]);
    if (failed !== null) return { status: 'storage-error', message: failed };
    this.table.apply(record);
    return { status: 'ok', durable: this.durable() };
  }

  /** Removes a topic's offsets from every group (the topic was deleted). */
  deleteTopic(topic: string): void {
    let used = false;
    for (const byTopic of this.table.groups.values()) if (byTopic.has(topic)) used = true;
    if (!used || this.state !== 'open') return;
    const record: OffsetRecord = { type: OffsetRecordType.DeleteTopic, topic };
    const failed = this.writeRecords([record]);
    if (failed !== null) this.log.error({ topic, why: failed }, 'could not journal a topic deletion');
    this.table.apply(record);
  }

  /**
   * Kafka offsets retention: in groups without live members, offsets whose explicit expiry passed or whose
   * commit is older than retentionMs go. Returns how many were removed. The timer calls it.
   */
  expire(nowMs = this.opts.nowMs()): number {
    if (this.state !== 'open') return 0;
    const records: OffsetRecord[] = [];
    for (const [group, byTopic] of this.table.groups) {
      if (this.isActive(group)) continue;
      const keys: OffsetKey[] = [];
      for (const [topic, queues] of byTopic) {
        for (const [queueId, c] of queues) {
          const expiresAt = c.expireTimestampMs ?? c.commitTimestampMs + this.opts.retentionMs;
          if (expiresAt <= nowMs) keys.push({ topic, queueId });
        }
      }
      if (keys.length > 0) records.push({ type: OffsetRecordType.DeleteOffsets, group, keys });
    }
    if (records.length === 0) return 0;
    const failed = this.writeRecords(records);
    if (failed !== null) {
      this.log.error({ why: failed }, 'could not journal expired offsets');
      return 0;
    }
    let removed = 0;
    for (const r of records) {
      if (r.type === OffsetRecordType.DeleteOffsets) removed += r.keys.length;
      this.table.apply(r);
    }
    this.log.info({ removed }, 'expired committed offsets');
    return removed;
  }

  /** fdatasyncs the journal if anything was written since the last sync. */
  flush(): Promise<void> {
    return this.durable(true);
  }

  /** Writes a snapshot of the current state now and starts a new journal (tests; the timer does it by size). */
  snapshot(): Promise<void> {
    return this.enqueue(() => this.rotateAndSnapshot());
  }

  /** The current journal's size (tests and diagnostics). */
  get journalSize(): number {
    return this.journalBytes;
  }

  private isActive(group: string): boolean {
    for (const check of this.activityChecks) if (check(group)) return true;
    return false;
  }

  /** One write of the encoded records; null on success, else why (the journal is cut back). */
  private writeRecords(records: readonly OffsetRecord[]): string | null {
    const buf = encodeOffsetRecords(records);
    const write = this.opts.writeSync ?? fs.writeSync;
    try {
      let done = 0;
      while (done < buf.length) {
        done += write(this.fd, buf, done, buf.length - done, this.journalBytes + done);
      }
    } catch (err) {
      try {
        fs.ftruncateSync(this.fd, this.journalBytes);
      } catch {
        // the next open() drops the torn tail by its checksum anyway
      }
      this.log.error({ err }, 'consumer offsets journal write failed');
      return err instanceof Error ? err.message : String(err);
    }
    this.journalBytes += buf.length;
    this.dirty = true;
    return null;
  }

  private durable(force = false): Promise<void> {
    if (!force && this.opts.flushMode !== 'sync') return Promise.resolve();
    if (this.nextSync !== null) return this.nextSync;
    const run = this.enqueue(async () => {
      this.nextSync = null;
      await this.syncJournal();
    });
    this.nextSync = run;
    run.catch(() => undefined);
    return run;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.chain.then(task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async syncJournal(): Promise<void> {
    if (!this.dirty || this.fd < 0) return;
    this.dirty = false;
    const fd = this.fd;
    await new Promise<void>((resolve, reject) =>
      fs.fdatasync(fd, (err) =>
        err
          ? reject(
              new BrokerError('BRK_ERR_STORE_IO', 'fdatasync of the offsets journal failed', { cause: err }),
            )
          : resolve(),
      ),
    );
  }

  private async flushTick(): Promise<void> {
    await this.durable(true);
    const threshold = this.opts.snapshotThresholdBytes ?? DEFAULT_SNAPSHOT_THRESHOLD_BYTES;
    if (this.journalBytes >= threshold) await this.snapshot();
  }

  /** Runs on the chain: closes the current journal (synced), opens the next, snapshots the state. */
  private async rotateAndSnapshot(): Promise<void> {
    if (this.fd < 0) return;
    // An empty current journal stays open and is not covered (later writes go into it).
    const covered = this.journalBytes > 0 ? this.journalSeq : this.journalSeq - 1;
    const state = this.encodeState();
    if (this.journalBytes > 0) {
      fs.fdatasyncSync(this.fd);
      this.dirty = false;
      // Open the next journal before closing this one: if the open fails, writes go on into this one.
      const next = fs.openSync(path.join(this.dir, journalName(this.journalSeq + 1)), 'w');
      fs.closeSync(this.fd);
      this.fd = next;
      this.journalSeq += 1;
      this.journalBytes = 0;
    }
    await this.writeSnapshot(covered, state);
  }

  /** Writes the snapshot atomically, then deletes the journals it covers (never the open one). */
  private async writeSnapshot(covered: number, state: Buffer): Promise<void> {
    await writeFileAtomic(
      path.join(this.dir, SNAPSHOT_FILE),
      Buffer.concat([encodeSnapshotHeader(covered), state]),
    );
    let removed = false;
    for (const name of fs.readdirSync(this.dir)) {
      const m = JOURNAL_PATTERN.exec(name);
      if (m !== null && Number(m[1]) <= covered && Number(m[1]) !== this.journalSeq) {
        fs.rmSync(path.join(this.dir, name), { force: true });
        removed = true;
      }
    }
    if (removed) await syncDirectory(this.dir);
  }

  private encodeState(): Buffer {
    const records: OffsetRecord[] = [];
    for (const group of this.table.groups.keys()) {
      records.push({ type: OffsetRecordType.Commit, group, entries: this.list(group) });
    }
    return encodeOffsetRecords(records);
  }

  private startTimer(intervalMs: number, task: () => Promise<void>, failure: string): void {
    this.timers.push(startPeriodicTask(intervalMs, task, this.log, failure));
  }
}
