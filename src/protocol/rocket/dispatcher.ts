import type { ProcessorRole, RocketProcessor } from './processor.js';

/** Request code -> processor for one server role (RocketMQ's processorTable, without executors). */
export class RocketDispatcher {
  private readonly byCode = new Map<number, RocketProcessor>();

  constructor(processors: readonly RocketProcessor[], role: ProcessorRole) {
    for (const p of processors) {
      if (!p.roles.includes(role)) continue;
      if (this.byCode.has(p.code)) throw new Error(`two processors for request code ${p.code}`);
      this.byCode.set(p.code, p);
    }
  }

  lookup(code: number): RocketProcessor | undefined {
    return this.byCode.get(code);
  }

  get codes(): number[] {
    return [...this.byCode.keys()].sort((a, b) => a - b);
  }
}
