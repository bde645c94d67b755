import type { ClusterIdentity } from './cluster-identity.js';

export interface BrokerEndpoint {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}

/**
 * Who serves what. In the single-node default this node leads every queue of every topic; the
 * NameServer-backed registry of the RocketMQ issue fills the same view for several brokers.
 */
export class ClusterView {
  private kafkaEndpoint: BrokerEndpoint;

  constructor(readonly identity: ClusterIdentity) {
    this.kafkaEndpoint = { nodeId: identity.nodeId, host: '127.0.0.1', port: 0, rack: null };
  }

  get clusterId(): string {
    return this.identity.clusterId;
  }

  get controllerId(): number {
    return this.identity.nodeId;
  }

  setKafkaEndpoint(host: string, port: number): void {
    this.kafkaEndpoint = { ...this.kafkaEndpoint, host, port };
  }

  kafkaBrokers(): BrokerEndpoint[] {
    return [this.kafkaEndpoint];
  }

  leaderOf(_topic: string, _queueId: number): number {
    return this.identity.nodeId;
  }
}
