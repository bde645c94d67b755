import type { Logger } from 'pino';

/**
 * Runs `task` every `intervalMs`, skipping a tick while the previous run is still going, logging a
 * failure as `failure`. The timer does not keep the process alive; clear it to stop.
 */
export function startPeriodicTask(
  intervalMs: number,
  task: () => Promise<unknown>,
  log: Logger,
  failure: string,
): NodeJS.Timeout {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task()
      .catch((err: unknown) => log.error({ err }, failure))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return timer;
}
