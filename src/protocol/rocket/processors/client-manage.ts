import { decodeHeartbeatBody } from '../codec/heartbeat-body.js';
import { ExtFields } from '../headers/ext-fields.js';
import { defineRocketProcessor } from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';

/** HEART_BEAT (34): registers producers and consumers; a new consumer group gets its %RETRY% route. */
export const heartBeatProcessor = defineRocketProcessor({
  code: RequestCode.HEART_BEAT,
  name: 'HEART_BEAT',
  roles: ['broker'],
  process({ cmd, services, connection, log }) {
    const hb = decodeHeartbeatBody(cmd.body);
    const fresh = services.clients.heartbeat(connection.id, hb.clientId, hb.producerGroups, hb.consumers);
    const consumerGroups = hb.consumers.map((c) => c.groupName);
    services.admin?.heartbeat(connection, cmd, consumerGroups);
    if (fresh.length > 0) {
      log.debug({ groups: fresh }, 'new consumer groups');
      services.refreshLocalRoutes();
    }
    return { code: ResponseCode.SUCCESS };
  },
});

/** UNREGISTER_CLIENT (35). */
export const unregisterClientProcessor = defineRocketProcessor({
  code: RequestCode.UNREGISTER_CLIENT,
  name: 'UNREGISTER_CLIENT',
  roles: ['broker'],
  process({ cmd, services }) {
    const h = new ExtFields(cmd.extFields);
    services.clients.unregister(
      h.string('clientID'),
      h.optString('producerGroup'),
      h.optString('consumerGroup'),
    );
    return { code: ResponseCode.SUCCESS };
  },
});

/** GET_CONSUMER_LIST_BY_GROUP (38): {"consumerIdList":[...]}; SYSTEM_ERROR when the group has none. */
export const getConsumerListByGroupProcessor = defineRocketProcessor({
  code: RequestCode.GET_CONSUMER_LIST_BY_GROUP,
  name: 'GET_CONSUMER_LIST_BY_GROUP',
  roles: ['broker'],
  process({ cmd, services }) {
    const group = new ExtFields(cmd.extFields).string('consumerGroup');
    const ids = services.clients.consumerIds(group);
    if (ids.length === 0)
      return { code: ResponseCode.SYSTEM_ERROR, remark: `no consumer for this group, ${group}` };
    return { code: ResponseCode.SUCCESS, body: Buffer.from(JSON.stringify({ consumerIdList: ids })) };
  },
});
