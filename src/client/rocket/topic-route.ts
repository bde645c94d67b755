import { RocketClientError } from './client-error.js';

/** A RocketMQ message queue: one queue of a topic on one broker (a Kafka partition). */
export interface MessageQueue {
  topic: string;
  brokerName: string;
  queueId: number;
}

export interface QueueData {
  brokerName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
}

export interface BrokerData {
  cluster: string;
  brokerName: string;
  /** brokerId → `host:port`; id 0 is the master. */
  brokerAddrs: Map<number, string>;
}

/** TopicRouteData (REFERENCE §2.5), as the NameServer answers GET_ROUTEINFO_BY_TOPIC. */
export interface TopicRoute {
  queueDatas: QueueData[];
  brokerDatas: BrokerData[];
  orderTopicConf: string | undefined;
}

export const Perm = { inherit: 1, write: 2, read: 4 } as const;

export const mqKey = (mq: MessageQueue): string => `${mq.topic}@${mq.brokerName}@${mq.queueId}`;

/** Orders queues as RocketMQ does before allocation: topic, brokerName, queueId. */
export function compareQueues(a: MessageQueue, b: MessageQueue): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  if (a.brokerName !== b.brokerName) return a.brokerName < b.brokerName ? -1 : 1;
  return a.queueId - b.queueId;
}

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const num = (v: unknown, field: string): number => {
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n))
    throw new RocketClientError('RMQ_CLIENT_DECODE', `route field ${field} is not an integer`);
  return n;
};
const str = (v: unknown, field: string): string => {
  if (typeof v !== 'string')
    throw new RocketClientError('RMQ_CLIENT_DECODE', `route field ${field} is not a string`);
  return v;
};

/**
 * Parses TopicRouteData. Accepts fastjson's unquoted integer map keys (`{0:"ip:port"}`) as well as
 * standard JSON (REFERENCE §2.6).
 */
export function parseTopicRoute(body: Buffer): TopicRoute {
  const text = body.toString('utf8').replace(/([{,])\s*(-?\d+)\s*:/g, '$1"$2":');
  let root: Record<string, unknown>;
  try {
    root = record(JSON.parse(text));
  } catch (err) {
    throw new RocketClientError('RMQ_CLIENT_DECODE', `route is not JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const queueDatas = (Array.isArray(root['queueDatas']) ? root['queueDatas'] : []).map((q, i) => {
    const r = record(q);
    return {
      brokerName: str(r['brokerName'], `queueDatas[${i}].brokerName`),
      readQueueNums: num(r['readQueueNums'], `queueDatas[${i}].readQueueNums`),
      writeQueueNums: num(r['writeQueueNums'], `queueDatas[${i}].writeQueueNums`),
      perm: num(r['perm'], `queueDatas[${i}].perm`),
    };
  });
  const brokerDatas = (Array.isArray(root['brokerDatas']) ? root['brokerDatas'] : []).map((b, i) => {
    const r = record(b);
    const addrs = new Map<number, string>();
    for (const [id, addr] of Object.entries(record(r['brokerAddrs'])))
      addrs.set(num(id, `brokerDatas[${i}].brokerAddrs`), str(addr, `brokerDatas[${i}].brokerAddrs.${id}`));
    return {
      cluster: typeof r['cluster'] === 'string' ? r['cluster'] : '',
      brokerName: str(r['brokerName'], `brokerDatas[${i}].brokerName`),
      brokerAddrs: addrs,
    };
  });
  queueDatas.sort((a, b) => (a.brokerName < b.brokerName ? -1 : a.brokerName > b.brokerName ? 1 : 0));
  brokerDatas.sort((a, b) => (a.brokerName < b.brokerName ? -1 : a.brokerName > b.brokerName ? 1 : 0));
  const order = root['orderTopicConf'];
  return { queueDatas, brokerDatas, orderTopicConf: typeof order === 'string' ? order : undefined };
}

/** The master address of a broker in this route, if it has one. */
export function masterAddress(route: TopicRoute, brokerName: string): string | undefined {
  return route.brokerDatas.find((b) => b.brokerName === brokerName)?.brokerAddrs.get(0);
}

/** Queues a producer may write to: writable queue data whose broker has a master. */
export function publishQueues(topic: string, route: TopicRoute): MessageQueue[] {
  const out: MessageQueue[] = [];
  for (const q of route.queueDatas) {
    if ((q.perm & Perm.write) === 0 || masterAddress(route, q.brokerName) === undefined) continue;
    for (let i = 0; i < q.writeQueueNums; i++) out.push({ topic, brokerName: q.brokerName, queueId: i });
  }
  return out;
}

/** Queues a consumer reads: readable queue data. */
export function subscribeQueues(topic: string, route: TopicRoute): MessageQueue[] {
  const out: MessageQueue[] = [];
  for (const q of route.queueDatas) {
    if ((q.perm & Perm.read) === 0) continue;
    for (let i = 0; i < q.readQueueNums; i++) out.push({ topic, brokerName: q.brokerName, queueId: i });
  }
  return out.sort(compareQueues);
}
