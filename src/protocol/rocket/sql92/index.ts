export {
  compileExpression,
  compileSelector,
  EXPRESSION_TYPE_SQL92,
  EXPRESSION_TYPE_TAG,
  isTagType,
  selectorMatches,
  type CompiledSelector,
  type CompileResult,
} from './selector.js';
export { MAX_SELECTOR_DEPTH, MAX_SELECTOR_LENGTH } from './parser.js';
