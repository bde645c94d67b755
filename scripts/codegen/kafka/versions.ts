/**
 * Version ranges as the Kafka schemas write them ("0+", "3-7", "5", "none"), and the `if (version …)`
 * conditions the generated code uses. Conditions are simplified against the range the surrounding code
 * already runs in, so a field present in every version of its struct gets no branch at all.
 */

/** An inclusive range of versions; `hi` is Infinity for open ranges ("3+"). */
export interface VersionRange {
  readonly lo: number;
  readonly hi: number;
}

/** Parses a schema version string; returns null for "none". Throws on anything else. */
export function parseVersions(text: string, where: string): VersionRange | null {
  const t = text.trim();
  if (t === 'none') return null;
  let m = /^(\d+)\+$/.exec(t);
  if (m) return { lo: Number(m[1]), hi: Infinity };
  m = /^(\d+)-(\d+)$/.exec(t);
  if (m) {
    const lo = Number(m[1]);
    const hi = Number(m[2]);
    if (hi < lo) throw new Error(`${where}: empty version range "${text}"`);
    return { lo, hi };
  }
  m = /^(\d+)$/.exec(t);
  if (m) return { lo: Number(m[1]), hi: Number(m[1]) };
  throw new Error(`${where}: cannot parse version range "${text}"`);
}

export function intersect(a: VersionRange | null, b: VersionRange | null): VersionRange | null {
  if (a === null || b === null) return null;
  const lo = Math.max(a.lo, b.lo);
  const hi = Math.min(a.hi, b.hi);
  return lo <= hi ? { lo, hi } : null;
}

/** The smallest range covering both. */
export function hull(a: VersionRange | null, b: VersionRange | null): VersionRange | null {
  if (a === null) return b;
  if (b === null) return a;
  return { lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
}

/** True when every version of `inner` lies in `outer`. */
export function covers(outer: VersionRange | null, inner: VersionRange | null): boolean {
  if (inner === null) return true;
  if (outer === null) return false;
  return outer.lo <= inner.lo && inner.hi <= outer.hi;
}

/**
 * A TypeScript condition on `version` that is true for the versions of `range` inside `context`:
 * 'true' when the range covers the context, 'false' when they do not meet.
 */
export function versionCondition(
  range: VersionRange | null,
  context: VersionRange | null,
  name = 'version',
): string {
  const r = intersect(range, context);
  if (r === null || context === null) return 'false';
  const parts: string[] = [];
  if (r.lo === r.hi && r.lo > context.lo && r.hi < context.hi) return `${name} === ${r.lo}`;
  if (r.lo > context.lo) parts.push(`${name} >= ${r.lo}`);
  if (r.hi < context.hi) parts.push(`${name} <= ${r.hi}`);
  return parts.length === 0 ? 'true' : parts.join(' && ');
}

export function formatRange(r: VersionRange | null): string {
  if (r === null) return 'none';
  if (r.hi === Infinity) return `${r.lo}+`;
  return r.lo === r.hi ? `${r.lo}` : `${r.lo}-${r.hi}`;
}
