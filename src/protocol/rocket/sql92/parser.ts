import {
  javaCompare,
  javaDouble,
  javaInt,
  javaLong,
  isNumber,
  EvaluationError,
  type JavaValue,
} from './java-values.js';
import { SelectorSyntaxError, tokenize, type Token, type TokenKind } from './lexer.js';

/**
 * A recursive-descent parser for RocketMQ's SQL92 selector grammar (SelectorParser.jj, 4.9.x), with the
 * checks RocketMQ makes while building the expression (ComparisonExpression.create*): `>`/`<` operands
 * must be numbers or non-boolean expressions, `= NULL` is refused (use IS NULL), BETWEEN bounds must be
 * ordered, IN applies to a property and takes string literals. Precedence, loosest first: OR, AND,
 * = <> IS [NOT] NULL, > >= < <= [NOT] BETWEEN [NOT] IN, unary + - NOT.
 *
 * As in RocketMQ the parse stops after the first complete expression: tokens after it are not read as
 * part of it (RocketMQ's grammar has no end-of-input rule).
 */
export type Expr =
  | { kind: 'const'; value: JavaValue }
  | { kind: 'prop'; name: string }
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; operand: Expr }
  /** A property used where a boolean is needed: true only for a Boolean value (never for a string). */
  | { kind: 'cast'; operand: Expr }
  | { kind: 'negate'; operand: Expr }
  | { kind: 'compare'; op: '>' | '>=' | '<' | '<='; left: Expr; right: Expr }
  | { kind: 'equal'; left: Expr; right: Expr }
  | { kind: 'in'; property: string; values: readonly string[]; negated: boolean };

/** Longest selector accepted, in UTF-16 code units. */
export const MAX_SELECTOR_LENGTH = 16_384;
/** Deepest nesting accepted: each parenthesis and each prefix operator (+, -, NOT) is one level. */
export const MAX_SELECTOR_DEPTH = 64;

const NULL_CONST: Expr = { kind: 'const', value: null };
const BOOLEAN_KINDS = new Set<Expr['kind']>(['and', 'or', 'not', 'cast', 'compare', 'equal', 'in']);

/** A boolean constant (TRUE, FALSE, NULL literals) or an operator yielding a boolean. */
function isBooleanExpr(e: Expr): boolean {
  if (e.kind === 'const') return e.value === null || typeof e.value === 'boolean';
  return BOOLEAN_KINDS.has(e.kind);
}

function asBoolean(e: Expr): Expr {
  if (isBooleanExpr(e)) return e;
  if (e.kind === 'prop') return { kind: 'cast', operand: e };
  throw new SelectorSyntaxError('expression will not result in a boolean value');
}

function checkOrderable(e: Expr): void {
  if (e.kind === 'const') {
    if (isNumber(e.value)) return;
    throw new SelectorSyntaxError(`value ${describe(e.value)} cannot be compared`);
  }
  if (isBooleanExpr(e)) throw new SelectorSyntaxError('a boolean expression cannot be compared with < or >');
}

function checkEqualOperand(e: Expr): void {
  if (e.kind === 'const' && e.value === null)
    throw new SelectorSyntaxError('NULL cannot be compared; use IS NULL');
}

const describe = (v: JavaValue): string =>
  v === null
    ? 'NULL'
    : isNumber(v)
      ? String(v.value)
      : typeof v === 'string'
        ? `'${v}'`
        : String(v).toUpperCase();

function compare(op: '>' | '>=' | '<' | '<=', left: Expr, right: Expr): Expr {
  checkOrderable(left);
  checkOrderable(right);
  return { kind: 'compare', op, left, right };
}

function equal(left: Expr, right: Expr): Expr {
  checkEqualOperand(left);
  checkEqualOperand(right);
  if (left.kind === 'const' && right.kind === 'const' && isBooleanExpr(left) && !isBooleanExpr(right))
    throw new SelectorSyntaxError(`${describe(left.value)} cannot be compared with ${describe(right.value)}`);
  return { kind: 'equal', left, right };
}

function between(value: Expr, low: Expr, high: Expr): Expr {
  if (low.kind === 'const' && high.kind === 'const') {
    if (low.value === null || high.value === null)
      throw new SelectorSyntaxError('BETWEEN bounds cannot be NULL');
    let order: number;
    try {
      order = javaCompare(high.value, low.value);
    } catch (err) {
      if (err instanceof EvaluationError)
        throw new SelectorSyntaxError(`illegal BETWEEN bounds: ${err.message}`);
      throw err;
    }
    if (order < 0)
      throw new SelectorSyntaxError(
        `BETWEEN: the lower bound ${describe(low.value)} is above the upper bound ${describe(high.value)}`,
      );
  }
  return { kind: 'and', left: compare('>=', value, low), right: compare('<=', value, high) };
}

function decimalLiteral(text: string): Expr {
  const digits = text.endsWith('l') || text.endsWith('L') ? text.slice(0, -1) : text;
  const v = BigInt(digits);
  if (v > (1n << 63n) - 1n) throw new SelectorSyntaxError(`number ${text} is out of the long range`);
  return { kind: 'const', value: v <= 0x7fffffffn ? javaInt(Number(v)) : javaLong(v) };
}

