import { readFileSync } from 'node:fs';

/** The parts of a V8 .cpuprofile (written by `node --cpu-prof`) that a self-time summary needs. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }[];
  startTime: number;
  endTime: number;
}

export interface HotFunction {
  name: string;
  location: string;
  selfPct: number;
}

/**
 * The functions with the most self time in a CPU profile, as a share of the busy (non-idle) samples;
 * (program) and (garbage collector) are kept, since they say where time goes too.
 */
export function hotFunctions(path: string, top = 15): { functions: HotFunction[]; busyPct: number } {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byKey = new Map<string, HotFunction & { hits: number }>();
  let total = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += hits;
      continue;
    }
    const file = url.replace(/^file:\/\//, '').replace(/^.*\/(dist|node_modules|src|bench)\//, '$1/');
    const location = url === '' ? '' : `${file}:${lineNumber + 1}`;
    const name = functionName === '' ? '(anonymous)' : functionName;
    const key = `${name}@${location}`;
    const entry = byKey.get(key) ?? { name, location, selfPct: 0, hits: 0 };
    entry.hits += hits;
    byKey.set(key, entry);
  }
  const functions = [...byKey.values()]
    .sort((a, b) => b.hits - a.hits)
    .slice(0, top)
    .map(({ name, location, hits }) => ({
      name,
      location,
      selfPct: total > idle ? (100 * hits) / (total - idle) : 0,
    }));
  return { functions, busyPct: total > 0 ? (100 * (total - idle)) / total : 0 };
}
