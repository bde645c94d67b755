/**
 * Node/V8 flags the broker process is started with. The compat harness and bench/ import this list;
 * scripts/start.sh and bin/ferrymq.js repeat it (src/node-flags.test.ts keeps them equal).
 *
 * `--initial-old-space-size=64`: with V8's default start (an old-space limit derived from the ~8 MB live
 * heap), the external memory of request and socket buffers under Produce load starts a mark-compact
 * about every 100 ms; 64 MB of initial old space removes them (T1: broker CPU per GB -38 %,
 * docs/performance.md "Garbage collection"). It costs at most that much more heap before the first
 * full collection. NODE_OPTIONS does not accept the flag, so it goes on the command line.
 */
export const BROKER_NODE_FLAGS: readonly string[] = ['--initial-old-space-size=64'];
