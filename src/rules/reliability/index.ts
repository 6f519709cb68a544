import type { Rule } from '../../engine/rule.js';
import assignmentInCondition from './assignment-in-condition.js';
import asyncArrayCallback from './async-array-callback.js';
import bareExcept from './bare-except.js';
import emptyCatch from './empty-catch.js';
import floatingPromise from './floating-promise.js';
import invalidTypeof from './invalid-typeof.js';
import isLiteralComparison from './is-literal-comparison.js';
import jumpInFinally from './jump-in-finally.js';
import loopClosureCapture from './loop-closure-capture.js';
import looseEquality from './loose-equality.js';
import missingAwait from './missing-await.js';
import mutableDefaultArgument from './mutable-default-argument.js';
import nanComparison from './nan-comparison.js';
import noneComparison from './none-comparison.js';
import openWithoutWith from './open-without-with.js';
import raiseWithoutCause from './raise-without-cause.js';
import selfAssignment from './self-assignment.js';
import swallowedException from './swallowed-exception.js';
import switchFallthrough from './switch-fallthrough.js';

export const reliabilityRules = [
  assignmentInCondition,
  asyncArrayCallback,
  bareExcept,
  emptyCatch,
  floatingPromise,
  invalidTypeof,
  isLiteralComparison,
  jumpInFinally,
  loopClosureCapture,
  looseEquality,
  missingAwait,
  mutableDefaultArgument,
  nanComparison,
  noneComparison,
  openWithoutWith,
  raiseWithoutCause,
  selfAssignment,
  swallowedException,
  switchFallthrough,
] satisfies Rule[];
