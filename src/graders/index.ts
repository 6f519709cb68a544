import type { Rule } from '../engine/rule.js';
import cognitiveComplexity from './complexity/cognitive-complexity.js';
import cyclomaticComplexity from './complexity/cyclomatic-complexity.js';
import deepNesting from './complexity/deep-nesting.js';
import longFile from './complexity/long-file.js';
import longFunction from './complexity/long-function.js';
import lowMaintainability from './complexity/low-maintainability.js';
import tooManyParams from './complexity/too-many-params.js';

/** The built-in rule catalogue: static imports, one rule per file, sorted by id. */
export const BUILTIN_RULES: readonly Rule[] = (
  [cognitiveComplexity, cyclomaticComplexity, deepNesting, longFile, longFunction, lowMaintainability, tooManyParams] as unknown as Rule[]
).sort((a, b) => (a.id < b.id ? -1 : 1));
