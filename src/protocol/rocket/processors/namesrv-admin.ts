import { ExtFields } from '../headers/ext-fields.js';
import { defineRocketProcessor } from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';

/** GET_TOPICS_BY_CLUSTER (224): TopicList `{"topicList":[...]}` of the cluster's brokers; empty if unknown. */
export const getTopicsByClusterProcessor = defineRocketProcessor({
  code: RequestCode.GET_TOPICS_BY_CLUSTER,
  name: 'GET_TOPICS_BY_CLUSTER',
  roles: ['namesrv'],
  process({ cmd, services }) {
    const cluster = new ExtFields(cmd.extFields).string('cluster');
    services.refreshLocalRoutes();
    return {
      code: ResponseCode.SUCCESS,
      body: Buffer.from(JSON.stringify({ topicList: services.routes.topicsByCluster(cluster) }), 'utf8'),
    };
  },
});

/**
 * DELETE_TOPIC_IN_NAMESRV (216): drops the topic's queue data from every broker, or only from the brokers
 * of `clusterName` when given (RocketMQ 5.x). The topic itself stays on the brokers (DELETE_TOPIC_IN_BROKER).
 */
export const deleteTopicInNamesrvProcessor = defineRocketProcessor({
  code: RequestCode.DELETE_TOPIC_IN_NAMESRV,
  name: 'DELETE_TOPIC_IN_NAMESRV',
  roles: ['namesrv'],
  process({ cmd, services, log }) {
    const h = new ExtFields(cmd.extFields);
    const topic = h.string('topic');
    const clusterName = h.optString('clusterName');
    services.refreshLocalRoutes();
    const removed = services.routes.deleteTopic(
      topic,
      clusterName === undefined || clusterName === '' ? undefined : clusterName,
    );
    if (removed) log.info({ topic, clusterName }, 'topic route deleted from the NameServer');
    return { code: ResponseCode.SUCCESS };
  },
});

/** WIPE_WRITE_PERM_OF_BROKER (205): clients stop sending to the broker; extField `wipeTopicCount`. */
export const wipeWritePermOfBrokerProcessor = defineRocketProcessor({
  code: RequestCode.WIPE_WRITE_PERM_OF_BROKER,
  name: 'WIPE_WRITE_PERM_OF_BROKER',
  roles: ['namesrv'],
  process({ cmd, services, log }) {
    const brokerName = new ExtFields(cmd.extFields).string('brokerName');
    services.refreshLocalRoutes();
    const count = services.routes.wipeWritePerm(brokerName);
    log.info({ brokerName, topics: count }, 'write permission of broker wiped');
    return { code: ResponseCode.SUCCESS, extFields: { wipeTopicCount: String(count) } };
  },
});

/** ADD_WRITE_PERM_OF_BROKER (327, RocketMQ 5.x): every topic of the broker back to read+write; `addTopicCount`. */
export const addWritePermOfBrokerProcessor = defineRocketProcessor({
  code: RequestCode.ADD_WRITE_PERM_OF_BROKER,
  name: 'ADD_WRITE_PERM_OF_BROKER',
  roles: ['namesrv'],
  process({ cmd, services, log }) {
    const brokerName = new ExtFields(cmd.extFields).string('brokerName');
    services.refreshLocalRoutes();
    const count = services.routes.addWritePerm(brokerName);
    log.info({ brokerName, topics: count }, 'write permission of broker added');
    return { code: ResponseCode.SUCCESS, extFields: { addTopicCount: String(count) } };
  },
});
