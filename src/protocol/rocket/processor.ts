import type { Logger } from '../../logger.js';
import type { RemotingCommand } from './codec/remoting-command.js';
import type { RocketServices } from './services.js';

/** Which server answers a code: the broker port(s), or the NameServer port. */
export type ProcessorRole = 'broker' | 'namesrv';

export interface ConnectionInfo {
  /** Unique per listener and connection, e.g. "broker#12". */
  id: string;
  remoteAddress: string;
  remotePort: number;
}

export interface RocketRequestContext {
  cmd: RemotingCommand;
  services: RocketServices;
  connection: ConnectionInfo;
  log: Logger;
  /** Aborts when the connection closes (releases long polls). */
  signal: AbortSignal;
}

/** What a processor answers; the listener adds opaque, flag and the request's serialization. */
export interface RocketReply {
  code: number;
  remark?: string | null;
  extFields?: Record<string, string>;
  body?: Buffer | readonly Buffer[] | null;
  /**
   * Runs once the socket has taken the whole reply (not when the write fails or the connection is gone:
   * then the body is simply garbage collected). A pull hands its read buffers back to the store this way.
   */
  afterWritten?: () => void;
}

export interface RocketProcessor {
  code: number;
  /** RocketMQ's RequestCode name. */
  name: string;
  roles: readonly ProcessorRole[];
  process(ctx: RocketRequestContext): RocketReply | Promise<RocketReply>;
}

export const defineRocketProcessor = (p: RocketProcessor): RocketProcessor => p;
