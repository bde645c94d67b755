/**
 * A `records` field: decoding gives a slice of the request buffer (no copy) or null; encoding accepts one
 * Buffer or a list of chunks (for example, record batches read straight from the store) written without
 * copying.
 */
export type Records = Buffer | readonly Buffer[] | null;

/** Total byte length of a records value (0 for null). */
export function recordsByteLength(records: Records): number {
  if (records === null) return 0;
  if (Buffer.isBuffer(records)) return records.length;
  let total = 0;
  for (const chunk of records as readonly Buffer[]) total += chunk.length;
  return total;
}
