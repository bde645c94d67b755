import type { BrokerAdmin } from '../broker-admin.js';
import type { Subscription } from '../client-registry.js';
import {
  encodeConsumerConnection,
  encodeProducerConnection,
  type ConnectionJson,
} from '../codec/admin-bodies.js';
import { ExtFields } from '../headers/ext-fields.js';
import { defineRocketProcessor } from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';
import type { RocketServices } from '../services.js';
import { adminOf } from './topic-admin.js';

/** A member's Connection entry; the address from the open connection when the heartbeat's is unknown. */
function connectionOf(
  services: RocketServices,
  admin: BrokerAdmin,
  member: { clientId: string; connectionId: string },
): ConnectionJson {
  const known = admin.clientDetails.connection(member.connectionId);
  if (known !== undefined) return { clientId: member.clientId, ...known };
  const open = services.clients.connections.get(member.connectionId);
  return {
    clientId: member.clientId,
    clientAddr: open === undefined ? '' : `${open.remoteAddress}:${open.remotePort}`,
    language: 'JAVA',
    version: 0,
  };
}

/** GET_CONSUMER_CONNECTION_LIST (203): ConsumerConnection of a group's live consumers; 206 when none. */
export const getConsumerConnectionListProcessor = defineRocketProcessor({
  code: RequestCode.GET_CONSUMER_CONNECTION_LIST,
  name: 'GET_CONSUMER_CONNECTION_LIST',
  roles: ['broker'],
  process({ cmd, services }) {
    const admin = adminOf(services);
    if ('code' in admin) return admin;
    const group = new ExtFields(cmd.extFields).string('consumerGroup');
    const members = services.clients.consumerMembers(group);
    if (members.length === 0)
      return { code: ResponseCode.CONSUMER_NOT_ONLINE, remark: `the consumer group[${group}] not online` };
    // The group's subscription table: per topic, the newest subscription any member holds.
    const byTopic = new Map<string, Subscription>();
    for (const m of members) {
      for (const s of m.subscriptions) {
        const seen = byTopic.get(s.topic);
        if (seen === undefined || s.subVersion > seen.subVersion) byTopic.set(s.topic, s);
      }
    }
    const details = admin.clientDetails.consumerGroup(group) ?? {
      consumeType: 'CONSUME_PASSIVELY',
      messageModel: services.clients.messageModel(group) ?? 'CLUSTERING',
      consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
    };
    const body = encodeConsumerConnection(
      members.map((m) => connectionOf(services, admin, m)),
      [...byTopic.values()].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0)),
      details,
    );
    return { code: ResponseCode.SUCCESS, body };
  },
});

/** GET_PRODUCER_CONNECTION_LIST (204): ProducerConnection of a group's live producers; SYSTEM_ERROR when none. */
export const getProducerConnectionListProcessor = defineRocketProcessor({
  code: RequestCode.GET_PRODUCER_CONNECTION_LIST,
  name: 'GET_PRODUCER_CONNECTION_LIST',
  roles: ['broker'],
  process({ cmd, services }) {
    const admin = adminOf(services);
    if ('code' in admin) return admin;
    const group = new ExtFields(cmd.extFields).string('producerGroup');
    const members = services.clients.producerMembers(group);
    if (members.length === 0)
      return { code: ResponseCode.SYSTEM_ERROR, remark: `the producer group[${group}] not exist` };
    return {
      code: ResponseCode.SUCCESS,
      body: encodeProducerConnection(members.map((m) => connectionOf(services, admin, m))),
    };
  },
});
