import type { Logger } from '../../logger.js';
import type { Reader } from './codec/reader.js';
import type { Writer } from './codec/writer.js';
import type { KafkaServices } from './services.js';

/** What a handler knows about the request it serves. */
export interface RequestContext {
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  /** The connection's child logger. */
  log: Logger;
  services: KafkaServices;
  /**
   * Runs `release` once the socket has taken every byte of this request's response (not on a failed
   * write or a closed connection: then the memory is simply garbage collected). Fetch hands its read
   * buffers back to the store's pool this way.
   */
  afterResponseWritten?: (release: () => void) => void;
}

/** One Kafka API as implemented here: the version range it serves and how. */
export interface KafkaHandlerSpec<Req, Res> {
  api: { apiKey: number; minVersion: number; maxVersion: number; flexibleMinVersion: number };
  name: string;
  /** The versions this broker serves; a subset of the schema's range. */
  minVersion: number;
  maxVersion: number;
  /** The versions advertised in ApiVersions when wider than the served range (CLIENTS.md rule 3). */
  advertisedMinVersion?: number;
  decode(r: Reader, version: number): Req;
  encode(w: Writer, version: number, response: Res): void;
  /** Returns the response, or null when the request gets none (Produce with acks=0). */
  handle(ctx: RequestContext, request: Req): Res | null | Promise<Res | null>;
}

/** A handler with its message types erased, as the dispatcher and ApiVersions see it. */
export interface KafkaHandler {
  apiKey: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  advertisedMinVersion: number;
  flexibleMinVersion: number;
  /** Decodes, handles, and returns the body encoder (or null: no response). */
  process(ctx: RequestContext, r: Reader): Promise<((w: Writer) => void) | null>;
}

export function defineKafkaHandler<Req, Res>(spec: KafkaHandlerSpec<Req, Res>): KafkaHandler {
  return {
    apiKey: spec.api.apiKey,
    name: spec.name,
    minVersion: spec.minVersion,
    maxVersion: spec.maxVersion,
    advertisedMinVersion: spec.advertisedMinVersion ?? spec.minVersion,
    flexibleMinVersion: spec.api.flexibleMinVersion,
    async process(ctx, r) {
      const request = spec.decode(r, ctx.apiVersion);
      const response = await spec.handle(ctx, request);
      if (response === null) return null;
      return (w) => spec.encode(w, ctx.apiVersion, response);
    },
  };
}
