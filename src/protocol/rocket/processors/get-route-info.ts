import type { BrokerRoute, TopicRoute } from '../../../coordinator/index.js';
import { ExtFields } from '../headers/ext-fields.js';
import { defineRocketProcessor } from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';
import { isRetryTopic, RETRY_GROUP_TOPIC_PREFIX } from './retry-topics.js';

/** brokerAddrs as a standard JSON object with quoted numeric keys, in id order. */
export function brokerAddrsJson(b: BrokerRoute): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of [...b.brokerAddrs.keys()].sort((x, y) => x - y))
    out[String(id)] = b.brokerAddrs.get(id) as string;
  return out;
}

/** TopicRouteData as compact standard JSON (REFERENCE §2.5/§2.6): quoted keys, no spaces. */
export function encodeTopicRoute(route: TopicRoute): Buffer {
  return Buffer.from(
    JSON.stringify({
      brokerDatas: route.brokerDatas.map((b) => ({
        brokerAddrs: brokerAddrsJson(b),
        brokerName: b.brokerName,
        cluster: b.cluster,
      })),
      filterServerTable: {},
      queueDatas: route.queueDatas.map((q) => ({
        brokerName: q.brokerName,
        perm: q.perm,
        readQueueNums: q.readQueueNums,
        topicSynFlag: q.topicSysFlag,
        topicSysFlag: q.topicSysFlag,
        writeQueueNums: q.writeQueueNums,
      })),
    }),
    'utf8',
  );
}

/** GET_ROUTEINFO_BY_TOPIC (105). */
export const getRouteInfoProcessor = defineRocketProcessor({
  code: RequestCode.GET_ROUTEINFO_BY_TOPIC,
  name: 'GET_ROUTEINFO_BY_TOPIC',
  roles: ['namesrv'],
  process({ cmd, services }) {
    const topic = new ExtFields(cmd.extFields).string('topic');
    if (isRetryTopic(topic) && topic.length > RETRY_GROUP_TOPIC_PREFIX.length) {
      // Clients ask for their group's retry route before their first heartbeat creates it.
      services.clients.rememberGroup(topic.slice(RETRY_GROUP_TOPIC_PREFIX.length));
    }
    services.refreshLocalRoutes();
    const route = services.routes.route(topic);
    if (route === undefined) {
      return {
        code: ResponseCode.TOPIC_NOT_EXIST,
        remark: `No topic route info in name server for the topic: ${topic}`,
      };
    }
    return { code: ResponseCode.SUCCESS, body: encodeTopicRoute(route) };
  },
});

/** GET_BROKER_CLUSTER_INFO (106): brokerAddrTable and clusterAddrTable. */
export const getBrokerClusterInfoProcessor = defineRocketProcessor({
  code: RequestCode.GET_BROKER_CLUSTER_INFO,
  name: 'GET_BROKER_CLUSTER_INFO',
  roles: ['namesrv'],
  process({ services }) {
    services.refreshLocalRoutes();
    const info = services.routes.clusterInfo();
    const brokerAddrTable: Record<string, unknown> = {};
    for (const b of info.brokers) {
      brokerAddrTable[b.brokerName] = {
        brokerAddrs: brokerAddrsJson(b),
        brokerName: b.brokerName,
        cluster: b.cluster,
      };
    }
    const clusterAddrTable: Record<string, string[]> = {};
    for (const [c, names] of info.clusters) clusterAddrTable[c] = names;
    return {
      code: ResponseCode.SUCCESS,
      body: Buffer.from(JSON.stringify({ brokerAddrTable, clusterAddrTable })),
    };
  },
});

/** GET_ALL_TOPIC_LIST_FROM_NAMESERVER (206): {"topicList":[...]}. */
export const getAllTopicListProcessor = defineRocketProcessor({
  code: RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER,
  name: 'GET_ALL_TOPIC_LIST_FROM_NAMESERVER',
  roles: ['namesrv'],
  process({ services }) {
    services.refreshLocalRoutes();
    return {
      code: ResponseCode.SUCCESS,
      body: Buffer.from(JSON.stringify({ topicList: services.routes.topicNames() })),
    };
  },
});
