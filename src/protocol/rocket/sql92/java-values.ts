/**
 * The values a RocketMQ selector computes with, and Java's rules for comparing them
 * (filter/.../expression/ComparisonExpression.__compare with string conversion on, as SelectorParser sets it).
 * Message properties are always Java Strings; literals are Integer, Long, Double, String or Boolean.
 */
export type JavaNumber =
  { type: 'int'; value: number } | { type: 'long'; value: bigint } | { type: 'double'; value: number };

export type JavaValue = null | boolean | string | JavaNumber;

/** Thrown while evaluating (Java's NumberFormatException / ClassCastException): the message does not match. */
export class EvaluationError extends Error {}

const INT_MIN = -0x80000000;
const INT_MAX = 0x7fffffff;
const LONG_MIN = -(1n << 63n);
const LONG_MAX = (1n << 63n) - 1n;

export const javaInt = (value: number): JavaNumber => ({ type: 'int', value });
export const javaLong = (value: bigint): JavaNumber => ({ type: 'long', value });
export const javaDouble = (value: number): JavaNumber => ({ type: 'double', value });

export const isNumber = (v: JavaValue): v is JavaNumber => typeof v === 'object' && v !== null;

/** Integer.valueOf(String) / Long.valueOf(String): optional sign, ASCII digits, in range; else throws. */
function parseJavaInteger(s: string, min: bigint, max: bigint): bigint {
  if (!/^[+-]?\d+$/.test(s)) throw new EvaluationError(`For input string: "${s}"`);
  const v = BigInt(s);
  if (v < min || v > max) throw new EvaluationError(`For input string: "${s}" (out of range)`);
  return v;
}

export const parseJavaInt = (s: string): number =>
  Number(parseJavaInteger(s, BigInt(INT_MIN), BigInt(INT_MAX)));
export const parseJavaLong = (s: string): bigint => parseJavaInteger(s, LONG_MIN, LONG_MAX);

/** Double.valueOf(String): trims chars <= ' ', accepts NaN, Infinity, exponents and an f/F/d/D suffix. */
export function parseJavaDouble(s: string): number {
  const t = s.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  const m = /^([+-]?)(NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[fFdD]?$/.exec(t);
  if (m === null) throw new EvaluationError(`For input string: "${s}"`);
  const body = m[2] ?? '';
  const magnitude = body === 'NaN' ? NaN : body === 'Infinity' ? Infinity : Number(body);
  return m[1] === '-' ? -magnitude : magnitude;
}

/** Boolean.valueOf(String): only "true", in any case, is true. */
const parseJavaBoolean = (s: string): boolean => s.toLowerCase() === 'true';

/** Double.compare: NaN is above everything and equal to itself; -0.0 is below 0.0. */
function compareDoubles(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  if (a === 0 && b === 0) return Object.is(a, b) ? 0 : Object.is(a, -0) ? -1 : 1;
  return 0;
}

const sign = (a: bigint | number, b: bigint | number): number => (a < b ? -1 : a > b ? 1 : 0);
const asDouble = (n: JavaNumber): number => (n.type === 'long' ? Number(n.value) : n.value);
const asLong = (n: JavaNumber): bigint =>
  n.type === 'double' ? BigInt(Math.trunc(n.value)) : BigInt(n.value);

/** Object.equals between two non-null values (no conversion: Integer 1 does not equal Long 1). */
export function javaEquals(a: Exclude<JavaValue, null>, b: Exclude<JavaValue, null>): boolean {
  if (isNumber(a) && isNumber(b)) {
    if (a.type !== b.type) return false;
    return a.type === 'double' ? Object.is(a.value, b.value) : a.value === b.value;
  }
  return a === b;
}

function compareSameNumbers(a: JavaNumber, b: JavaNumber): number {
  if (a.type === 'double' || b.type === 'double') return compareDoubles(asDouble(a), asDouble(b));
  return sign(asLong(a), asLong(b));
}

/**
 * __compare(lv, rv, convertStringExpressions = true): the sign of lv.compareTo(rv) after Java's widening.
 * Unrelated types compare as -1 (so `<` is true), as in RocketMQ. Throws EvaluationError where Java throws.
 */
export function javaCompare(lv: Exclude<JavaValue, null>, rv: Exclude<JavaValue, null>): number {
  if (typeof lv === 'boolean') {
    if (typeof rv === 'boolean') return lv === rv ? 0 : lv ? 1 : -1;
    // Java casts the Boolean to String here and fails.
    if (typeof rv === 'string')
      throw new EvaluationError('java.lang.Boolean cannot be cast to java.lang.String');
    return -1;
  }
  if (typeof lv === 'string') {
    if (typeof rv === 'string') return lv < rv ? -1 : lv > rv ? 1 : 0;
    if (typeof rv === 'boolean') {
      const b = parseJavaBoolean(lv);
      return b === rv ? 0 : b ? 1 : -1;
    }
    return compareSameNumbers(fromString(lv, rv.type), rv);
  }
  if (typeof rv === 'boolean') return -1;
  if (typeof rv === 'string') return compareSameNumbers(lv, fromString(rv, lv.type));
  // Integer vs Long widens to long, anything vs Double to double.
  return compareSameNumbers(lv, rv);
}

function fromString(s: string, type: JavaNumber['type']): JavaNumber {
  switch (type) {
    case 'int':
      return javaInt(parseJavaInt(s));
    case 'long':
      return javaLong(parseJavaLong(s));
    case 'double':
      return javaDouble(parseJavaDouble(s));
    default: {
      const never: never = type;
      return never;
    }
  }
}

/** Unary minus on a number (Java overflow: -Integer.MIN_VALUE stays MIN_VALUE). */
export function negate(n: JavaNumber): JavaNumber {
  switch (n.type) {
    case 'int':
      return javaInt(-n.value | 0);
    case 'long':
      return javaLong(BigInt.asIntN(64, -n.value));
    case 'double':
      return javaDouble(-n.value);
    default: {
      const never: never = n;
      return never;
    }
  }
}
