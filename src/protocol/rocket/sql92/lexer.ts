/**
 * Tokens of RocketMQ's SQL92 message selector (filter/.../parser/SelectorParser.jj, 4.9.x): keywords and
 * identifiers ignore case; `--` comments run to a line end (which must be there), `/* ... *\/` comments;
 * whitespace is space, tab, CR, LF and form feed.
 */
export class SelectorSyntaxError extends Error {}

export type TokenKind =
  | 'NOT'
  | 'AND'
  | 'OR'
  | 'BETWEEN'
  | 'IN'
  | 'TRUE'
  | 'FALSE'
  | 'NULL'
  | 'IS'
  | 'decimal'
  | 'float'
  | 'string'
  | 'id'
  | '='
  | '<>'
  | '>'
  | '>='
  | '<'
  | '<='
  | '('
  | ')'
  | ','
  | '+'
  | '-'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** The source text (for a string literal: the decoded value). */
  text: string;
  at: number;
}

const KEYWORDS = new Set<TokenKind>(['NOT', 'AND', 'OR', 'BETWEEN', 'IN', 'TRUE', 'FALSE', 'NULL', 'IS']);
const WHITESPACE = new Set([' ', '\t', '\n', '\r', '\f']);
const ID_START = /[a-zA-Z_$]/;
const ID_PART = /[a-zA-Z0-9_$]/;
const DIGIT = /[0-9]/;
/** Longest first, so "<>" and "<=" win over "<". */
const OPERATORS = ['<>', '>=', '<=', '=', '>', '<', '(', ')', ',', '+', '-'] as const;

/** Splits a selector into tokens, ending with an 'eof' token. Throws SelectorSyntaxError on a bad character. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i] ?? '';
    if (WHITESPACE.has(c)) {
      i++;
      continue;
    }
    if (source.startsWith('--', i)) {
      const end = source.slice(i).search(/[\r\n]/);
      if (end < 0) throw new SelectorSyntaxError(`comment at ${i} is not ended by a line break`);
      i += end + 1;
      continue;
    }
    if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) throw new SelectorSyntaxError(`comment at ${i} is not closed`);
      i = end + 2;
      continue;
    }
    if (c === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= n) throw new SelectorSyntaxError(`string literal at ${i} is not closed`);
        const d = source[j];
        if (d === "'") {
          if (source[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += d;
        j++;
      }
      tokens.push({ kind: 'string', text: value, at: i });
      i = j + 1;
      continue;
    }
    const number = matchNumber(source, i);
    if (number !== undefined) {
      tokens.push({ kind: number.kind, text: source.slice(i, number.end), at: i });
      i = number.end;
      continue;
    }
    if (ID_START.test(c)) {
      let j = i + 1;
      while (j < n && ID_PART.test(source[j] ?? '')) j++;
      const word = source.slice(i, j);
      const upper = word.toUpperCase() as TokenKind;
      tokens.push({ kind: KEYWORDS.has(upper) ? upper : 'id', text: word, at: i });
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op === undefined) throw new SelectorSyntaxError(`unexpected character ${JSON.stringify(c)} at ${i}`);
    tokens.push({ kind: op, text: op, at: i });
    i += op.length;
  }
  tokens.push({ kind: 'eof', text: '', at: n });
  return tokens;
}

/**
 * DECIMAL_LITERAL: "0" | [1-9][0-9]* [lL]?; FLOATING_POINT_LITERAL: digits "." digits? exp? | "." digits exp?
 * | digits exp. The longest match wins; on equal length the decimal form does.
 */
function matchNumber(s: string, start: number): { kind: 'decimal' | 'float'; end: number } | undefined {
  const digitsFrom = (at: number): number => {
    let j = at;
    while (j < s.length && DIGIT.test(s[j] ?? '')) j++;
    return j;
  };
  const exponentFrom = (at: number): number => {
    if (s[at] !== 'e' && s[at] !== 'E') return at;
    let j = at + 1;
    if (s[j] === '+' || s[j] === '-') j++;
    const end = digitsFrom(j);
    return end > j ? end : at;
  };
  let floatEnd = -1;
  const intEnd = digitsFrom(start);
  if (intEnd > start) {
    if (s[intEnd] === '.') floatEnd = exponentFrom(digitsFrom(intEnd + 1));
    else {
      const e = exponentFrom(intEnd);
      if (e > intEnd) floatEnd = e;
    }
  } else if (s[start] === '.') {
    const fracEnd = digitsFrom(start + 1);
    if (fracEnd > start + 1) floatEnd = exponentFrom(fracEnd);
  }
  let decimalEnd = -1;
  if (s[start] === '0') decimalEnd = start + 1;
  else if (intEnd > start) decimalEnd = s[intEnd] === 'l' || s[intEnd] === 'L' ? intEnd + 1 : intEnd;
  if (floatEnd > decimalEnd) return { kind: 'float', end: floatEnd };
  if (decimalEnd > start) return { kind: 'decimal', end: decimalEnd };
  return undefined;
}
