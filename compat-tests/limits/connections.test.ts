/**
 * Connection limits:
 * - `maxConnections`: a connection beyond the cap is closed at once; the existing ones keep working, and
 *   a slot freed by a close is reused (Kafka and remoting listeners).
 * - 10,000 idle Kafka connections plus 1,000 idle remoting connections held open at once: a kafkajs
 *   producer is still served, and the broker's RSS growth per connection is reported
 *   (docs/performance.md, "Limits"). File-descriptor limits are raised with prlimit when needed.
 */
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers } from '../harness/broker.js';
import { kafkajsClient } from '../harness/clients/kafkajs.js';
import { createTopic } from '../harness/group-admin.js';
import { RawConnection, decodeApiVersionsV0, encodeRequest } from '../harness/raw-kafka.js';
import { rssBytes } from '../harness/process-rss.js';
import { RemotingClient } from '../harness/remoting-client.js';

const IDLE_KAFKA = 10_000;
const IDLE_REMOTING = 1_000;

afterAll(async () => {
  await stopAllBrokers();
});

async function apiVersionsOk(c: RawConnection, correlationId: number): Promise<boolean> {
  c.write(encodeRequest(18, 0, correlationId, Buffer.alloc(0)));
  const frame = await c.readFrame(5000).catch(() => null);
  return frame !== null && decodeApiVersionsV0(frame).correlationId === correlationId;
}

/** Raises a process's open-file soft limit to at least `want` (up to its hard limit) with prlimit. */
function raiseNoFile(pid: number, want: number): number {
  const read = (): [number, number] => {
    const out = execFileSync('prlimit', [
      '--pid',
      String(pid),
      '--nofile',
      '--noheadings',
      '--raw',
      '--output=SOFT,HARD',
    ])
      .toString()
      .trim()
      .split(/\s+/)
      .map((v) => (v === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(v)));
    return [out[0] ?? 0, out[1] ?? 0];
  };
  const [soft, hard] = read();
  if (soft >= want) return soft;
  const target = Math.min(hard, Math.max(want, soft));
  execFileSync('prlimit', ['--pid', String(pid), `--nofile=${target}:${hard}`]);
  return read()[0];
}

/** Opens `n` plain connections, `parallel` at a time; each must complete its TCP handshake. */
async function openMany(port: number, n: number, parallel = 500): Promise<net.Socket[]> {
  const sockets: net.Socket[] = [];
  for (let at = 0; at < n; at += parallel) {
    const batch = await Promise.all(
      Array.from(
        { length: Math.min(parallel, n - at) },
        () =>
          new Promise<net.Socket>((resolve, reject) => {
            const s = net.connect({ host: '127.0.0.1', port });
            s.once('connect', () => resolve(s));
            s.once('error', reject);
          }),
      ),
    );
    for (const s of batch) s.on('error', () => undefined);
    sockets.push(...batch);
  }
  return sockets;
}

describe('maxConnections', () => {
  it('closes the connection beyond the cap at once; the others keep working; a freed slot is reused', async () => {
    const broker = await startBroker({ label: 'limits-maxconn', extraArgs: ['--max-connections', '5'] });
    const open: RawConnection[] = [];
    for (let i = 0; i < 5; i++) open.push(await RawConnection.open(broker.host, broker.port));
    for (const [i, c] of open.entries()) expect(await apiVersionsOk(c, i)).toBe(true);
    const extra = await RawConnection.open(broker.host, broker.port);
    expect(await extra.waitClosed(1000), 'the sixth connection is closed at once').toBe(true);
    for (const [i, c] of open.entries()) expect(await apiVersionsOk(c, 100 + i)).toBe(true);
    open.pop()?.close();
    await new Promise((r) => setTimeout(r, 100));
    const reused = await RawConnection.open(broker.host, broker.port);
    expect(await apiVersionsOk(reused, 200)).toBe(true);
    reused.close();
    // the same cap on the remoting port
    const rocket: RemotingClient[] = [];
    for (let i = 0; i < 5; i++) rocket.push(await RemotingClient.open(broker.host, broker.remotingPort));
    const over = await RemotingClient.open(broker.host, broker.remotingPort);
    expect(await over.closedWithin(1000)).toBe(true);
    expect((await rocket[0]?.request(30, { topic: 'none', queueId: '0' }))?.code).toBeTypeOf('number');
    for (const c of [...open, ...rocket]) c.close();
    await broker.stop();
  });
});

describe(`${IDLE_KAFKA} idle Kafka connections and ${IDLE_REMOTING} idle remoting connections`, () => {
  it('are held open while a kafkajs producer is still served; RSS per connection reported', async () => {
    const need = IDLE_KAFKA + IDLE_REMOTING + 1000;
    const own = raiseNoFile(process.pid, need);
    expect(
      own,
      `open-file limit of the test process (raise the hard limit to ${need})`,
    ).toBeGreaterThanOrEqual(need);
    const broker = await startBroker({
      label: 'limits-idle',
      extraArgs: ['--max-connections', String(IDLE_KAFKA + 100)],
    });
    const pid = broker.pid as number;
    expect(raiseNoFile(pid, need), 'open-file limit of the broker').toBeGreaterThanOrEqual(need);
    const topic = 'limits-idle-topic';
    await createTopic(broker.bootstrap, topic, 1);
    const producer = kafkajsClient(broker.bootstrap).producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ value: 'warm-up' }] });
    await new Promise((r) => setTimeout(r, 500));
    const before = rssBytes(pid);
    const started = Date.now();
    const kafka = await openMany(broker.port, IDLE_KAFKA);
    const rocket = await openMany(broker.remotingPort, IDLE_REMOTING);
    const openedMs = Date.now() - started;
    try {
      await new Promise((r) => setTimeout(r, 1000));
      const after = rssBytes(pid);
      // Every connection is live on the broker side: none was closed by the cap or by errors.
      expect(kafka.filter((s) => s.destroyed || s.readyState !== 'open').length).toBe(0);
      expect(rocket.filter((s) => s.destroyed || s.readyState !== 'open').length).toBe(0);
      // A sample of the idle connections still answers.
      for (const i of [0, 1234, 5000, IDLE_KAFKA - 1]) {
        const s = kafka[i] as net.Socket;
        const got = new Promise<Buffer>((resolve) => s.once('data', resolve));
        s.write(encodeRequest(18, 0, i, Buffer.alloc(0)));
        const frame = await got;
        expect(frame.readInt32BE(4)).toBe(i);
      }
      // The producer keeps working.
      const sendStarted = Date.now();
      for (let i = 0; i < 20; i++) {
        const r = await producer.send({ topic, acks: -1, messages: [{ value: `during-${i}` }] });
        expect(r[0]?.errorCode).toBe(0);
      }
      const sendMs = Date.now() - sendStarted;
      const total = IDLE_KAFKA + IDLE_REMOTING;
      const perConnection = (after - before) / total;
      console.log(
        `[limits] ${total} idle connections opened in ${openedMs} ms; broker RSS ${(before / 2 ** 20).toFixed(1)} MiB -> ` +
          `${(after / 2 ** 20).toFixed(1)} MiB (${(perConnection / 1024).toFixed(2)} KiB per connection); ` +
          `20 acks=all sends meanwhile took ${sendMs} ms`,
      );
      // A generous bound: an idle connection must not cost more than 64 KiB of broker memory.
      expect(perConnection).toBeLessThan(64 * 1024);
    } finally {
      for (const s of [...kafka, ...rocket]) s.destroy();
      await producer.disconnect();
    }
    expect(broker.running).toBe(true);
    await broker.stop();
  });
});
