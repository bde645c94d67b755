import type { Logger } from 'pino';
import { BrokerError } from '../errors.js';

interface Waiter {
  target: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Group commit for flush mode `sync`: appends wait for an fdatasync that covers their last byte. One sync
 * runs at a time; the appends that arrive meanwhile share the next one.
 */
export class GroupCommit {
  private readonly syncFn: () => Promise<number>;
  private readonly log: Logger;
  private waiters: Waiter[] = [];
  private running = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: (() => void) | null = null;

  /** `syncFn` writes pending bytes, fsyncs, and returns the log position it covered. */
  constructor(syncFn: () => Promise<number>, log: Logger) {
    this.syncFn = syncFn;
    this.log = log;
  }

  /** Resolves once an fdatasync covered every byte before `endPosition`. */
  waitDurable(endPosition: number): Promise<void> {
    const promise = new Promise<void>((resolve, reject) => {
      this.waiters.push({ target: endPosition, resolve, reject });
    });
    promise.catch(() => undefined); // callers may ignore it; never an unhandled rejection
    this.schedule();
    return promise;
  }

  /** A write failed: the entries at or after `position` are gone, so their waiters fail. */
  rejectFrom(position: number, error: BrokerError): void {
    const keep: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.target > position) w.reject(error);
      else keep.push(w);
    }
    this.waiters = keep;
  }

  /** Resolves when no sync is running and nobody waits. */
  whenIdle(): Promise<void> {
    return this.idle;
  }

  private schedule(): void {
    if (this.running) return;
    this.running = true;
    if (this.markIdle === null) {
      this.idle = new Promise((resolve) => {
        this.markIdle = resolve;
      });
    }
    // After the current turn's appends, so that they share this sync.
    setImmediate(() => void this.round());
  }

  private async round(): Promise<void> {
    const inRound = this.waiters.length;
    try {
      const covered = await this.syncFn();
      const keep: Waiter[] = [];
      for (const w of this.waiters) {
        if (w.target <= covered) w.resolve();
        else keep.push(w);
      }
      this.waiters = keep;
    } catch (err) {
      const error =
        err instanceof BrokerError
          ? err
          : new BrokerError('BRK_ERR_STORE_IO', 'group commit failed', { cause: err });
      // The commit log logs its fail-stop fsync failure itself, once.
      if (error.code !== 'BRK_ERR_STORE_FSYNC_FAILED')
        this.log.error({ err: error }, 'group commit fsync failed');
      for (const w of this.waiters.splice(0, inRound)) w.reject(error);
    }
    this.running = false;
    if (this.waiters.length > 0) this.schedule();
    else {
      this.markIdle?.();
      this.markIdle = null;
    }
  }
}
