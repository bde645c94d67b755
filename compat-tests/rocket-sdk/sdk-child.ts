/**
 * A RocketMQ SDK client in its own process, for tests that SIGKILL it (run with `node --import tsx`):
 *
 * - `tx-unknown <json>`: a transactional producer sends every body of `bodies` as a half message, its
 *   local transaction answers UNKNOW (checks too), prints `SENT <json result>` per message, then
 *   `READY` and waits to be killed.
 * - `orderly <json>`: an orderly push consumer that prints `MSG <json>` (queue, offset, key, step) for
 *   every message before returning SUCCESS, sleeping `delayMs` per message.
 *
 * Lines go to stdout with writeSync, so whatever the parent read was printed before the listener returned.
 */
import { writeSync } from 'node:fs';
import { ConsumeOrderlyStatus, PushConsumer, TransactionProducer } from '../../src/index.js';

const say = (line: string): void => {
  writeSync(1, `${line}\n`);
};

interface TxArgs {
  nameServers: string;
  group: string;
  topic: string;
  bodies: string[];
  instanceName: string;
}

interface OrderlyArgs {
  nameServers: string;
  group: string;
  topic: string;
  delayMs: number;
  instanceName: string;
  lockIntervalMs: number;
  lockMaxLiveMs: number;
}

async function txUnknown(a: TxArgs): Promise<void> {
  const producer = new TransactionProducer({
    nameServers: a.nameServers,
    producerGroup: a.group,
    instanceName: a.instanceName,
    transactionListener: {
      executeLocalTransaction: () => 'UNKNOW',
      checkLocalTransaction: () => 'UNKNOW',
    },
  });
  await producer.start();
  for (const body of a.bodies) {
    const r = await producer.sendMessageInTransaction({ topic: a.topic, body }, null);
    say(`SENT ${JSON.stringify({ body, transactionId: r.transactionId, state: r.localTransactionState })}`);
  }
  say('READY');
}

async function orderly(a: OrderlyArgs): Promise<void> {
  const consumer = new PushConsumer({
    nameServers: a.nameServers,
    consumerGroup: a.group,
    instanceName: a.instanceName,
    consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
    rebalanceIntervalMs: 1000,
    persistConsumerOffsetIntervalMs: 300,
  });
  consumer.subscribe(a.topic, '*').registerMessageListenerOrderly(
    async (msgs) => {
      for (const m of msgs) {
        await new Promise((r) => setTimeout(r, a.delayMs));
        const [key, step] = m.body.toString().split(':');
        say(`MSG ${JSON.stringify({ q: m.queueId, o: m.queueOffset, key, step: Number(step) })}`);
      }
      return ConsumeOrderlyStatus.SUCCESS;
    },
    { lockIntervalMs: a.lockIntervalMs, lockMaxLiveMs: a.lockMaxLiveMs },
  );
  await consumer.start();
  say('READY');
}

const [mode, json] = process.argv.slice(2);
const run = mode === 'tx-unknown' ? txUnknown : mode === 'orderly' ? orderly : undefined;
if (run === undefined || json === undefined) {
  say(`usage: sdk-child.ts tx-unknown|orderly <json>`);
  process.exit(2);
}
// setInterval keeps the process alive until it is killed.
setInterval(() => undefined, 60_000);
run(JSON.parse(json) as TxArgs & OrderlyArgs).catch((err: unknown) => {
  say(`ERROR ${String(err)}`);
  process.exit(1);
});
