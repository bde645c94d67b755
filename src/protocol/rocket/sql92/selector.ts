import { matchesSelector } from './evaluate.js';
import { SelectorSyntaxError } from './lexer.js';
import { MAX_SELECTOR_LENGTH, parseSelector, type Expr } from './parser.js';

/** RocketMQ's ExpressionType values: TAG (the default, also for null or "") and SQL92. */
export const EXPRESSION_TYPE_TAG = 'TAG';
export const EXPRESSION_TYPE_SQL92 = 'SQL92';

/** ExpressionType.isTagType: no type, an empty one, or TAG. */
export const isTagType = (type: string | undefined): boolean =>
  type === undefined || type === '' || type === EXPRESSION_TYPE_TAG;

/** A parsed SQL92 selector, ready to test message properties. */
export interface CompiledSelector {
  source: string;
  expr: Expr;
}

export type CompileResult =
  { status: 'ok'; selector: CompiledSelector } | { status: 'invalid'; message: string };

/** Parsed selectors (and failures) by source text, like RocketMQ's parse cache; oldest dropped first. */
const CACHE_ENTRIES = 256;
const cache = new Map<string, CompileResult>();

/** Parses a SQL92 selector (cached). A bad one is a value, never an exception. */
export function compileSelector(source: string): CompileResult {
  // Refused before the cache, so that oversized keys never stay in memory.
  if (source.length > MAX_SELECTOR_LENGTH)
    return { status: 'invalid', message: `expression longer than ${MAX_SELECTOR_LENGTH} characters` };
  const hit = cache.get(source);
  if (hit !== undefined) return hit;
  let result: CompileResult;
  try {
    result = { status: 'ok', selector: { source, expr: parseSelector(source) } };
  } catch (err) {
    if (!(err instanceof SelectorSyntaxError)) throw err;
    result = { status: 'invalid', message: err.message };
  }
  if (cache.size >= CACHE_ENTRIES) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(source, result);
  return result;
}

/**
 * Compiles a subscription expression of any type: TAG is always valid here (tags are split elsewhere),
 * SQL92 is parsed, any other type is refused (RocketMQ has no filter for it).
 */
export function compileExpression(type: string | undefined, source: string): CompileResult | null {
  if (isTagType(type)) return null;
  if (type !== EXPRESSION_TYPE_SQL92)
    return { status: 'invalid', message: `unknown expression type ${type}` };
  if (source.trim() === '') return { status: 'invalid', message: `Expression can't be null! ${type}` };
  return compileSelector(source);
}

/** True when the message properties satisfy the selector (NULL and evaluation errors do not match). */
export function selectorMatches(
  selector: CompiledSelector,
  properties: ReadonlyMap<string, string>,
): boolean {
  return matchesSelector(selector.expr, (name) => properties.get(name));
}
