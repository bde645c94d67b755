import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../../logger.js';
import { decodeRocketMessage, formatProperties, parseProperties } from '../../../model/index.js';
import type { MessageStore } from '../../../store/index.js';
import type { RocketReply } from '../processor.js';
import { endTransactionProcessor } from '../processors/end-transaction.js';
import { sendMessageV2Processor } from '../processors/send-message.js';
import type { RemotingConnection, ServerRequestOutcome } from '../remoting-connection.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';
import type { RocketServices } from '../services.js';
import { TestStores, testRequest, testServices } from '../test-services.js';
import { TransactionChecker } from './transaction-checker.js';
import { TransactionLog } from './transaction-log.js';
import {
  CHECK_MAX_TIME_TOPIC,
  HALF_TOPIC,
  OP_TOPIC,
  TRANSACTION_PROGRESS_GROUP,
} from './transaction-topics.js';

const log = createSilentLogger();
const fixtures = new TestStores(log);
const TOPIC = 'orders';
const GROUP = 'pg-orders';

afterEach(() => fixtures.closeAll());

/** A producer connection that records the requests the broker pushes to it. */
class FakeProducerConnection implements RemotingConnection {
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort = 6000;
  isClosed = false;
  readonly requests: { code: number; extFields: Record<string, string>; body: Buffer | null }[] = [];
  constructor(readonly id: string) {}
  sendRequest(
    code: number,
    extFields: Record<string, string>,
    body: Buffer | null,
    options: { oneway: true },
  ): boolean;
  sendRequest(
    code: number,
    extFields: Record<string, string>,
    body: Buffer | null,
    options?: { oneway?: false },
  ): Promise<ServerRequestOutcome>;
  sendRequest(
    code: number,
    extFields: Record<string, string>,
    body: Buffer | null,
    options?: { oneway?: boolean },
  ): boolean | Promise<ServerRequestOutcome> {
    if (options?.oneway !== true) return Promise.resolve({ status: 'closed' });
    if (this.isClosed) return false;
    this.requests.push({ code, extFields, body });
    return true;
  }
  close(): void {
    this.isClosed = true;
  }
}

interface World {
  store: MessageStore;
  services: RocketServices;
  tx: TransactionLog;
  clock: { now: number };
}

async function openWorld(dir: string, clock: { now: number }): Promise<World> {
  const store = await fixtures.openAt(dir);
  if (store.getTopic(TOPIC) === undefined) await store.createTopic(TOPIC, 2, {});
  const services = testServices(store, { nowMs: () => clock.now });
  const tx = new TransactionLog(services, log);
  services.transactions = tx;
  return { store, services, tx, clock };
}

async function freshWorld(): Promise<World & { dir: string }> {
  const dir = fixtures.tempDir();
  return { dir, ...(await openWorld(dir, { now: 1_000_000 })) };
}

async function run(
  services: RocketServices,
  processor: typeof sendMessageV2Processor,
  extFields: Record<string, string>,
  body: Buffer | null = null,
): Promise<RocketReply> {
  return processor.process(testRequest(services, log, processor.code, extFields, body));
}

/** Sends a transactional message (SEND_MESSAGE_V2 with TRAN_MSG=true), as a Java producer does. */
async function sendHalf(w: World, body: string, queueId = 1, extra: Record<string, string> = {}) {
  const properties = formatProperties(
    new Map(Object.entries({ TRAN_MSG: 'true', PGROUP: GROUP, TAGS: 'T', UNIQ_KEY: `uk-${body}`, ...extra })),
  );
  const reply = await run(
    w.services,
    sendMessageV2Processor,
    {
      a: GROUP,
      b: TOPIC,
      c: 'TBW102',
      d: '4',
      e: String(queueId),
      f: '4', // TRANSACTION_PREPARED_TYPE
      g: String(w.clock.now),
      h: '0',
      i: properties,
      j: '0',
      k: 'false',
    },
    Buffer.from(body),
  );
  expect(reply.code, reply.remark ?? '').toBe(ResponseCode.SUCCESS);
  const ext = reply.extFields ?? {};
  return {
    msgId: ext['msgId'] ?? '',
    queueOffset: Number(ext['queueOffset']),
    commitLogOffset: BigInt.asIntN(64, BigInt(`0x${(ext['msgId'] ?? '').slice(-16)}`)).toString(),
  };
}

function endTx(
  w: World,
  at: { queueOffset: number; commitLogOffset: string; msgId?: string },
  commitOrRollback: 8 | 12 | 0,
  group = GROUP,
): Promise<RocketReply> {
  return run(w.services, endTransactionProcessor, {
    producerGroup: group,
    tranStateTableOffset: String(at.queueOffset),
    commitLogOffset: at.commitLogOffset,
    commitOrRollback: String(commitOrRollback),
    fromTransactionCheck: 'false',
    msgId: at.msgId ?? 'x',
  });
}

