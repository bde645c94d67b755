import type { Logger } from 'pino';
import { BrokerError } from '../errors.js';

interface Waiter {
  target: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Group commit for flush mode `sync`: appends wait for an fdatasync that covers their last byte. One sync
 * runs at a time (on the libuv pool, so appends keep being written meanwhile); the appends that arrive
 * meanwhile share the next one, which starts as soon as the running one completes, before its acks are
 * released, so that the disk does not wait for the event loop.
 */
export class GroupCommit {
  private readonly syncFn: () => Promise<number>;
  private readonly log: Logger;
  /** Waiting for a sync that has not started yet. */
  private waiters: Waiter[] = [];
  /** Covered by the sync that is running. */
  private inFlight: Waiter[] = [];
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
    if (!this.running) this.schedule();
    return promise;
  }

  /** A write failed: the entries at or after `position` are gone, so their waiters fail. */
  rejectFrom(position: number, error: BrokerError): void {
    const keep = (list: Waiter[]): Waiter[] => {
      const kept: Waiter[] = [];
      for (const w of list) {
        if (w.target > position) w.reject(error);
        else kept.push(w);
      }
      return kept;
    };
    this.waiters = keep(this.waiters);
    this.inFlight = keep(this.inFlight);
  }

  /** Resolves when no sync is running and nobody waits. */
  whenIdle(): Promise<void> {
    return this.idle;
  }

  /** The first sync after an idle spell waits for the current turn's appends, so that they share it. */
  private schedule(): void {
    this.running = true;
    if (this.markIdle === null) {
      this.idle = new Promise((resolve) => {
        this.markIdle = resolve;
      });
    }
    setImmediate(() => this.startRound());
  }

  private startRound(): void {
    const round = this.waiters;
    this.waiters = [];
    this.inFlight = round;
    let result: Promise<number>;
    try {
      result = this.syncFn();
    } catch (err) {
      result = Promise.reject(err);
    }
    result.then(
      (covered) => this.finish(covered),
      (err: unknown) => this.fail(err),
    );
  }

  private finish(covered: number): void {
    const round = this.inFlight;
    this.inFlight = [];
    const done: Waiter[] = [];
    const later: Waiter[] = [];
    for (const w of round) (w.target <= covered ? done : later).push(w);
    if (later.length > 0) this.waiters = later.concat(this.waiters);
    // The next sync first: it covers what was written while this one ran, and the disk works on it
    // while this round's acks go out.
    this.next();
    for (const w of done) w.resolve();
  }

  private fail(err: unknown): void {
    const round = this.inFlight;
    this.inFlight = [];
    const error =
      err instanceof BrokerError
        ? err
        : new BrokerError('BRK_ERR_STORE_IO', 'group commit failed', { cause: err });
    // The commit log logs its fail-stop fsync failure itself, once.
    if (error.code !== 'BRK_ERR_STORE_FSYNC_FAILED')
      this.log.error({ err: error }, 'group commit fsync failed');
    for (const w of round) w.reject(error);
    this.next();
  }

  private next(): void {
    if (this.waiters.length > 0) {
      this.startRound();
      return;
    }
    this.running = false;
    this.markIdle?.();
    this.markIdle = null;
  }
}
