import { describe, expect, it } from 'vitest';
import { MAX_SELECTOR_DEPTH, MAX_SELECTOR_LENGTH } from './parser.js';
import { compileExpression, compileSelector, selectorMatches } from './selector.js';

const PROPS = new Map<string, string>([
  ['a', '10'],
  ['b', 'abc'],
  ['c', '2.5'],
  ['TAGS', 'TagA'],
  ['flag', 'true'],
  ['big', '9999999999'],
  ['neg', '-3'],
  ['quote', "it's"],
  ['empty', ''],
]);

function matches(sql: string, props: ReadonlyMap<string, string> = PROPS): boolean {
  const r = compileSelector(sql);
  if (r.status !== 'ok') throw new Error(`${sql}: ${r.message}`);
  return selectorMatches(r.selector, props);
}

describe('SQL92 selector evaluation (RocketMQ semantics)', () => {
  // [expression, matches PROPS]
  const table: [string, boolean][] = [
    // numeric comparison of string properties against numeric literals
    ['a = 10', true],
    ['a = 11', false],
    ['a <> 11', true],
    ['a <> 10', false],
    ['a > 5', true],
    ['a > 10', false],
    ['a >= 10', true],
    ['a < 10.5', true],
    ['a <= 9', false],
    ['c > 2', false], // Integer.valueOf("2.5") fails: the message does not match
    ['c > 2.0', true],
    ['c < 3.0', true],
    ['big > 2147483648', true], // a Long literal: Long.valueOf("9999999999")
    ['big > 2147483647', false], // still an Integer literal: Integer.valueOf overflows
    ['big > 1', false], // Integer literal: Integer.valueOf("9999999999") overflows -> no match
    ['neg < 0', true],
    ['neg = -3', true],
    ['a > -5', true],
    ['a = +10', true],
    ['a = 10L', true],
    // strings
    ["b = 'abc'", true],
    ["b = 'ABC'", false],
    ["b <> 'abc'", false],
    ["quote = 'it''s'", true],
    ["empty = ''", true],
    ["TAGS = 'TagA'", true],
    ["TAGS IN ('TagA', 'TagB')", true],
    ["TAGS IN ('TagB')", false],
    ["TAGS NOT IN ('TagB', 'TagC')", true],
    ["TAGS NOT IN ('TagA')", false],
    ["a IN ('10')", true],
    // type mismatch: a string that is not a number compared with a number never matches
    ['b > 1', false],
    ['b = 1', false],
    ['b <> 1', false],
    // two string properties are compared as doubles
    ['a > c', true],
    ['b > a', false],
    // BETWEEN
    ['a BETWEEN 1 AND 10', true],
    ['a BETWEEN 11 AND 20', false],
    ['a NOT BETWEEN 11 AND 20', true],
    ['a NOT BETWEEN 1 AND 10', false],
    ['c BETWEEN 2.0 AND 3.0', true],
    ['a BETWEEN -5 AND 5', false],
    // NULL: missing properties
    ['missing IS NULL', true],
    ['a IS NULL', false],
    ['a IS NOT NULL', true],
    ['missing IS NOT NULL', false],
    ['missing = 1', false],
    ['missing <> 1', false], // NOT(NULL) is NULL
    ['1 <> missing', true], // RocketMQ: a non-null left side against NULL is FALSE, so NOT gives TRUE
    ['missing > 1', false],
    ['NOT (missing > 1)', false],
    ["missing IN ('x')", false],
    ["missing NOT IN ('x')", false],
    ['missing BETWEEN 1 AND 2', false],
    // booleans
    ['TRUE', true],
    ['FALSE', false],
    ['NULL', false],
    ['flag = TRUE', true], // Boolean.valueOf("true")
    ['b = TRUE', false],
    ['flag', false], // a property used as a boolean is a string, never TRUE
    ['NOT flag', true],
    // logic, precedence and three-valued AND/OR
    ["a = 10 AND b = 'abc'", true],
    ["a = 10 AND b = 'x'", false],
    ["a = 1 OR b = 'abc'", true],
    ['a = 1 OR a = 2 OR a = 10', true],
    ["a = 1 AND b = 'abc' OR c > 2.0", true],
    ["a = 1 AND (b = 'abc' OR c > 2.0)", false],
    ['missing > 1 OR a = 10', true],
    ['missing > 1 AND a = 10', false],
    ['missing > 1 AND a = 1', false],
    ['NOT a = 10', false], // NOT binds tighter: (NOT a) = 10
    ['NOT (a = 10)', false],
    ['NOT (a = 11)', true],
    ['not (A = 10)', false], // keywords ignore case, property names do not: A is missing, NOT NULL is NULL
    // an evaluation error anywhere means no match, even inside OR
    ['b > 1 OR a = 10', false],
    // keywords in any case, comments and whitespace
    ["a = 10 and b = 'abc'", true],
    ['a /* ten */ = 10', true],
    ['a = 10 -- trailing comment\n', true],
    ['\ta\n=\r10\f', true],
    // RocketMQ stops after a complete expression and ignores what follows
    ['a = 10 b', true],
    ['a = 10 )', true],
    ['a = 01', false], // "0" then "1": a = 0, the rest ignored
  ];
  it.each(table)('%s -> %s', (sql, expected) => {
    expect(matches(sql)).toBe(expected);
  });

  it('matches nothing when the message has no properties', () => {
    expect(matches('a IS NULL', new Map())).toBe(true);
    expect(matches('a = 1', new Map())).toBe(false);
  });
});

