import { ProtocolDecodeError } from '../../../errors.js';
import { parseSubscription, type HeartbeatConsumer } from '../client-registry.js';

/** The HEART_BEAT body (HeartbeatData JSON): who the client is and what its groups subscribe to. */
export interface HeartbeatBody {
  clientId: string;
  producerGroups: string[];
  consumers: HeartbeatConsumer[];
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function decodeHeartbeatBody(body: Buffer | null): HeartbeatBody {
  if (body === null) throw new ProtocolDecodeError('heartbeatData', 0, 'missing body');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new ProtocolDecodeError('heartbeatData', 0, `invalid JSON: ${(err as Error).message}`);
  }
  const root = record(parsed);
  const clientId = text(root['clientID']);
  if (clientId === undefined) throw new ProtocolDecodeError('heartbeatData.clientID', 0, 'missing');
  const producerGroups: string[] = [];
  for (const p of list(root['producerDataSet'])) {
    const g = text(record(p)['groupName']);
    if (g !== undefined) producerGroups.push(g);
  }
  const consumers: HeartbeatConsumer[] = [];
  for (const c of list(root['consumerDataSet'])) {
    const cd = record(c);
    const groupName = text(cd['groupName']);
    if (groupName === undefined) continue;
    const subscriptions = list(cd['subscriptionDataSet']).flatMap((s) => {
      const sd = record(s);
      const topic = text(sd['topic']);
      if (topic === undefined) return [];
      const version = typeof sd['subVersion'] === 'number' ? sd['subVersion'] : 0;
      return [parseSubscription(topic, text(sd['subString']) ?? '*', version, text(sd['expressionType']))];
    });
    const messageModel = cd['messageModel'] === 'BROADCASTING' ? 'BROADCASTING' : 'CLUSTERING';
    consumers.push({ groupName, subscriptions, messageModel });
  }
  return { clientId, producerGroups, consumers };
}
