import { pino } from 'pino';
/** The one root logger of a process; components receive children of it through their constructors. */
export function createRootLogger(level = 'info') {
    return pino({
        level,
        base: { pid: process.pid },
        timestamp: pino.stdTimeFunctions.isoTime,
    });
}
/** A logger that drops everything, for unit tests. */
export function createSilentLogger() {
    return pino({ level: 'silent' });
}
