/**
 * The logger the client writes to: any pino logger fits. The default is silent, so an application that
 * passes nothing sees nothing; pass `pino()` (or a child) to see connection and rebalance events.
 */
export interface ClientLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): ClientLogger;
}

const none = (): void => undefined;

export const silentLogger: ClientLogger = {
  debug: none,
  info: none,
  warn: none,
  error: none,
  child: () => silentLogger,
};