async function readAll(store: MessageStore, topic: string, queueId = 0) {
  const read = await store.read(topic, queueId, 0, { maxBytes: 1 << 20, atLeastOne: true });
  if (read.status !== 'ok') return [];
  return read.entries.map((e) => decodeRocketMessage(e.payload).message);
}

describe('transactional send and END_TRANSACTION', () => {
  it('stores a half message in the half topic only, with its real topic and queue in properties', async () => {
    const w = await freshWorld();
    const sent = await sendHalf(w, 'order-1', 1);
    expect(await readAll(w.store, TOPIC, 1)).toEqual([]);
    const [half] = await readAll(w.store, HALF_TOPIC);
    expect(half?.topic).toBe(HALF_TOPIC);
    expect(half?.queueId).toBe(0);
    expect((half?.sysFlag ?? -1) & 0xc).toBe(0);
    expect(sent.queueOffset).toBe(0);
    const props = parseProperties(half?.properties ?? '');
    expect(props.get('REAL_TOPIC')).toBe(TOPIC);
    expect(props.get('REAL_QID')).toBe('1');
    expect(props.get('TRAN_MSG')).toBe('true');
  });

  it('commit stores the real message once (properties cleaned, COMMIT type) and an op record', async () => {
    const w = await freshWorld();
    const sent = await sendHalf(w, 'order-2', 1);
    expect((await endTx(w, sent, 8)).code).toBe(ResponseCode.SUCCESS);
    const delivered = await readAll(w.store, TOPIC, 1);
    expect(delivered.map((m) => m.body.toString())).toEqual(['order-2']);
    const m = delivered[0];
    const props = parseProperties(m?.properties ?? '');
    expect(props.has('TRAN_MSG')).toBe(false);
    expect(props.has('REAL_TOPIC')).toBe(false);
    expect(props.has('REAL_QID')).toBe(false);
    expect(props.get('PGROUP')).toBe(GROUP);
    expect(props.get('TAGS')).toBe('T');
    expect((m?.sysFlag ?? 0) & 0xc).toBe(0x8);
    expect(m?.preparedTransactionOffset.toString()).toBe(sent.commitLogOffset);
    const ops = await readAll(w.store, OP_TOPIC);
    expect(ops.map((o) => o.body.toString())).toEqual(['0']);
    expect(parseProperties(ops[0]?.properties ?? '').get('TAGS')).toBe('d');
    // A second commit (a late answer to a check, say) is acknowledged and stores nothing more.
    expect((await endTx(w, sent, 8)).code).toBe(ResponseCode.SUCCESS);
    expect(await readAll(w.store, TOPIC, 1)).toHaveLength(1);
    expect(await readAll(w.store, OP_TOPIC)).toHaveLength(1);
  });

  it('rollback stores only the op record; unknown (0) leaves the half message alone', async () => {
    const w = await freshWorld();
    const a = await sendHalf(w, 'a');
    const b = await sendHalf(w, 'b');
    expect((await endTx(w, a, 12)).code).toBe(ResponseCode.SUCCESS);
    expect((await endTx(w, b, 0)).code).toBe(ResponseCode.SUCCESS);
    expect(await readAll(w.store, TOPIC, 1)).toEqual([]);
    expect((await readAll(w.store, OP_TOPIC)).map((o) => o.body.toString())).toEqual(['0']);
    expect(w.tx.isResolved(0)).toBe(true);
    expect(w.tx.isResolved(1)).toBe(false);
    // Committing after a rollback does not resurrect it.
    await endTx(w, a, 8);
    expect(await readAll(w.store, TOPIC, 1)).toEqual([]);
  });

  it('refuses a wrong producer group, a wrong commit-log offset and an unknown half offset', async () => {
    const w = await freshWorld();
    const sent = await sendHalf(w, 'c');
    expect(await endTx(w, sent, 8, 'other-group')).toMatchObject({
      code: ResponseCode.SYSTEM_ERROR,
      remark: 'The producer group wrong',
    });
    expect(await endTx(w, { ...sent, commitLogOffset: '12345' }, 8)).toMatchObject({
      code: ResponseCode.SYSTEM_ERROR,
      remark: 'The commit log offset wrong',
    });
    expect(await endTx(w, { ...sent, queueOffset: 7 }, 8)).toMatchObject({
      code: ResponseCode.SYSTEM_ERROR,
      remark: 'Find prepared transaction message failed',
    });
    expect((await endTx(w, sent, 5 as 8)).code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(await readAll(w.store, TOPIC, 1)).toEqual([]);
  });
});

describe('transaction checker', () => {
  const options = { intervalMs: 1000, timeoutMs: 6000, checkMax: 3 };

  it('creates no system topics on a broker that never saw a transaction', async () => {
    const w = await freshWorld();
    const checker = new TransactionChecker(w.services, w.tx, options, log);
    expect(await checker.checkOnce()).toMatchObject({ checked: 0 });
    expect(await endTx(w, { queueOffset: 0, commitLogOffset: '0' }, 8)).toMatchObject({
      code: ResponseCode.SYSTEM_ERROR,
      remark: 'Find prepared transaction message failed',
    });
    expect(w.store.getTopic(HALF_TOPIC)).toBeUndefined();
    expect(w.store.getTopic(OP_TOPIC)).toBeUndefined();
  });

  function producer(w: World): FakeProducerConnection {
    const c = new FakeProducerConnection('broker#9');
    w.services.clients.connectionOpened(c);
    w.services.clients.heartbeat(c.id, '10.0.0.1@1', [GROUP], []);
    return c;
  }

  it('waits for the timeout, then asks a live producer about a re-appended copy, and the answer resolves it', async () => {
    const w = await freshWorld();
    const p = producer(w);
    const checker = new TransactionChecker(w.services, w.tx, options, log);
    const sent = await sendHalf(w, 'd', 1);
    w.clock.now += 1000;
    expect(await checker.checkOnce()).toMatchObject({ checked: 0 });
    expect(p.requests).toEqual([]);
    w.clock.now += 6000;
    expect(await checker.checkOnce()).toMatchObject({ checked: 1 });
    expect(p.requests).toHaveLength(1);
    const check = p.requests[0];
    expect(check?.code).toBe(RequestCode.CHECK_TRANSACTION_STATE);
    // The copy sits at the end of the half queue; the request names it.
    expect(check?.extFields['tranStateTableOffset']).toBe('1');
    expect(check?.extFields['msgId']).toBe('uk-d');
    expect(check?.extFields['transactionId']).toBe('uk-d');
    const body = decodeRocketMessage(check?.body ?? Buffer.alloc(0)).message;
    expect(body.topic).toBe(TOPIC);
    expect(body.queueId).toBe(1);
    expect(body.queueOffset).toBe(1n);
    expect(body.body.toString()).toBe('d');
    expect(parseProperties(body.properties).get('TRANSACTION_CHECK_TIMES')).toBe('1');
    expect(body.physicalOffset.toString()).toBe(check?.extFields['commitLogOffset']);
    expect(w.tx.halfProgress).toBe(1);
    // The producer answers with END_TRANSACTION for the copy (fromTransactionCheck): committed once.
    const answer = await run(w.services, endTransactionProcessor, {
      producerGroup: GROUP,
      tranStateTableOffset: check?.extFields['tranStateTableOffset'] ?? '',
      commitLogOffset: check?.extFields['commitLogOffset'] ?? '',
      commitOrRollback: '8',
      fromTransactionCheck: 'true',
      msgId: 'uk-d',
    });
    expect(answer.code).toBe(ResponseCode.SUCCESS);
    expect((await readAll(w.store, TOPIC, 1)).map((m) => m.body.toString())).toEqual(['d']);
    // The op record names the first half message; a late commit of the original is not stored again.
    expect((await readAll(w.store, OP_TOPIC)).map((o) => o.body.toString())).toEqual(['0']);
    await endTx(w, sent, 8);
    expect(await readAll(w.store, TOPIC, 1)).toHaveLength(1);
    w.clock.now += 60_000;
    expect(await checker.checkOnce()).toMatchObject({ checked: 0, resolved: 1 });
    expect(p.requests).toHaveLength(1);
    expect(w.tx.halfProgress).toBe(2);
    expect(w.tx.pendingOps).toBe(0);
    const saved = w.store.consumerOffsets;
    expect(saved.get(TRANSACTION_PROGRESS_GROUP, HALF_TOPIC, 0)?.offset).toBe(2);
    expect(saved.get(TRANSACTION_PROGRESS_GROUP, OP_TOPIC, 0)?.offset).toBe(1);
  });

  it('passes resolved half messages and stops at the first young one', async () => {
    const w = await freshWorld();
    producer(w);
    const checker = new TransactionChecker(w.services, w.tx, options, log);
    const a = await sendHalf(w, 'a');
    await endTx(w, a, 12);
    w.clock.now += 10_000;
    await sendHalf(w, 'young');
    w.clock.now += 10;
    expect(await checker.checkOnce()).toMatchObject({ resolved: 1, checked: 0 });
    expect(w.tx.halfProgress).toBe(1);
  });

  it('moves a half message to TRANS_CHECK_MAX_TIME_TOPIC after transactionCheckMax checks', async () => {
    const w = await freshWorld();
    const p = producer(w);
    const checker = new TransactionChecker(w.services, w.tx, options, log);
    await sendHalf(w, 'never-answered');
    for (let i = 1; i <= options.checkMax; i++) {
      w.clock.now += 7000;
      expect(await checker.checkOnce(), `pass ${i}`).toMatchObject({ checked: 1, discarded: 0 });
    }
    w.clock.now += 7000;
    expect(await checker.checkOnce()).toMatchObject({ checked: 0, discarded: 1 });
    expect(
      p.requests.map((r) =>
        parseProperties(decodeRocketMessage(r.body ?? Buffer.alloc(0)).message.properties).get(
          'TRANSACTION_CHECK_TIMES',
        ),
      ),
    ).toEqual(['1', '2', '3']);
    const discarded = await readAll(w.store, CHECK_MAX_TIME_TOPIC);
    expect(discarded.map((m) => m.body.toString())).toEqual(['never-answered']);
    expect(parseProperties(discarded[0]?.properties ?? '').get('REAL_TOPIC')).toBe(TOPIC);
    expect(await readAll(w.store, TOPIC, 1)).toEqual([]);
    w.clock.now += 7000;
    expect(await checker.checkOnce()).toMatchObject({ checked: 0, discarded: 0 });
    // A commit arriving after the discard is acknowledged but not stored.
    const last = p.requests.at(-1);
    const late = await run(w.services, endTransactionProcessor, {
      producerGroup: GROUP,
      tranStateTableOffset: last?.extFields['tranStateTableOffset'] ?? '',
      commitLogOffset: last?.extFields['commitLogOffset'] ?? '',
      commitOrRollback: '8',
      fromTransactionCheck: 'true',
      msgId: 'x',
    });
    expect(late.code).toBe(ResponseCode.SUCCESS);
    expect(await readAll(w.store, TOPIC, 1)).toEqual([]);
  });

  it('counts a check without a live producer, and a message with CHECK_IMMUNITY_TIME_IN_SECONDS waits its own time', async () => {
    const w = await freshWorld();
    const checker = new TransactionChecker(w.services, w.tx, options, log);
    await sendHalf(w, 'immune', 1, { CHECK_IMMUNITY_TIME_IN_SECONDS: '60' });
    await sendHalf(w, 'plain');
    w.clock.now += 7000;
    // The immune message moves to the end of the queue; the plain one is checked, but nobody listens.
    expect(await checker.checkOnce()).toMatchObject({ deferred: 1, noProducer: 1 });
    w.clock.now += 60_000;
    const p = producer(w);
    const r = await checker.checkOnce();
    expect(r.checked).toBe(2);
    expect(
      p.requests.map((q) => decodeRocketMessage(q.body ?? Buffer.alloc(0)).message.body.toString()).sort(),
    ).toEqual(['immune', 'plain']);
  });

  it('keeps its state across a restart: progress, op records and copies', async () => {
    const w = await freshWorld();
    let p = producer(w);
    let checker = new TransactionChecker(w.services, w.tx, options, log);
    await sendHalf(w, 'x');
    await sendHalf(w, 'y');
    w.clock.now += 7000;
    await checker.checkOnce();
    expect(p.requests).toHaveLength(2);
    // The producer commits x through its check copy, then the broker restarts before another pass.
    const copyOfX = p.requests.find(
      (r) => decodeRocketMessage(r.body ?? Buffer.alloc(0)).message.body.toString() === 'x',
    );
    await endTx(
      w,
      {
        queueOffset: Number(copyOfX?.extFields['tranStateTableOffset']),
        commitLogOffset: copyOfX?.extFields['commitLogOffset'] ?? '',
      },
      8,
    );
    await fixtures.close(w.store);
    const again = await openWorld(w.dir, w.clock);
    p = producer(again);
    checker = new TransactionChecker(again.services, again.tx, options, log);
    w.clock.now += 7000;
    const r = await checker.checkOnce();
    // x is resolved (its op record names its root); y is asked about again, nothing is committed twice.
    expect(r).toMatchObject({ checked: 1, resolved: 1 });
    expect(
      p.requests.map((q) => decodeRocketMessage(q.body ?? Buffer.alloc(0)).message.body.toString()),
    ).toEqual(['y']);
    expect((await readAll(again.store, TOPIC, 1)).map((m) => m.body.toString())).toEqual(['x']);
    await endTx(
      again,
      {
        queueOffset: 0,
        commitLogOffset: (await readAll(again.store, HALF_TOPIC))[0]?.physicalOffset.toString() ?? '',
      },
      8,
    );
    expect(await readAll(again.store, TOPIC, 1)).toHaveLength(1);
  });
});
