import {
  type BrokerRegistration,
  PERM_INHERIT,
  PERM_READ,
  PERM_WRITE,
  type TopicQueueConfig,
} from '../../coordinator/index.js';
import { AUTO_CREATE_TOPIC_KEY_TOPIC, DEFAULT_TOPIC_QUEUE_NUMS } from './processors/send-message.js';
import { retryTopicOf } from './processors/retry-topics.js';
import type { RemoteBrokerRegistration } from './remote-broker-registration.js';
import type { RocketServices } from './services.js';

/**
 * In the single-node default the broker registers with the in-process NameServer directly (no TCP):
 * every store topic (whichever protocol created it), TBW102 when auto-create is on, and the %RETRY%
 * topic of every consumer group seen. Called on start, every 30 s, and whenever topics may have changed;
 * a registration with unchanged topics only refreshes liveness.
 */
export class LocalBrokerRegistration {
  private lastSignature = '';
  private counter = 0;
  /**
   * When the topic table last changed. The data version stays the same between changes (as RocketMQ's
   * DataVersion does), so a periodic re-registration does not overwrite the NameServer's queue data
   * (a WIPE_WRITE_PERM_OF_BROKER stays in force until the topics change).
   */
  private changedAtMs = 0;

  constructor(
    private readonly services: RocketServices,
    /** Set when the broker registers with remote NameServers (`--namesrv`) instead of the in-process one. */
    private readonly remote?: RemoteBrokerRegistration,
  ) {}

  topics(): TopicQueueConfig[] {
    const { store, clients, autoCreateTopics } = this.services;
    const rw = PERM_READ | PERM_WRITE;
    const out: TopicQueueConfig[] = store.listTopics().map((t) => ({
      topicName: t.name,
      readQueueNums: t.queueCount,
      writeQueueNums: t.queueCount,
      perm: rw,
      topicSysFlag: 0,
    }));
    if (autoCreateTopics && store.getTopic(AUTO_CREATE_TOPIC_KEY_TOPIC) === undefined) {
      out.push({
        topicName: AUTO_CREATE_TOPIC_KEY_TOPIC,
        readQueueNums: DEFAULT_TOPIC_QUEUE_NUMS,
        writeQueueNums: DEFAULT_TOPIC_QUEUE_NUMS,
        perm: rw | PERM_INHERIT,
        topicSysFlag: 0,
      });
    }
    for (const group of clients.knownConsumerGroups()) {
      if (store.getTopic(retryTopicOf(group)) !== undefined) continue;
      out.push({
        topicName: retryTopicOf(group),
        readQueueNums: 1,
        writeQueueNums: 1,
        perm: rw,
        topicSysFlag: 0,
      });
    }
    return out;
  }

  refresh(force = false): void {
    const { routes, broker } = this.services;
    const topics = this.topics();
    const signature = topics.map((t) => `${t.topicName}/${t.readQueueNums}/${t.perm}`).join('\n');
    if (signature === this.lastSignature) {
      if (!force) {
        if (this.remote === undefined) routes.touch(broker.addr);
        return;
      }
      // A periodic re-registration with unchanged topics keeps the data version.
    } else {
      this.lastSignature = signature;
      this.counter += 1;
      this.changedAtMs = this.services.nowMs();
    }
    const reg = this.registration(topics);
    if (this.remote === undefined) routes.register(reg);
    else void this.remote.register(reg);
  }

  /** This broker's registration (current topics unless given). */
  registration(topics: TopicQueueConfig[] = this.topics()): BrokerRegistration {
    const { broker } = this.services;
    return {
      clusterName: broker.clusterName,
      brokerName: broker.brokerName,
      brokerAddr: broker.addr,
      brokerId: broker.brokerId,
      haServerAddr: '',
      topics,
      dataVersion: { timestamp: this.changedAtMs, counter: this.counter },
    };
  }
}
