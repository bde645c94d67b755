import {
  EvaluationError,
  isNumber,
  javaCompare,
  javaEquals,
  negate,
  parseJavaDouble,
  type JavaValue,
} from './java-values.js';
import type { Expr } from './parser.js';

/** A message's properties as the selector sees them: name -> string value, undefined when absent. */
export type PropertyLookup = (name: string) => string | undefined;

/**
 * Evaluates a parsed selector with RocketMQ's three-valued logic: a missing property is NULL, a
 * comparison with NULL is NULL, and AND/OR/NOT follow SQL (FALSE AND NULL = FALSE, TRUE OR NULL = TRUE).
 * Only TRUE matches. An evaluation error (a property that is not a number compared with a number, for
 * example) means no match for the whole message, as in RocketMQ (ExpressionMessageFilter).
 */
export function matchesSelector(expr: Expr, property: PropertyLookup): boolean {
  try {
    return evaluate(expr, property) === true;
  } catch (err) {
    if (err instanceof EvaluationError) return false;
    throw err;
  }
}

function evaluateBoolean(expr: Expr, property: PropertyLookup): boolean | null {
  const v = evaluate(expr, property);
  if (v !== null && typeof v !== 'boolean') throw new EvaluationError('not a boolean');
  return v;
}

export function evaluate(expr: Expr, property: PropertyLookup): JavaValue {
  switch (expr.kind) {
    case 'const':
      return expr.value;
    case 'prop':
      return property(expr.name) ?? null;
    case 'and': {
      const l = evaluateBoolean(expr.left, property);
      if (l === false) return false;
      const r = evaluateBoolean(expr.right, property);
      if (r === false) return false;
      return l === null || r === null ? null : true;
    }
    case 'or': {
      const l = evaluateBoolean(expr.left, property);
      if (l === true) return true;
      const r = evaluateBoolean(expr.right, property);
      if (r === true) return true;
      return l === null || r === null ? null : false;
    }
    case 'not': {
      const v = evaluateBoolean(expr.operand, property);
      return v === null ? null : !v;
    }
    case 'cast': {
      const v = evaluate(expr.operand, property);
      if (v === null) return null;
      return v === true;
    }
    case 'negate': {
      const v = evaluate(expr.operand, property);
      return isNumber(v) ? negate(v) : null;
    }
    case 'equal': {
      const l = evaluate(expr.left, property);
      const r = evaluate(expr.right, property);
      if (l === null || r === null) return l === r ? true : l === null ? null : false;
      if (javaEquals(l, r)) return true;
      return javaCompare(l, r) === 0;
    }
    case 'compare': {
      const l = evaluate(expr.left, property);
      if (l === null) return null;
      const r = evaluate(expr.right, property);
      if (r === null) return null;
      // Two strings are compared as numbers (Double.valueOf); strings are never ordered.
      const order =
        typeof l === 'string' && typeof r === 'string'
          ? javaCompare(
              { type: 'double', value: parseJavaDouble(l) },
              { type: 'double', value: parseJavaDouble(r) },
            )
          : javaCompare(l, r);
      switch (expr.op) {
        case '>':
          return order > 0;
        case '>=':
          return order >= 0;
        case '<':
          return order < 0;
        case '<=':
          return order <= 0;
        default: {
          const never: never = expr.op;
          return never;
        }
      }
    }
    case 'in': {
      const v = property(expr.property);
      if (v === undefined) return null;
      return expr.values.includes(v) !== expr.negated;
    }
    default: {
      const never: never = expr;
      return never;
    }
  }
}
