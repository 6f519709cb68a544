import type { Rule } from '../../engine/rule.js';
import duplicateCode from './duplicate-code.js';
import duplicateKey from './duplicate-key.js';
import emptyBlock from './empty-block.js';
import godClass from './god-class.js';
import redefinedBuiltin from './redefined-builtin.js';
import selfComparison from './self-comparison.js';
import todoComment from './todo-comment.js';
import tooManyReturns from './too-many-returns.js';
import unreachableCode from './unreachable-code.js';
import unusedImport from './unused-import.js';
import unusedParameter from './unused-parameter.js';
import unusedVariable from './unused-variable.js';
import wildcardImport from './wildcard-import.js';

export const qualityRules = [
  duplicateCode,
  duplicateKey,
  emptyBlock,
  godClass,
  redefinedBuiltin,
  selfComparison,
  todoComment,
  tooManyReturns,
  unreachableCode,
  unusedImport,
  unusedParameter,
  unusedVariable,
  wildcardImport,
] satisfies Rule[];
