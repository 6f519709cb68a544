import type { Rule } from '../../engine/rule.js';
import cognitiveComplexity from './cognitive-complexity.js';
import complexCondition from './complex-condition.js';
import cyclomaticComplexity from './cyclomatic-complexity.js';
import deepNesting from './deep-nesting.js';
import longFile from './long-file.js';
import longFunction from './long-function.js';
import lowMaintainability from './low-maintainability.js';
import tooManyParams from './too-many-params.js';

export const complexityRules = [
  cognitiveComplexity,
  complexCondition,
  cyclomaticComplexity,
  deepNesting,
  longFile,
  longFunction,
  lowMaintainability,
  tooManyParams,
] satisfies Rule[];
