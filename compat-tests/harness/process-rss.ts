/** A process's resident memory, read from /proc, for the limit tests' figures. */
import { readFileSync } from 'node:fs';

/** VmRSS of a process, in bytes. */
export function rssBytes(pid: number): number {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(text);
  if (m?.[1] === undefined) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}
