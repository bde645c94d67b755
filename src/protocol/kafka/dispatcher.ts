import type { KafkaHandler } from './handler.js';

export type DispatchResult =
  | { kind: 'ok'; handler: KafkaHandler }
  | { kind: 'unknown-api' }
  | { kind: 'unsupported-version'; handler: KafkaHandler };

/** apiKey -> handler, from the one list of supported handlers (handlers/index.ts). */
export class KafkaDispatcher {
  private readonly byKey: (KafkaHandler | undefined)[] = [];

  constructor(readonly handlers: readonly KafkaHandler[]) {
    for (const h of handlers) {
      if (this.byKey[h.apiKey]) throw new Error(`two handlers for api key ${h.apiKey}`);
      this.byKey[h.apiKey] = h;
    }
  }

  lookup(apiKey: number, apiVersion: number): DispatchResult {
    const handler = apiKey >= 0 ? this.byKey[apiKey] : undefined;
    if (!handler) return { kind: 'unknown-api' };
    if (apiVersion < handler.minVersion || apiVersion > handler.maxVersion) {
      return { kind: 'unsupported-version', handler };
    }
    return { kind: 'ok', handler };
  }
}