function floatLiteral(text: string): Expr {
  const v = Number(text);
  if (!Number.isFinite(v)) throw new SelectorSyntaxError(`${text} is greater than Double.MAX_VALUE`);
  // RocketMQ refuses anything below Double.MIN_VALUE, which includes 0.0.
  if (v < Number.MIN_VALUE) throw new SelectorSyntaxError(`${text} is less than Double.MIN_VALUE`);
  return { kind: 'const', value: javaDouble(v) };
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseSelector(): Expr {
    return asBoolean(this.orExpression());
  }

  private peek(offset = 0): Token {
    const t = this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
    if (t === undefined) throw new SelectorSyntaxError('empty token list');
    return t;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private accept(kind: TokenKind): boolean {
    if (this.peek().kind !== kind) return false;
    this.pos++;
    return true;
  }

  private expect(kind: TokenKind): Token {
    const t = this.next();
    if (t.kind !== kind) throw unexpected(t, kind);
    return t;
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_SELECTOR_DEPTH)
      throw new SelectorSyntaxError(`expression nested deeper than ${MAX_SELECTOR_DEPTH} levels`);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private orExpression(): Expr {
    let left = this.andExpression();
    while (this.accept('OR')) {
      const right = this.andExpression();
      left = { kind: 'or', left: asBoolean(left), right: asBoolean(right) };
    }
    return left;
  }

  private andExpression(): Expr {
    let left = this.equalityExpression();
    while (this.accept('AND')) {
      const right = this.equalityExpression();
      left = { kind: 'and', left: asBoolean(left), right: asBoolean(right) };
    }
    return left;
  }

  private equalityExpression(): Expr {
    let left = this.comparisonExpression();
    for (;;) {
      if (this.accept('=')) left = equal(left, this.comparisonExpression());
      else if (this.accept('<>')) left = { kind: 'not', operand: equal(left, this.comparisonExpression()) };
      else if (this.peek().kind === 'IS' && this.peek(1).kind === 'NULL') {
        this.pos += 2;
        left = { kind: 'equal', left, right: NULL_CONST };
      } else if (this.peek().kind === 'IS') {
        this.pos++;
        this.expect('NOT');
        this.expect('NULL');
        left = { kind: 'not', operand: { kind: 'equal', left, right: NULL_CONST } };
      } else return left;
    }
  }

  private comparisonExpression(): Expr {
    let left = this.unaryExpression();
    for (;;) {
      const t = this.peek();
      if (t.kind === '>' || t.kind === '>=' || t.kind === '<' || t.kind === '<=') {
        this.pos++;
        left = compare(t.kind, left, this.unaryExpression());
      } else if (t.kind === 'BETWEEN') {
        this.pos++;
        left = this.betweenTail(left, false);
      } else if (t.kind === 'IN') {
        this.pos++;
        left = this.inTail(left, false);
      } else if (t.kind === 'NOT' && this.peek(1).kind === 'BETWEEN') {
        this.pos += 2;
        left = this.betweenTail(left, true);
      } else if (t.kind === 'NOT' && this.peek(1).kind === 'IN') {
        this.pos += 2;
        left = this.inTail(left, true);
      } else return left;
    }
  }

  private betweenTail(value: Expr, negated: boolean): Expr {
    const low = this.unaryExpression();
    this.expect('AND');
    const high = this.unaryExpression();
    if (!negated) return between(value, low, high);
    return { kind: 'or', left: compare('<', value, low), right: compare('>', value, high) };
  }

  private inTail(left: Expr, negated: boolean): Expr {
    this.expect('(');
    const values = [this.expect('string').text];
    while (this.accept(',')) values.push(this.expect('string').text);
    this.expect(')');
    if (left.kind !== 'prop') throw new SelectorSyntaxError('IN applies to a property');
    return { kind: 'in', property: left.name, values, negated };
  }

  private unaryExpression(): Expr {
    if (this.accept('+')) return this.nested(() => this.unaryExpression());
    if (this.accept('-')) return { kind: 'negate', operand: this.nested(() => this.unaryExpression()) };
    if (this.accept('NOT'))
      return { kind: 'not', operand: asBoolean(this.nested(() => this.unaryExpression())) };
    return this.primaryExpression();
  }

  private primaryExpression(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { kind: 'const', value: t.text };
      case 'decimal':
        return decimalLiteral(t.text);
      case 'float':
        return floatLiteral(t.text);
      case 'TRUE':
        return { kind: 'const', value: true };
      case 'FALSE':
        return { kind: 'const', value: false };
      case 'NULL':
        return NULL_CONST;
      case 'id':
        return { kind: 'prop', name: t.text };
      case '(': {
        const inner = this.nested(() => this.orExpression());
        this.expect(')');
        return inner;
      }
      default:
        throw unexpected(t, 'a literal, a property or "("');
    }
  }
}

function unexpected(t: Token, wanted: string): SelectorSyntaxError {
  const found = t.kind === 'eof' ? 'the end' : JSON.stringify(t.text);
  return new SelectorSyntaxError(`expected ${wanted} at ${t.at}, found ${found}`);
}

/** Parses a selector; throws SelectorSyntaxError (length, depth, tokens, grammar, RocketMQ's build checks). */
export function parseSelector(source: string): Expr {
  if (source.length > MAX_SELECTOR_LENGTH)
    throw new SelectorSyntaxError(`expression longer than ${MAX_SELECTOR_LENGTH} characters`);
  return new Parser(tokenize(source)).parseSelector();
}
