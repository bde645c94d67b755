import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/** The one root logger of a process; components receive children of it through their constructors. */
export function createRootLogger(level: LevelWithSilent = 'info'): Logger {
  return pino({
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/** A logger that drops everything, for unit tests. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
