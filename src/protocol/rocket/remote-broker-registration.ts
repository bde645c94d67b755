import net from 'node:net';
import type { BrokerRegistration } from '../../coordinator/index.js';
import type { Logger } from '../../logger.js';
import { LengthPrefixedFramer } from '../../net/index.js';
import { encodeRegisterBrokerBody } from './codec/register-broker-body.js';
import {
  CommandFlag,
  decodeRemotingCommand,
  encodeRemotingCommand,
  MAX_FRAME_BYTES,
  type RemotingCommand,
  SerializeType,
} from './codec/remoting-command.js';
import { RequestCode } from './request-codes.js';
import { ResponseCode } from './response-codes.js';

const REQUEST_TIMEOUT_MS = 5000;
const PROTOCOL_VERSION = 401;

/** "host:port;host:port" -> addresses (`--namesrv`). Returns a message for a bad entry. */
export function parseNamesrvAddrs(text: string): string[] | string {
  const out: string[] = [];
  for (const part of text.split(/[;,]/)) {
    const a = part.trim();
    if (a === '') continue;
    const m = /^(.+):(\d{1,5})$/.exec(a);
    if (m === null || Number(m[2]) < 1 || Number(m[2]) > 65535) return `bad NameServer address "${a}"`;
    out.push(a);
  }
  return out;
}

/** One TCP connection to a NameServer, reopened on demand; requests matched to replies by opaque. */
class NamesrvConnection {
  private socket: net.Socket | undefined;
  private connecting: Promise<net.Socket> | undefined;
  private readonly pending = new Map<number, (reply: RemotingCommand | Error) => void>();
  private opaque = 0;

  constructor(
    readonly addr: string,
    private readonly log: Logger,
  ) {}

  async request(code: number, extFields: Record<string, string>, body: Buffer): Promise<RemotingCommand> {
    const socket = await this.connect();
    const opaque = ++this.opaque;
    const frame = encodeRemotingCommand({
      code,
      language: 'JAVA',
      version: PROTOCOL_VERSION,
      opaque,
      flag: 0,
      remark: null,
      extFields,
      body,
      serializeType: SerializeType.JSON,
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(opaque);
        reject(new Error(`NameServer ${this.addr} did not answer in ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(opaque, (reply) => {
        clearTimeout(timer);
        if (reply instanceof Error) reject(reply);
        else resolve(reply);
      });
      socket.write(Buffer.concat(frame));
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private connect(): Promise<net.Socket> {
    if (this.socket !== undefined) return Promise.resolve(this.socket);
    this.connecting ??= new Promise<net.Socket>((resolve, reject) => {
      const sep = this.addr.lastIndexOf(':');
      const socket = net.connect({ host: this.addr.slice(0, sep), port: Number(this.addr.slice(sep + 1)) });
      const framer = new LengthPrefixedFramer(MAX_FRAME_BYTES);
      socket.on('connect', () => {
        this.socket = socket;
        this.connecting = undefined;
        resolve(socket);
      });
      socket.on('data', (chunk: Buffer) => {
        try {
          framer.push(chunk, (frame) => {
            const cmd = decodeRemotingCommand(frame);
            if ((cmd.flag & CommandFlag.response) === 0) return;
            const waiter = this.pending.get(cmd.opaque);
            this.pending.delete(cmd.opaque);
            waiter?.(cmd);
          });
        } catch (err) {
          this.log.warn({ err, namesrv: this.addr }, 'bad frame from NameServer');
          socket.destroy();
        }
      });
      socket.on('error', (err) => {
        if (this.socket === undefined) {
          this.connecting = undefined;
          reject(err);
        }
      });
      socket.on('close', () => {
        if (this.socket === socket) this.socket = undefined;
        for (const waiter of this.pending.values()) waiter(new Error(`NameServer ${this.addr} closed`));
        this.pending.clear();
      });
    });
    return this.connecting;
  }
}

/**
 * A broker's registration with remote NameServers (`--namesrv`): REGISTER_BROKER over TCP to every one,
 * at start, every 30 s and when topics change; UNREGISTER_BROKER on stop (REFERENCE §4.14).
 */
export class RemoteBrokerRegistration {
  private readonly connections: NamesrvConnection[];

  constructor(
    addrs: readonly string[],
    private readonly log: Logger,
  ) {
    this.connections = addrs.map((a) => new NamesrvConnection(a, log));
  }

  /** Registers with every NameServer; failures are logged (the next period retries). */
  async register(reg: BrokerRegistration): Promise<void> {
    const extFields = {
      brokerName: reg.brokerName,
      brokerAddr: reg.brokerAddr,
      clusterName: reg.clusterName,
      haServerAddr: reg.haServerAddr,
      brokerId: String(reg.brokerId),
      compressed: 'false',
    };
    const body = encodeRegisterBrokerBody({ topics: [...reg.topics], dataVersion: reg.dataVersion });
    await Promise.all(
      this.connections.map(async (c) => {
        try {
          const reply = await c.request(RequestCode.REGISTER_BROKER, extFields, body);
          if (reply.code !== ResponseCode.SUCCESS)
            this.log.warn(
              { namesrv: c.addr, code: reply.code, remark: reply.remark },
              'registration refused',
            );
        } catch (err) {
          this.log.warn({ err, namesrv: c.addr }, 'registration with NameServer failed');
        }
      }),
    );
  }

  async unregister(reg: BrokerRegistration): Promise<void> {
    const extFields = {
      brokerName: reg.brokerName,
      brokerAddr: reg.brokerAddr,
      clusterName: reg.clusterName,
      brokerId: String(reg.brokerId),
    };
    await Promise.all(
      this.connections.map((c) =>
        c.request(RequestCode.UNREGISTER_BROKER, extFields, Buffer.alloc(0)).catch(() => undefined),
      ),
    );
  }

  close(): void {
    for (const c of this.connections) c.close();
  }
}
