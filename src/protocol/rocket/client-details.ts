import type { RemotingCommand } from './codec/remoting-command.js';
import type { ConnectionInfo } from './processor.js';

/** What RocketMQ's ClientChannelInfo knows of a client connection besides its id. */
export interface ClientConnectionDetails {
  /** "ip:port" of the client's end of the connection. */
  clientAddr: string;
  /** The LanguageCode name from the client's request header (JAVA, CPP, GO, ...). */
  language: string;
  /** The client's MQVersion ordinal from its request header. */
  version: number;
}

/** A consumer group's settings as its members' heartbeats give them (RocketMQ ConsumerGroupInfo). */
export interface ConsumerGroupDetails {
  consumeType: string;
  messageModel: string;
  consumeFromWhere: string;
}

/** Bound on groups remembered between two housekeeping runs. */
const MAX_GROUPS = 100_000;

const text = (v: unknown, fallback: string): string => (typeof v === 'string' && v !== '' ? v : fallback);

/**
 * Connection and consumer-group details from HEART_BEAT that the client registry does not keep, for
 * GET_CONSUMER_CONNECTION_LIST / GET_PRODUCER_CONNECTION_LIST. Entries of closed connections and groups
 * without consumers are dropped by `retain` (housekeeping).
 */
export class ClientDetails {
  private readonly connections = new Map<string, ClientConnectionDetails>();
  private readonly groups = new Map<string, ConsumerGroupDetails>();

  /** Records a heartbeat that the HEART_BEAT processor accepted (its body is valid JSON). */
  recordHeartbeat(connection: ConnectionInfo, cmd: RemotingCommand): void {
    this.connections.set(connection.id, {
      clientAddr: `${connection.remoteAddress}:${connection.remotePort}`,
      language: cmd.language,
      version: cmd.version,
    });
    let root: unknown;
    try {
      root = JSON.parse(cmd.body?.toString('utf8') ?? 'null');
    } catch {
      return;
    }
    const consumers = (root as { consumerDataSet?: unknown } | null)?.consumerDataSet;
    if (!Array.isArray(consumers)) return;
    for (const c of consumers as unknown[]) {
      if (typeof c !== 'object' || c === null) continue;
      const cd = c as Record<string, unknown>;
      const group = cd['groupName'];
      if (typeof group !== 'string') continue;
      if (!this.groups.has(group) && this.groups.size >= MAX_GROUPS) continue;
      this.groups.set(group, {
        consumeType: text(cd['consumeType'], 'CONSUME_PASSIVELY'),
        messageModel: text(cd['messageModel'], 'CLUSTERING'),
        consumeFromWhere: text(cd['consumeFromWhere'], 'CONSUME_FROM_LAST_OFFSET'),
      });
    }
  }

  connection(connectionId: string): ClientConnectionDetails | undefined {
    return this.connections.get(connectionId);
  }

  consumerGroup(group: string): ConsumerGroupDetails | undefined {
    return this.groups.get(group);
  }

  /** Keeps only open connections and groups that still have consumers. */
  retain(connectionOpen: (id: string) => boolean, groupLive: (group: string) => boolean): void {
    for (const id of this.connections.keys()) if (!connectionOpen(id)) this.connections.delete(id);
    for (const g of this.groups.keys()) if (!groupLive(g)) this.groups.delete(g);
  }

  get size(): { connections: number; groups: number } {
    return { connections: this.connections.size, groups: this.groups.size };
  }
}