describe('SQL92 selector parse errors', () => {
  const invalid: string[] = [
    '',
    '   ',
    'a =',
    'a = NULL', // use IS NULL
    'NULL = a',
    "a > 'x'", // strings cannot be ordered
    'a > TRUE',
    '(a = 1) > 2',
    'a BETWEEN 5 AND 1', // bounds out of order
    "a BETWEEN 'x' AND 'y'",
    'a BETWEEN NULL AND 1',
    'TRUE = 1', // a boolean constant compared with a number
    'a IN (1, 2)', // IN takes strings
    "'x' IN ('x')", // IN applies to a property
    'a IN ()',
    '5', // not a boolean
    "'text'",
    'a = 0.0', // RocketMQ refuses doubles below Double.MIN_VALUE
    'a = 1e400', // above Double.MAX_VALUE
    'a = 99999999999999999999', // beyond long
    'a == 1',
    'a != 1',
    "a = 'unterminated",
    'a = 1 /* open comment',
    'a = 1 -- comment without a line end',
    'a # 1',
    'a IS 1',
    '(a = 1',
    'NOT',
  ];
  it.each(invalid)('%j is refused', (sql) => {
    expect(compileSelector(sql).status).toBe('invalid');
  });

  it('accepts RocketMQ literal forms', () => {
    for (const sql of ['a = 5.', 'a = .5', 'a = 5E2', 'a = 5.5e-1', 'a = 1l', 'a IS NOT NULL', '1 = TRUE'])
      expect(compileSelector(sql).status, sql).toBe('ok');
  });

  it('bounds the length', () => {
    const long = `a IN (${Array.from({ length: MAX_SELECTOR_LENGTH / 4 }, () => "'x'").join(',')})`;
    expect(long.length).toBeGreaterThan(MAX_SELECTOR_LENGTH);
    const r = compileSelector(long);
    expect(r.status).toBe('invalid');
    if (r.status === 'invalid') expect(r.message).toMatch(/longer than/);
  });

  it('bounds the nesting depth', () => {
    const ok = `${'('.repeat(MAX_SELECTOR_DEPTH - 1)}a = 10${')'.repeat(MAX_SELECTOR_DEPTH - 1)}`;
    expect(matches(ok)).toBe(true);
    const deep = `${'('.repeat(MAX_SELECTOR_DEPTH + 1)}a = 10${')'.repeat(MAX_SELECTOR_DEPTH + 1)}`;
    const r = compileSelector(deep);
    expect(r.status).toBe('invalid');
    if (r.status === 'invalid') expect(r.message).toMatch(/nested deeper/);
    expect(compileSelector(`${'NOT '.repeat(MAX_SELECTOR_DEPTH + 1)}TRUE`).status).toBe('invalid');
    // Far deeper input fails the same way, without exhausting the stack.
    expect(compileSelector('('.repeat(MAX_SELECTOR_LENGTH - 10)).status).toBe('invalid');
  });
});

describe('compileExpression', () => {
  it('treats TAG, empty and absent types as tags (nothing to compile)', () => {
    expect(compileExpression(undefined, 'a || b')).toBeNull();
    expect(compileExpression('', '*')).toBeNull();
    expect(compileExpression('TAG', 'x')).toBeNull();
  });
  it('compiles SQL92 and refuses unknown types and empty expressions', () => {
    expect(compileExpression('SQL92', 'a = 1')?.status).toBe('ok');
    expect(compileExpression('SQL92', 'a =')?.status).toBe('invalid');
    expect(compileExpression('SQL92', '')?.status).toBe('invalid');
    expect(compileExpression('XPATH', 'a = 1')?.status).toBe('invalid');
  });
});
