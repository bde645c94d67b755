import { ProtocolDecodeError } from '../../../errors.js';

/**
 * A request's extFields with typed, explicit accessors (RocketMQ's CommandCustomHeader without
 * reflection). Missing required fields and unparsable numbers throw HeaderFieldError, which the listener
 * answers with SYSTEM_ERROR and the field name, keeping the connection (as the Java broker does).
 */
export class HeaderFieldError extends ProtocolDecodeError {}

export class ExtFields {
  constructor(private readonly fields: Readonly<Record<string, string>>) {}

  has(name: string): boolean {
    return this.fields[name] !== undefined;
  }

  string(name: string): string {
    const v = this.fields[name];
    if (v === undefined) throw new HeaderFieldError(name, 0, `the custom field <${name}> is null`);
    return v;
  }

  optString(name: string): string | undefined {
    return this.fields[name];
  }

  /** A Java int (parseInt): optional sign and digits, 32-bit range. */
  int(name: string): number {
    const v = this.string(name).trim();
    const n = /^[-+]?\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < -0x80000000 || n > 0x7fffffff)
      throw new HeaderFieldError(name, 0, `not an int: ${JSON.stringify(v)}`);
    return n;
  }

  optInt(name: string, fallback: number): number {
    return this.has(name) ? this.int(name) : fallback;
  }

  /** A Java long (parseLong), kept as a number: queue offsets and timestamps stay below 2^53. */
  long(name: string): number {
    const v = this.string(name).trim();
    const n = /^[-+]?\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n))
      throw new HeaderFieldError(name, 0, `not a long in range: ${JSON.stringify(v)}`);
    return n;
  }

  optLong(name: string, fallback: number): number {
    return this.has(name) ? this.long(name) : fallback;
  }

  /** Java parseBoolean: only "true" (any case) is true. */
  bool(name: string, fallback = false): boolean {
    const v = this.fields[name];
    return v === undefined ? fallback : v.toLowerCase() === 'true';
  }
}
