import { describe, expect, it } from 'vitest';
import { BrokerError } from '../errors.js';
import { createSilentLogger } from '../logger.js';
import { GroupCommit } from './group-commit.js';

/** A sync function under the test's control: each call is held until the test completes it. */
class FakeLog {
  written = 0;
  readonly calls: { covers: number; complete: () => void; fail: (err: Error) => void }[] = [];
  readonly events: string[] = [];

  readonly sync = (): Promise<number> => {
    const covers = this.written;
    this.events.push(`sync ${covers}`);
    return new Promise<number>((resolve, reject) => {
      this.calls.push({ covers, complete: () => resolve(covers), fail: reject });
    });
  };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function track(p: Promise<void>): { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } {
  const t: { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } = { state: 'pending' };
  p.then(
    () => (t.state = 'resolved'),
    (err: unknown) => {
      t.state = 'rejected';
      t.error = err;
    },
  );
  return t;
}

describe('GroupCommit', () => {
  it('one sync covers every append of the turn, and nothing resolves before it completes', async () => {
    const log = new FakeLog();
    const gc = new GroupCommit(log.sync, createSilentLogger());
    const waits = [];
    for (let i = 1; i <= 100; i++) {
      log.written = i * 1000;
      waits.push(track(gc.waitDurable(i * 1000)));
    }
    await turn();
    await turn();
    expect(log.calls).toHaveLength(1);
    expect(waits.every((w) => w.state === 'pending')).toBe(true);
    log.calls[0]?.complete();
    await turn();
    expect(waits.every((w) => w.state === 'resolved')).toBe(true);
    expect(log.calls).toHaveLength(1);
    await gc.whenIdle();
  });

  it('starts the next sync as soon as the running one completes, before releasing its acks', async () => {
    const log = new FakeLog();
    const gc = new GroupCommit(log.sync, createSilentLogger());
    log.written = 100;
    const first = gc.waitDurable(100);
    first.then(
      () => log.events.push('ack 100'),
      () => undefined,
    );
    await turn();
    expect(log.calls).toHaveLength(1);
    // Appends written while the first sync runs wait for the second one.
    log.written = 300;
    const second = track(gc.waitDurable(200));
    const third = track(gc.waitDurable(300));
    await turn();
    expect(log.calls).toHaveLength(1);
    log.calls[0]?.complete();
    await first;
    // No event-loop turn in between: the second sync was started before the first round's ack ran.
    expect(log.events).toEqual(['sync 100', 'sync 300', 'ack 100']);
    expect(second.state).toBe('pending');
    log.calls[1]?.complete();
    await turn();
    expect([second.state, third.state]).toEqual(['resolved', 'resolved']);
    await gc.whenIdle();
  });

  it('keeps a waiter whose bytes a sync did not cover for the next sync', async () => {
    const log = new FakeLog();
    const gc = new GroupCommit(log.sync, createSilentLogger());
    log.written = 50; // the sync covers 50, the waiter needs 80
    const w = track(gc.waitDurable(80));
    await turn();
    log.written = 80;
    log.calls[0]?.complete();
    await turn();
    expect(w.state).toBe('pending');
    expect(log.calls).toHaveLength(2);
    log.calls[1]?.complete();
    await turn();
    expect(w.state).toBe('resolved');
  });

  it('a failed sync rejects its round; appends that came later get a sync of their own', async () => {
    const log = new FakeLog();
    const gc = new GroupCommit(log.sync, createSilentLogger());
    log.written = 10;
    const a = track(gc.waitDurable(10));
    await turn();
    log.written = 20;
    const b = track(gc.waitDurable(20));
    log.calls[0]?.fail(new BrokerError('BRK_ERR_STORE_FSYNC_FAILED', 'EIO'));
    await turn();
    expect(a.state).toBe('rejected');
    expect((a.error as BrokerError).code).toBe('BRK_ERR_STORE_FSYNC_FAILED');
    expect(b.state).toBe('pending');
    expect(log.calls).toHaveLength(2);
    log.calls[1]?.fail(new Error('EIO again'));
    await turn();
    expect(b.state).toBe('rejected');
    expect((b.error as BrokerError).code).toBe('BRK_ERR_STORE_IO');
    await gc.whenIdle();
  });

  it('rejectFrom fails the waiters after a lost write, running sync or not, and keeps the others', async () => {
    const log = new FakeLog();
    const gc = new GroupCommit(log.sync, createSilentLogger());
    log.written = 30;
    const kept = track(gc.waitDurable(10));
    const lostInFlight = track(gc.waitDurable(30));
    await turn();
    const lostQueued = track(gc.waitDurable(40));
    const error = new BrokerError('BRK_ERR_STORE_DISK_FULL', 'ENOSPC');
    gc.rejectFrom(10, error);
    await turn();
    expect([lostInFlight.state, lostQueued.state]).toEqual(['rejected', 'rejected']);
    expect(kept.state).toBe('pending');
    log.calls[0]?.complete();
    await turn();
    expect(kept.state).toBe('resolved');
    expect(log.calls).toHaveLength(1); // nobody left to sync for
    await gc.whenIdle();
  });
});
